"""Data safety through the CLI: all or nothing, newer exports, owners, registers, settings."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import every_row, run
from tests.tracker.test_end_to_end import E2E
from tracker import db
from tracker.models import Attendance, CalendarImport, Meeting, Person

STAFF = E2E / "staff.csv"
PARTS = E2E / "partnerships.csv"


def event(uid: str, day: str, title: str = "HWB meeting", extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:{day}T100000Z\r\n"
        f"DTEND:{day}T110000Z\r\nSUMMARY:{title}\r\n{extra}END:VEVENT\r\n"
    )


def calendar(*events: str, name: str = "bob@nhs.net") -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:{name}\r\n{''.join(events)}END:VCALENDAR\r\n"


def count(app, model) -> int:
    from tracker import db

    with app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(model))


def loaded(runner):
    run(runner, "init")
    run(runner, "staff", "load", STAFF)
    run(runner, "partnerships", "load", PARTS)


def partnership_csv(runner, start="2025-01-01", end="2025-12-31"):
    out = run(runner, "export", "partnerships", "--from", start, "--to", end).stdout
    return list(csv.DictReader(io.StringIO(out)))


def test_import_is_all_or_nothing_across_files(app, runner, tmp_path):
    loaded(runner)
    good = tmp_path / "good.ics"
    good.write_text(calendar(event("a", "20250310")))
    bad = tmp_path / "bad.ics"
    bad.write_text(calendar(event("b", "20250311"))[:-30])
    result = run(runner, "import", good, bad, ok=False)
    assert result.exit_code != 0
    assert "bad.ics, line" in result.output and "truncated" in result.output
    assert "Nothing was imported" in result.output
    assert count(app, Meeting) == 0 and count(app, CalendarImport) == 0


def test_import_refuses_file_with_unreadable_event_unless_asked(app, runner, tmp_path):
    loaded(runner)
    path = tmp_path / "mixed.ics"
    path.write_text(calendar(event("good", "20250310"), "BEGIN:VEVENT\r\nUID:broken\r\nSUMMARY:x\r\nEND:VEVENT\r\n"))
    result = run(runner, "import", path, ok=False)
    assert "mixed.ics, line" in result.output and "event broken" in result.output and "no DTSTART" in result.output
    assert count(app, Meeting) == 0
    out = run(runner, "import", path, "--skip-invalid").output
    assert "note: line" in out and "no DTSTART" in out
    assert count(app, Meeting) == 1


def test_import_refuses_when_owner_cannot_be_told(app, runner, tmp_path):
    loaded(runner)
    path = tmp_path / "export.ics"
    path.write_text(calendar(event("a", "20250310"), name="Calendar"))
    result = run(runner, "import", path, ok=False)
    assert "whose calendar this is cannot be told" in result.output and "--owner" in result.output
    assert count(app, Meeting) == 0


def test_newer_export_updates_and_removes_within_its_span(app, runner, tmp_path):
    loaded(runner)
    first = tmp_path / "bob-1.ics"
    first.write_text(
        calendar(event("a", "20250303"), event("b", "20250310"), event("c", "20250317"), event("d", "20250601"))
    )
    run(runner, "import", first)
    assert partnership_csv(runner)[0]["meetings"] == "4"
    newer = tmp_path / "bob-2.ics"
    newer.write_text(calendar(event("a", "20250303", title="HWB meeting (moved room)"), event("c", "20250317")))
    out = run(runner, "import", newer).output
    assert "new: 0, updated: 1, unchanged: 1, removed: 1" in out
    rows = partnership_csv(runner)
    assert rows[0]["meetings"] == "3"  # b dropped; d (June) is outside the new export's span and stays
    assert count(app, Meeting) == 3


def test_registers_bad_csv_changes_nothing(app, runner, tmp_path):
    loaded(runner)
    bad = tmp_path / "staff.csv"
    bad.write_text(STAFF.read_text() + "Zed,not-an-address,,,,,,,1,1,2024-04-01\n")
    result = run(runner, "staff", "load", bad, ok=False)
    assert "staff.csv, line 6: email: 'not-an-address' is not an email address (nothing was changed)" in result.output
    missing = tmp_path / "short.csv"
    missing.write_text("name,parent\nX,\n")
    assert "missing column" not in run(runner, "partnerships", "load", missing).output
    nameless = tmp_path / "staff2.csv"
    nameless.write_text("name,job_title\nX,Y\n")
    assert "missing column(s): email" in run(runner, "staff", "load", nameless, ok=False).output
    assert count(app, Person) == 3


def test_person_without_salary_is_costed_at_grade_band_and_with_neither_reported(app, runner, tmp_path):
    loaded(runner)
    staff = tmp_path / "more.csv"
    staff.write_text(
        "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte,salary_effective_from\n"
        "Gina Grade,gina@council.gov.uk,,Head,H2,Borough Council,,,,1,\n"
        "Nell None,nell@council.gov.uk,,Head,,Borough Council,,,,1,\n"
    )
    run(runner, "staff", "load", staff)
    grades = tmp_path / "grades.csv"
    grades.write_text("grade,band_min,band_max\nH2,50000,70000\n")
    run(runner, "grades", "load", grades)
    path = tmp_path / "gina.ics"
    attendees = "ATTENDEE:mailto:gina@council.gov.uk\r\nATTENDEE:mailto:nell@council.gov.uk\r\n"
    path.write_text(calendar(event("g", "20250604", extra=attendees), name="Calendar"))
    run(runner, "import", path, "--owner", "bob@nhs.net")
    out = run(runner, "export", "meetings", "--from", "2025-06-01", "--to", "2025-06-30")
    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    # Grade midpoint 60,000 in 2025/26: 60,000 + 15% of 55,000 + 20.5% = 80,550 over 11,692/7 hours.
    assert rows["gina@council.gov.uk"]["hourly_rate"] == "48.23"
    assert rows["nell@council.gov.uk"]["cost"] == ""
    assert "Nell None <nell@council.gov.uk> has no salary or grade: 1 attendances" in out.stderr


def test_settings_switch_counts_declined_meetings(app, runner):
    run(runner, "staff", "load", STAFF)
    run(runner, "partnerships", "load", PARTS)
    run(runner, "import", E2E / "bob-google.ics")
    assert partnership_csv(runner, "2025-03-01", "2025-03-31")[0]["hours"] == "6:00:00"
    run(runner, "settings", "set", "count_declined", "yes")
    assert partnership_csv(runner, "2025-03-01", "2025-03-31")[0]["hours"] == "8:00:00"
    assert "count_declined" in run(runner, "settings", "show").output
    refused = run(runner, "settings", "set", "count_declined", "maybe", ok=False)
    assert "count_declined: 'maybe' is not yes or no" in refused.output


def test_oncosts_per_organisation_change_the_rate(app, runner, tmp_path):
    run(runner, "staff", "load", STAFF)
    run(runner, "partnerships", "load", PARTS)
    run(runner, "import", E2E / "bob-google.ics")
    before = partnership_csv(runner, "2025-03-01", "2025-03-31")[0]["cost"]
    oncosts = tmp_path / "oncosts.csv"
    oncosts.write_text(
        "organisation,financial_year,employer_ni_rate,ni_threshold,pension_rate,apprenticeship_levy_rate,other_rate,"
        "source\n"
        'NHS Trust,2024/25,13.8%,9100,23.7%,0.5%,0%,"NHS Pension Scheme employer rate 23.7%, from April 2024"\n'
    )
    run(runner, "oncosts", "load", oncosts)
    after = partnership_csv(runner, "2025-03-01", "2025-03-31")[0]["cost"]
    # 6 hours of 90,000 a year: default 2024/25 on-costs give 119,614.20 a year, the NHS's
    # 23.7% pension gives 90,000 + 11,164.20 NI + 21,780 = 122,944.20; over 11,692/7 hours: £71.6118 and
    # £73.6066 an hour, held as 7,161 p and 7,361 p; 6 whole hours at each.
    assert (before, after) == ("429.66", "441.66")
    shown = run(runner, "oncosts", "show", "--year", "2024").output
    assert "default: NI 13.8% above £9,100, pension 20%, levy 0.5%" in shown
    assert "NHS Trust: NI 13.8% above £9,100, pension 23.7%" in shown
    assert "\n    source: NHS Pension Scheme employer rate 23.7%, from April 2024\n" in shown  # under its rates
    assert "Police: default" in shown


def test_inspect_prints_one_json_object_per_occurrence_and_stores_nothing(app, runner):
    run(runner, "init")
    out = run(runner, "inspect", E2E / "alice-outlook.ics", "--from", "2025-03-01", "--to", "2025-03-31").stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 8
    cancelled = next(r for r in rows if r["status"] == "CANCELLED")
    assert cancelled["excluded"] == "cancelled"
    last = next(r for r in rows if r["start"] == "2025-03-31T09:00:00Z")
    assert last["end"] == "2025-03-31T11:00:00Z" and last["recurrence_id"] == "2025-03-31T09:00:00Z"
    assert {"email": "carol@police.uk", "name": "Carol Cole", "partstat": "ACCEPTED"} in last["attendees"]
    assert count(app, Meeting) == 0 and count(app, Attendance) == 0


def test_counted_all_day_event_over_several_days_is_a_working_day_on_each(app, runner, tmp_path):
    """Regression: a three-day event was costed as one 22.2-hour block from 09:00 on its first day, through
    the night, missing the meeting it overlaps on day two. Each day is 7.4 hours (37 / 5) from 09:00."""
    loaded(runner)
    run(runner, "settings", "set", "count_all_day", "yes")
    away = (
        "BEGIN:VEVENT\r\nUID:away\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250303\r\n"
        "DTEND;VALUE=DATE:20250306\r\nSUMMARY:Health and Wellbeing Board away days\r\nEND:VEVENT\r\n"
    )
    tasking = event("t", "20250304", title="Community safety tasking")  # 10:00-11:00 UTC, inside day two
    path = tmp_path / "bob.ics"
    path.write_text(calendar(away, tasking))
    run(runner, "import", path)
    rows = {r["partnership"]: r for r in partnership_csv(runner, "2025-03-01", "2025-03-31")}
    # 3 x 7.4 h (7:24), less half of the shared hour: 22:12 - 0:30 = 21:42, 21.7 h
    assert rows["Health and Wellbeing Board"]["hours"] == "21:42:00"
    assert rows["Community Safety Partnership"]["hours"] == "0:30:00"  # the other half of the shared hour


def test_inspect_reads_a_file_larger_than_an_upload_when_told_how_large(runner):
    # A mailbox's whole export may be larger than the 50 MB an upload takes: --max-bytes says how large a
    # file inspect reads. Here the limit is set below and above the file's own size.
    ics = E2E / "bob-google.ics"
    size = ics.stat().st_size
    refused = run(runner, "inspect", ics, "--max-bytes", str(size - 1), ok=False)
    assert refused.exit_code != 0 and f"the limit is {size - 1:,} bytes a file" in refused.output
    assert "Traceback" not in refused.output
    read = run(runner, "inspect", ics, "--max-bytes", str(size)).stdout
    assert read.splitlines() and all(json.loads(line)["start"] for line in read.splitlines())
    assert run(runner, "inspect", ics, "--max-bytes", "0", ok=False).exit_code == 2  # not a size


def test_inspect_from_the_shell_needs_no_database_and_makes_none(tmp_path):
    # "Stores nothing": run as a person would, with a database address where there is none, inspect reads
    # the file and leaves no database (nor an audit entry in one) behind.
    where = tmp_path / "nowhere.sqlite"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{where}", "TRACKER_INSTANCE_PATH": str(tmp_path / "instance")}
    tracker = Path(sys.executable).parent / "tracker"
    done = subprocess.run(
        [str(tracker), "inspect", str(E2E / "bob-google.ics")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()]
    assert not where.exists() and not (tmp_path / "instance" / "tracker.sqlite").exists()


def test_inspect_imports_nothing_of_the_database():
    """It starts as a plain script would: the command's module brings in neither SQLAlchemy nor the app's
    models (a second of every run when it did), checked in a fresh interpreter."""
    code = "import sys; from tracker.cli import load_command; load_command('inspect'); print(sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    loaded = set(eval(done.stdout))  # noqa: S307 - our own list of names
    assert "importers" in loaded and "tracker.cli.inspecting" in loaded
    assert not {name for name in loaded if name.split(".")[0] == "sqlalchemy" or name.startswith("tracker.models")}


def test_inspect_refuses_a_day_that_is_not_a_date(runner):
    ics = E2E / "bob-google.ics"
    bad = run(runner, "inspect", ics, "--from", "2025-13-01", ok=False)
    assert bad.exit_code == 2 and "write days as YYYY-MM-DD" in bad.output and "Traceback" not in bad.output
    backwards = run(runner, "inspect", ics, "--from", "2025-03-10", "--to", "2025-03-01", ok=False)
    assert backwards.exit_code == 2 and "--to 2025-03-01 is before --from 2025-03-10" in backwards.output


def test_recompute_command_rebuilds_and_changes_no_figure(app, runner):
    from tests.tracker.test_end_to_end import load_scenario

    load_scenario(runner)
    before = [
        partnership_csv(runner, "2025-03-01", "2025-03-31"),
        run(runner, "export", "meetings", "--from", "2025-03-01", "--to", "2025-03-31").stdout,
    ]
    assert "worked out afresh" in run(runner, "recompute").output
    assert [
        partnership_csv(runner, "2025-03-01", "2025-03-31"),
        run(runner, "export", "meetings", "--from", "2025-03-01", "--to", "2025-03-31").stdout,
    ] == before
    assert count(app, Attendance) > 0


def test_reimport_of_an_unchanged_file_is_known_by_its_hash_and_not_read(app, runner, monkeypatch):
    import importers

    loaded(runner)
    first = run(runner, "import", E2E / "bob-google.ics").output
    read_line = next(line for line in first.splitlines() if "events read" in line)
    attributed_line = next(line for line in first.splitlines() if "attributed:" in line)

    def refuse(*args, **kwargs):
        raise AssertionError("the file was read again")

    def recount(*args, **kwargs):
        raise AssertionError("the file's meetings were counted again")

    monkeypatch.setitem(importers.READERS, "ics", refuse)
    monkeypatch.setattr("tracker.store.meetings.shown", recount)
    again = run(runner, "import", E2E / "bob-google.ics").output
    assert "already imported" in again and read_line in again  # the first import's counts, not a re-read
    assert attributed_line in again and "counts as that import found them" in again
    monkeypatch.undo()
    monkeypatch.setitem(importers.READERS, "ics", refuse)
    other = run(runner, "import", E2E / "bob-google.ics", "--owner", "alice@council.gov.uk", ok=False)
    assert "the file was read again" in other.output  # the same bytes as Alice's: read (and refused here)


def test_newer_export_parses_only_the_events_that_changed(app, runner, tmp_path, monkeypatch):
    """The owner's latest import keeps what each UID's events gave; the next export reuses it."""
    import importers.ics_fast

    loaded(runner)
    series = "RRULE:FREQ=WEEKLY;COUNT=4\r\n"
    old = [event("a", "20250106"), event("b", "20250107", extra=series), event("c", "20250108")]
    new = [old[0], old[1], event("c", "20250108", title="HWB meeting (moved room)")]
    (tmp_path / "old.ics").write_text(calendar(*old))
    (tmp_path / "new.ics").write_text(calendar(*new))
    run(runner, "import", tmp_path / "old.ics", "--owner", "bob@nhs.net")
    parsed: list[str] = []
    single, expand = importers.ics_fast.read_single, importers.ics_fast.expand
    monkeypatch.setattr(importers.ics_fast, "read_single", lambda *a, **k: parsed.append("single") or single(*a, **k))
    monkeypatch.setattr(importers.ics_fast, "expand", lambda *a, **k: parsed.append("series") or expand(*a, **k))
    out = run(runner, "import", tmp_path / "new.ics", "--owner", "bob@nhs.net").output
    assert parsed == ["single"]  # event c only: a and the series b were reused
    assert "occurrences: 6" in out and "new: 0, updated: 1, unchanged: 5, removed: 0" in out
    with app.app_context():
        from tracker import db

        stored = db.get_session().scalars(select(CalendarImport.readings).order_by(CalendarImport.id)).all()
    assert stored[0] is None and stored[1]  # only the latest import keeps its readings


def test_a_bulk_import_brings_the_planner_statistics_up_to_date(app, runner, tmp_path, monkeypatch):
    """Right after a large import PostgreSQL planned the dashboard 30x slower until ANALYZE ran."""
    from sqlalchemy import text

    from tracker import db
    from tracker.store import statistics

    loaded(runner)
    monkeypatch.setattr(statistics, "BULK_ROWS", 3)
    days = ["20250106", "20250107", "20250108"]
    (tmp_path / "bob.ics").write_text(calendar(*(event(f"m{n}", day) for n, day in enumerate(days))))
    run(runner, "import", tmp_path / "bob.ics", "--owner", "bob@nhs.net")
    with app.app_context():
        session = db.get_session()
        if session.get_bind().dialect.name == "sqlite":
            analysed = session.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'meeting_copy'"))
        else:
            query = (
                "SELECT count(*) FROM pg_stat_user_tables"
                " WHERE relname = 'meeting_copy' AND last_analyze > now() - '1 minute'::interval"
            )
            analysed = session.scalar(text(query))
    assert analysed


def test_a_large_import_plans_its_own_lookups_on_what_it_has_written(app, runner, tmp_path, monkeypatch):
    """Many calendars imported in one transaction: each file's meetings are looked up among those the import
    wrote before them, which PostgreSQL planned as an empty table until ANALYZE (each lookup read the whole
    table: 79 s of the demo's 219 s build). So PostgreSQL's statistics are brought up to date after a file
    once many rows have piled up since they last were; SQLite plans by its indexes and is not asked to."""
    from tracker.store import statistics

    loaded(runner)
    monkeypatch.setattr(statistics, "BULK_ROWS", 3)
    asked: list[tuple[int, int]] = []
    during = statistics.during
    monkeypatch.setattr(statistics, "during", lambda s, rows: asked.append((rows, during(s, rows))) or asked[-1][1])
    days = {"bob@nhs.net": ["20250106", "20250107", "20250108"], "carol@police.uk": ["20250113", "20250114"]}
    for owner, dates in days.items():  # each file says whose it is (its calendar's name): one import of both
        events = (event(f"{owner}{n}", day) for n, day in enumerate(dates))
        (tmp_path / f"{owner}.ics").write_text(calendar(*events, name=owner))
    run(runner, "import", *(tmp_path / f"{owner}.ics" for owner in days))
    with app.app_context():
        postgres = db.get_session().get_bind().dialect.name == "postgresql"
    # (rows written since the last ANALYZE, rows after asking): Bob's three (enough), then Carol's two (not)
    assert asked == ([(3, 0), (2, 2)] if postgres else [(3, 3), (5, 5)])


def test_init_works_attendances_out_again_only_when_a_migration_ran(app, runner, monkeypatch):
    """``tracker init`` after every upgrade, as the operator's guide says: on a database already at the
    newest migration it rebuilds nothing (a borough's attendances took minutes); after a migration it does."""
    from alembic import command

    from tests.tracker.test_end_to_end import load_scenario
    from tracker.services import attendances
    from tracker.store import schema

    load_scenario(runner)
    rebuilt = []
    real = attendances.rebuild
    monkeypatch.setattr(attendances, "rebuild", lambda session, *a: rebuilt.append(1) or real(session, *a))
    assert "Database ready" in run(runner, "init").output
    assert rebuilt == []
    engine = app.extensions["database"].engine
    command.downgrade(schema.alembic_config(engine), "-1")
    before = partnership_csv(runner, "2025-03-01", "2025-03-31")
    assert "Database ready" in run(runner, "init").output
    assert rebuilt == [1]
    assert partnership_csv(runner, "2025-03-01", "2025-03-31") == before


WHEN_MADE = ("calendar_import", "attribution_change", "audit_entry")  # each row says when it was written


def stored_rows(app) -> dict[str, list[tuple]]:
    """Every row (``every_row``) but the records of when, and the review series' rows without their ids: they
    are numbered in the order a grouping gives them, which PostgreSQL does not keep from one run to the next."""
    rows = every_row(app, leaving_out=WHEN_MADE)
    rows["review_series"] = sorted(row[1:] for row in rows["review_series"])
    return rows


def test_a_zip_read_by_several_processes_stores_what_one_process_stores(app, runner, databases, tmp_path):
    """``tracker import --readers N`` reads a zip's calendars in N processes while storing them one at a
    time: every row stored is the row one reader stores (but the records of when each step was taken)."""
    from tracker import create_app

    bundle = tmp_path / "team.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(E2E / "bob-google.ics", "bob.ics")  # names its owner, as Google's exports do
        shared = event("hwb", "20250312", extra="ATTENDEE:mailto:bob@nhs.net\r\nATTENDEE:mailto:carol@police.uk\r\n")
        archive.writestr("carol.ics", calendar(shared, event("c2", "20250313"), name="carol@police.uk"))
        alices = calendar(shared, event("a1", "20250314", "CSP board"), name="alice@council.gov.uk")
        archive.writestr("alice.ics", alices)
    stored = {}
    each = app
    try:
        for readers in ("1", "3"):
            # Each a database of its own (on PostgreSQL, the same one emptied, its numbering begun again: an
            # earlier test's rows had moved the first run's on, and the two differed by their ids alone).
            each.extensions["database"].engine.dispose()
            (tmp_path / readers).mkdir()
            each = create_app({**app.config, "DATABASE_URL": databases.fresh(tmp_path / readers)})
            each_runner = each.test_cli_runner()
            loaded(each_runner)
            printed = run(each_runner, "import", bundle, "--readers", readers).output
            stored[readers] = (printed, stored_rows(each))
    finally:  # left open, its connections would be collected in another test's time, failing that one
        each.extensions["database"].engine.dispose()
    assert stored["3"] == stored["1"]
    assert "team.zip/carol.ics (calendar of carol@police.uk)" in stored["1"][0]


def test_an_import_that_changes_most_meetings_lets_their_ids_go_and_stores_the_same(
    app, runner, databases, tmp_path, monkeypatch
):
    """An import that has changed most of the meetings stored stops holding their ids (a locality's zip held
    a million) and works every attendance out afresh at its end: what it stores is what the import that
    kept them stores, row for row."""
    from tracker import create_app
    from tracker.services import attendances

    rebuilt: list[bool] = []
    refresh = attendances.refresh

    def watched(session, touched, registry=None):
        rebuilt.append(touched.everything and not touched.meetings)
        return refresh(session, touched, registry)

    monkeypatch.setattr(attendances, "refresh", watched)
    stored = {}
    each = app
    try:
        for asked_at in (50_000, 1):
            monkeypatch.setattr(attendances, "GATHERED_BEFORE_ASKING", asked_at)
            if asked_at == 1:  # a database of its own again (on PostgreSQL, the same one emptied)
                each.extensions["database"].engine.dispose()
                (tmp_path / "again").mkdir()
                each = create_app({**app.config, "DATABASE_URL": databases.fresh(tmp_path / "again")})
            each_runner = each.test_cli_runner()
            loaded(each_runner)
            rebuilt.clear()
            run(
                each_runner,
                "import",
                E2E / "alice-outlook.ics",
                E2E / "bob-google.ics",
                "--owner",
                "alice@council.gov.uk",
            )
            stored[asked_at] = (list(rebuilt), stored_rows(each))
    finally:
        each.extensions["database"].engine.dispose()
    assert stored[50_000][0] == [False] and stored[1][0] == [True]  # the import's one refresh, afresh the second time
    assert stored[1][1] == stored[50_000][1]
