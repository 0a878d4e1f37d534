"""Import history shows what each import did to the calendar: the meetings it added, changed and removed, so
that a newer export that replaced meetings by its date window says so after the preview has gone."""

from __future__ import annotations

from tests.conftest import run
from tests.tracker.test_cli_imports import calendar, event
from tests.web.page import Page


def test_import_history_shows_what_a_newer_export_added_changed_and_removed(web_app, runner, as_role, tmp_path):
    """Bob's September 2024 export, then a newer one (both outside the scenario's March 2025 meetings)."""
    first = tmp_path / "bob-september.ics"
    first.write_text(
        calendar(event("a", "20240902"), event("b", "20240909"), event("c", "20240916"), event("d", "20241202"))
    )
    run(runner, "import", first)
    newer = tmp_path / "bob-september-newer.ics"
    # a retitled (changed), c as it was, b gone: the newer export speaks for 2-16 September, so b is removed;
    # d (2 December) is outside that window and stays.
    newer.write_text(calendar(event("a", "20240902", title="HWB meeting (moved room)"), event("c", "20240916")))
    run(runner, "import", newer)

    table = Page.of(as_role("admin").get("/imports")).table("Import history")
    counts = {r["File"]: [r[k] for k in ("Occurrences", "Added", "Changed", "Removed")] for r in table.records()}
    # First export: 4 meetings added (a, b, c, d), none there before to change or remove.
    assert counts["bob-september.ics"] == ["4", "4", "0", "0"]
    # Newer export: 2 occurrences; 0 added; 1 changed (a's title); c unchanged; 1 removed (b, inside 2-16 Sep).
    assert counts["bob-september-newer.ics"] == ["2", "0", "1", "1"]
    assert table.column("File")[0] == "bob-september-newer.ics"  # newest first
