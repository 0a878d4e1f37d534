"""The retention period: meetings older than it lose their titles and attendee lists, not their figures.

The end-to-end scenario's meetings (March 2025) are all older than one month, so a period of one month
retires every one of them.
"""

from __future__ import annotations

import json
from datetime import date

from tests.conftest import DATA, every_row, run
from tests.tracker.test_end_to_end import E2E, export, load_scenario
from tracker.domain.privacy import retention_cutoff

FIGURES = ("attendance", "monthly_figure", "monthly_meetings")


def figures(app) -> dict[str, list[tuple]]:
    """The figure tables' rows without their own ids: a full recompute writes the same rows afresh, and on
    PostgreSQL a sequence never hands out an id twice."""
    rows = every_row(app, leaving_out=tuple(t for t in every_row(app) if t not in FIGURES))
    return {table: sorted(r[1:] for r in found) if table == "attendance" else found for table, found in rows.items()}


def column(app, table: str, name: str) -> list:
    with app.extensions["database"].engine.connect() as connection:
        return [v for (v,) in connection.exec_driver_sql(f"SELECT {name} FROM {table}")]


def without_titles(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in r.items() if k != "title"} for r in rows]


def test_retention_cutoff_counts_back_whole_months():
    assert retention_cutoff(date(2026, 3, 31), 1) == date(2026, 2, 28)  # February is shorter
    assert retention_cutoff(date(2026, 1, 15), 24) == date(2024, 1, 15)
    assert retention_cutoff(date(2026, 1, 15), 0) is None  # kept for ever


def test_retention_removes_titles_and_lists_and_keeps_every_figure(app, runner):
    load_scenario(runner)
    run(runner, "settings", "set", "retain_titles_months", "1")
    kinds = ("partnerships", "people", "meetings")
    before = [export(runner, kind) for kind in kinds]
    held = figures(app)
    out = run(runner, "retention", "apply").output
    assert "10 retired" in out  # the 8 occurrences of Alice's calendar, Carol's CSP tasking and her dentist
    assert figures(app) == held
    assert [without_titles(export(runner, kind)) for kind in kinds] == [without_titles(rows) for rows in before]
    assert set(column(app, "meeting", "title")) == {""}
    assert set(column(app, "meeting_copy", "title")) == {""}
    assert {json.dumps(json.loads(a)) for a in column(app, "meeting_copy", "attendees")} == {"[]"}
    tables = every_row(app)
    copies = tables["meeting_copy"]
    for word in ("dave@voluntary.org.uk", "Dave Doe", "CSP tasking", "Budget 1:1", "development session", "Dentist"):
        assert not [
            r for r in tables["meeting"] + copies + tables["meeting_address"] if word.lower() in repr(r).lower()
        ]
    # A full recompute, a rule change and a second run leave them as they are.
    run(runner, "recompute")
    run(runner, "partnerships", "load", DATA / "e2e" / "partnerships.csv")
    assert "0 retired" in run(runner, "retention", "apply").output
    assert figures(app) == held


def test_retired_meetings_keep_their_partnership_when_the_rules_change(app, runner, tmp_path):
    load_scenario(runner)
    run(runner, "settings", "set", "retain_titles_months", "1")
    run(runner, "retention", "apply")
    held = figures(app)
    changed = tmp_path / "partnerships.csv"
    text = (E2E / "partnerships.csv").read_text().replace("health and wellbeing;HWB", "nothing matches this")
    changed.write_text(text)
    run(runner, "partnerships", "load", changed)
    assert figures(app) == held


def test_retention_set_to_zero_keeps_everything(app, runner):
    load_scenario(runner)
    run(runner, "settings", "set", "retain_titles_months", "0")
    before = every_row(app, leaving_out=("audit_entry",))
    assert "kept for ever" in run(runner, "retention", "apply").output
    assert every_row(app, leaving_out=("audit_entry",)) == before
