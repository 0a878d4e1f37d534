"""Erasing a person or an organisation, on the end-to-end scenario (tests/tracker/test_end_to_end.py).

Erasing Alice: the meetings only her calendar held go (the HWB development session, the budget 1:1, the
cancelled CSP meeting); the board meetings stay through Bob's and Carol's calendars, without her. Bob and
Carol shared those meetings but were never double-booked with her, so their figures do not move.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from tests.conftest import every_row, run
from tests.tracker.test_end_to_end import B, C, export, load_scenario, money
from tracker import db
from tracker.models import AuditEntry

ALICE = ("alice@council.gov.uk", "a.adams@council.gov.uk", "Alice Adams")


def found(app, words) -> list[str]:
    """Every table and column where any of ``words`` appears, in any case."""
    hits = []
    for table, rows in every_row(app).items():
        for row in rows:
            for cell in row:
                if any(w.lower() in cell.lower() for w in words):
                    hits.append(f"{table}: {cell[:120]}")
    return hits


def test_erasing_a_person_leaves_nothing_that_names_them(app, runner):
    load_scenario(runner)
    run(runner, "users", "create", "alice@council.gov.uk", "--role", "manager", "--password", "a-long-password")
    assert found(app, ALICE)  # the scenario does name her, everywhere
    out = run(runner, "erase", "person", "alice@council.gov.uk", "--yes").output
    assert re.search(r"erased a person \(E-[0-9A-F]{8}\): .*\d+ calendar copies", out)
    assert found(app, ALICE) == []


def shown(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[k] for k in ("start", "end", "title", "partnership", "email", "hours", "hourly_rate"))


def test_erasing_a_person_keeps_other_peoples_figures(app, runner):
    load_scenario(runner)
    before = {(r["partnership"], r["email"]): r for r in export(runner, "people")}
    meeting_rows = export(runner, "meetings")
    run(runner, "erase", "person", "a.adams@council.gov.uk", "--yes")  # found by her alias
    rows = {r["partnership"]: r for r in export(runner, "partnerships")}
    hwb, csp = rows["Health and Wellbeing Board"], rows["Community Safety Partnership"]
    # HWB: the 3rd, 10th, 25th and 31st stay (Bob's and Carol's calendars); the development session was Alice's.
    assert (hwb["meetings"], hwb["attendances"], hwb["hours"]) == ("4", "7", "14:00:00")  # Bob 3 x 2 h, Carol 4 x 2 h
    assert hwb["cost"] == money(6 * B + 8 * C)
    # CSP: the board on the 5th (Carol's copy) and the tasking on the 19th, Carol alone.
    assert (csp["meetings"], csp["attendances"], csp["hours"], csp["cost"]) == ("2", "2", "3:00:00", money(3 * C))
    after = {(r["partnership"], r["email"]): r for r in export(runner, "people")}
    assert set(after) == {k for k in before if k[1] != "alice@council.gov.uk"}
    assert after[("Health and Wellbeing Board", "bob@nhs.net")]["cost"] == money(6 * B)  # 429.68: no penny to Alice
    # Every costed row of Bob's and Carol's (meeting, time, hours, rate) is as it was. (The CSV's cost column
    # is each partnership's running total's step, so a row's penny depends on the rows before it.)
    assert [shown(r) for r in export(runner, "meetings")] == [
        shown(r) for r in meeting_rows if r["email"] != "alice@council.gov.uk"
    ]


def test_an_erasure_is_audited_by_counts_and_reference_only(app, runner):
    load_scenario(runner)
    run(runner, "erase", "person", "alice@council.gov.uk", "--yes")
    with app.app_context():
        entries = db.get_session().scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    erasures = [e for e in entries if e.action == "erase a person"]
    assert len(erasures) == 1
    details = json.loads(erasures[0].details)
    assert details["counts"]["people"] == 1 and details["counts"]["calendar imports"] == 1
    # Her rows: the HWB on the 3rd, 10th, 25th and 31st, the CSP board, the development session, and the
    # budget 1:1 (costed, outside any partnership); the cancelled meeting and the tasking had none.
    assert details["counts"]["attendance rows"] == 7
    assert details["summary"].startswith(f"erased a person ({details['reference']}): ")
    command = [e for e in entries if e.action == "tracker erase person"]
    assert len(command) == 1 and "alice" not in command[0].details + command[0].whose


def test_erasing_nobody_says_so_and_changes_nothing(app, runner):
    load_scenario(runner)
    before = every_row(app, leaving_out=("audit_entry",))
    result = run(runner, "erase", "person", "nobody@nowhere.org", "--yes", ok=False)
    assert result.exit_code != 0 and "no person" in result.output
    result = run(runner, "erase", "person", "alice@council.gov.uk", ok=False)
    assert result.exit_code != 0 and "--yes" in result.output
    assert every_row(app, leaving_out=("audit_entry",)) == before


def test_erasing_an_organisation_erases_its_people(app, runner):
    load_scenario(runner)
    run(
        runner,
        "users",
        "create",
        "inspector@police.uk",
        "--role",
        "finance",
        "--organisation",
        "Police",
        "--password",
        "a-long-enough-password",
    )
    out = run(runner, "erase", "organisation", "police", "--yes").output
    assert "erased an organisation" in out and "1 people" in out and "1 organisations" in out
    assert found(app, ("carol@police.uk", "Carol Cole")) == []
    tables = every_row(app)
    assert not [r for r in tables["organisation"] if r[1] == "Police"]
    assert tables["app_user"] == []  # its finance officer's account went with it, not to the host
    rows = {r["partnership"]: r for r in export(runner, "partnerships")}
    assert rows["Community Safety Partnership"]["hours"] == "1:30:00"  # Alice's share of the board on the 5th, 1.5 h


def test_every_binary_column_is_one_an_erasure_reads():
    """Text is searched column by column; what is packed (zlib JSON) is unpacked by hand: a new binary
    column must be taught to the erasure (store/erasure.py) before this passes."""
    from sqlalchemy import LargeBinary

    from tracker.models import Base

    binary = {
        (t.name, c.name) for t in Base.metadata.sorted_tables for c in t.columns if isinstance(c.type, LargeBinary)
    }
    # A connected calendar's secret is an encrypted password, naming nobody: its row goes whole (remove_sources).
    assert binary == {("calendar_import", "readings"), ("undone_import", "snapshot"), ("calendar_source", "secret")}
