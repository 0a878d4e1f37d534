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


def test_an_import_without_a_stored_summary_shows_dashes_not_an_error(web_app, as_role):
    """An import recorded with no summary (a bulk load writes the rows straight in) still lists: its counts are
    not known, so they read "–"; the page found by the locality benchmark's crawl answered 500 before."""
    from datetime import UTC, date, datetime

    from tracker import db
    from tracker.models import CalendarImport

    with web_app.app_context(), db.transaction() as session:
        session.add(
            CalendarImport(
                filename="bulk-loaded.ics",
                sha256="0" * 64,
                owner_email="bob@council.gov.uk",
                kind="ics",
                imported_at=datetime(2025, 3, 1, 12, tzinfo=UTC),
                imported_by="loader",
                span_start=date(2025, 3, 1),
                span_end=date(2025, 3, 31),
            )
        )
    table = Page.of(as_role("admin").get("/imports")).table("Import history")
    row = next(r for r in table.records() if r["File"] == "bulk-loaded.ics")
    assert [row[k] for k in ("Occurrences", "Added", "Changed", "Removed", "Attributed")] == ["–"] * 5


def test_the_history_is_paged_newest_first_and_leaves_no_import_out(web_app, runner, as_role, tmp_path, monkeypatch):
    """A locality's hundreds of imports are paged (here one a page, of the scenario's imports and two more),
    newest first; a page past the last shows the last. It listed the newest 500 before, and no more."""
    from tracker.reports import imports

    for name, day in (("bob-one.ics", "20240902"), ("bob-two.ics", "20240909")):
        (tmp_path / name).write_text(calendar(event(name[:-4], day)))
        run(runner, "import", tmp_path / name)
    admin = as_role("admin")
    first = Page.of(admin.get("/imports"))
    everything = first.table("Import history").column("File")
    assert everything[:2] == ["bob-two.ics", "bob-one.ics"]
    assert 'id="imports-shown"' not in first.html  # one page: nothing said of pages
    monkeypatch.setattr(imports, "HISTORY_PAGE", 1)
    seen = []
    for number in range(1, len(everything) + 1):
        page = Page.of(admin.get("/imports", query_string={"page": number}))
        seen += page.table("Import history").column("File")
        assert f"Imports {number} to {number} of {len(everything)}, newest first." in page.html
    assert seen == everything  # each import on exactly one page, in the same order
    last = Page.of(admin.get("/imports", query_string={"page": 99}))
    assert last.table("Import history").column("File") == everything[-1:]
    assert 'href="/imports?page=2"' in admin.get("/imports").get_data(as_text=True)  # the bar to the next page
