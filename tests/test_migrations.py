"""The Alembic migrations build exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker import db
from tracker.models import Base
from tracker.store.schema import modelled


def test_migrations_match_the_models(app):
    engine = app.extensions["database"].engine
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False, "include_name": modelled})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_downgrade_and_upgrade_again(app, runner):
    from tests.conftest import run

    engine = app.extensions["database"].engine
    command.downgrade(db.alembic_config(engine), "0001")
    command.upgrade(db.alembic_config(engine), "head")
    run(runner, "init")  # idempotent on an up-to-date schema


def test_0026_converts_hours_to_seconds_and_rates_and_costs_to_pence(app, runner):
    """Billionths of an hour become whole seconds and hundred-millionths of a pound whole pence, half up;
    each cost is worked out again from them and the monthly sums from the rows. Downgrading and upgrading
    again gives the same rows."""
    from sqlalchemy import text

    from tests.tracker.test_end_to_end import load_scenario

    load_scenario(runner)
    engine = app.extensions["database"].engine
    rows = "SELECT id, seconds, hourly_rate, cost, standard_rate, standard_cost FROM attendance ORDER BY id"
    sums = "SELECT partnership_id, person_id, month, seconds, cost, standard_cost FROM monthly_figure"
    with engine.connect() as connection:
        before = connection.execute(text(rows)).all()
        monthly = sorted(connection.execute(text(sums)).all())
    command.downgrade(db.alembic_config(engine), "0025")
    with engine.begin() as connection:
        first = before[0][0]
        # 2 h is 7,200,000,000 billionths; £47.49 is 4,749,000,000 hundred-millionths.
        assert connection.execute(text("SELECT hours FROM attendance WHERE id = :i"), {"i": first}).scalar() == (
            before[0][1] * 10**9 // 3600
        )
        # What the old columns held for three thirds of an hour and an eighth, at an unrounded rate:
        # 1.124999999 h at £47.49123456 an hour.
        connection.execute(
            text("UPDATE attendance SET hours = 1124999999, hourly_rate = 4749123456 WHERE id = :i"), {"i": first}
        )
    command.upgrade(db.alembic_config(engine), "head")
    with engine.connect() as connection:
        after = connection.execute(text(rows)).all()
        rebuilt = sorted(connection.execute(text(sums)).all())
        summed = connection.execute(text("SELECT SUM(seconds) FROM attendance WHERE partnership_id IS NOT NULL"))
        total = summed.scalar()
    # 1.124999999 h x 3,600 = 4,049.9999964 s -> 4,050 s; £47.49123456 -> 4,749 p; 4,050 x 4,749 / 3,600
    # = 5,342.625 p -> 5,343 p.
    assert after[0][:4] == (first, 4050, 4749, 5343)
    assert after[0][4:] == (before[0][4], 4050 * before[0][4] // 3600 + (4050 * before[0][4] % 3600 >= 1800))
    assert after[1:] == before[1:]  # the other rows come back as they were
    assert sum(r[3] for r in rebuilt) == total  # the monthly sums, summed again from the rows
    assert len(rebuilt) == len(monthly)


def test_0032_sums_the_unattributed_titles_of_a_database_that_had_none(app, runner):
    """A database migrated from before the look-alike titles were kept gets the sums the app keeps."""
    from sqlalchemy import text

    from tests.tracker.test_end_to_end import load_scenario

    load_scenario(runner)
    engine = app.extensions["database"].engine
    titles = "SELECT title, meetings FROM unattributed_title ORDER BY title"
    with engine.connect() as connection:
        kept = connection.execute(text(titles)).all()
    assert kept  # the scenario leaves unattributed series
    command.downgrade(db.alembic_config(engine), "0031")
    command.upgrade(db.alembic_config(engine), "head")
    with engine.connect() as connection:
        assert connection.execute(text(titles)).all() == kept


def test_0033_organisations_start_without_agreement_and_a_downgrade_drops_the_sources(app, runner):
    """Organisations registered before connected calendars existed have not agreed to them; going back to
    0032 drops the sources, their objects and the agreement, keeping the organisations."""
    from sqlalchemy import text

    from tests.tracker.test_cli_imports import loaded

    loaded(runner)
    engine = app.extensions["database"].engine
    command.downgrade(db.alembic_config(engine), "0032")
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM organisation ORDER BY name")).scalars().all()
    command.upgrade(db.alembic_config(engine), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sources_agreed FROM organisation ORDER BY name")).all()
    assert [(n, bool(a)) for n, a in rows] == [(n, False) for n in names] and len(names) == 3


def test_0034_unfolds_the_kept_calendar_objects_so_an_erasure_finds_a_split_address(app, runner):
    from sqlalchemy import text

    from tests.tracker.test_cli_imports import loaded

    loaded(runner)
    engine = app.extensions["database"].engine
    command.downgrade(db.alembic_config(engine), "0033")
    folded = (
        "BEGIN:VEVENT\r\nATTENDEE;CN=Dave Doe:mailto:dave@volun\r\n tary.org.uk\r\nSUMMARY:a\n\tb\r\nEND:VEVENT\r\n"
    )
    with engine.begin() as connection:
        person = connection.execute(text("SELECT min(id) FROM person")).scalar()
        connection.execute(
            text("INSERT INTO calendar_source (id, person_id, kind, url, added_at) VALUES (1, :p, 'caldav', 'x', :t)"),
            {"p": person, "t": "2026-01-01 00:00:00+00:00"},
        )
        connection.execute(
            text("INSERT INTO source_event (source_id, href, body) VALUES (1, 'e.ics', :b)"), {"b": folded}
        )
    command.upgrade(db.alembic_config(engine), "head")
    with engine.connect() as connection:
        body = connection.execute(text("SELECT body FROM source_event")).scalar()
        claim = connection.execute(text("SELECT syncing_since FROM calendar_source")).scalar()
    assert body == "BEGIN:VEVENT\r\nATTENDEE;CN=Dave Doe:mailto:dave@voluntary.org.uk\r\nSUMMARY:ab\r\nEND:VEVENT\r\n"
    assert claim is None
