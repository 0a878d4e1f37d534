"""An upload too large to preview: owners told from a glance, confirmed, then read once by the job.

The preview limit is lowered so the hand-made files here count as large; ``importers.READERS`` is
made to refuse while the manager is on the owners and confirm pages, which proves no event is read
while they wait.
"""

from __future__ import annotations

import pytest

import importers
from tests.importers.cases import zipped
from tests.tracker.test_end_to_end import E2E
from tests.web.test_pages import _upload, count, text
from tracker.models import CalendarImport, Meeting


def _renamed(path, old: bytes, new: bytes) -> bytes:
    """The calendar with one series retitled, so it is not the file the fixture already imported."""
    return path.read_bytes().replace(old, new)


BOB = _renamed(E2E / "bob-google.ics", b"Health and Wellbeing Board", b"Community safety tasking")
ALICE = _renamed(E2E / "alice-outlook.ics", b"SUMMARY:", b"SUMMARY:Re: ")


@pytest.fixture
def large(web_app, monkeypatch):
    web_app.config["PREVIEW_MAX_BYTES"] = 1_000

    def refuse(*args, **kwargs):
        raise AssertionError("an event was read while the manager waited")

    monkeypatch.setitem(importers.READERS, "ics", refuse)
    return monkeypatch


def test_a_large_zip_is_confirmed_from_a_glance_and_imported_by_the_job(web_app, as_role, large):
    manager = as_role("manager")
    started = _upload(manager, "directorate.zip", zipped({"bob.ics": BOB, "team/alice.ics": ALICE}))
    token = started.headers["Location"].rsplit("/", 1)[-1]
    page = text(manager.get(started.headers["Location"]))
    assert "This upload holds 2 calendars" in page and "too large to preview" in page
    assert "Suggested from the file: bob@nhs.net" in page  # the first calendar's name, as read would tell it

    # Alice's export names no owner ("Calendar"): the zip needs one given, as the import would refuse it.
    missing = manager.post(f"/upload/{token}", data={})
    assert missing.status_code == 400
    assert "directorate.zip/team/alice.ics: whose calendar this is cannot be told from the file" in text(missing)
    bad = manager.post(f"/upload/{token}", data={"owner-000-directorate.zip": "alice at nhs"})
    assert bad.status_code == 400 and "&#39;alice at nhs&#39; is not an email address" in text(bad)

    confirm = text(manager.post(f"/upload/{token}", data={"owner-000-directorate.zip": "alice@council.gov.uk"}))
    assert "Confirm the import" in confirm and "Check what will be imported" not in confirm  # no preview
    assert "directorate.zip/bob.ics" in confirm and "directorate.zip/team/alice.ics" in confirm
    assert count(web_app, CalendarImport) == 3  # nothing saved yet

    large.undo()  # the job reads the events
    done = manager.post(f"/upload/{token}/confirm")
    assert done.status_code == 302 and "/jobs/" in done.headers["Location"]
    result = text(manager.get(done.headers["Location"], follow_redirects=True))
    assert "Import complete" in result and "directorate.zip/team/alice.ics" in result
    assert count(web_app, CalendarImport) == 5


def test_a_large_upload_with_an_unreadable_file_is_refused_whole_by_the_job(web_app, nhs_manager, large):
    manager = nhs_manager  # two NHS Trust calendars: uploaded by its manager
    broken = b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:bob@nhs.net\r\nBEGIN:VEVENT\r\nUID:x\r\n"
    started = _upload(manager, "two.zip", zipped({"bob.ics": BOB, "bob-2024.ics": broken}))
    token = started.headers["Location"].rsplit("/", 1)[-1]
    assert "Confirm the import" in text(manager.post(f"/upload/{token}", data={}))  # both owners named
    meetings = count(web_app, Meeting)

    large.undo()
    done = manager.post(f"/upload/{token}/confirm")
    failed = text(manager.get(done.headers["Location"], follow_redirects=True))
    assert "The import did not happen" in failed and "two.zip/bob-2024.ics, line 3: the file is truncated" in failed
    assert "Nothing was saved" in failed
    assert count(web_app, CalendarImport) == 3 and count(web_app, Meeting) == meetings  # Bob's calendar too


def test_a_file_that_is_not_a_calendar_is_named_before_anything_else(web_app, as_role, large):
    manager = as_role("manager")
    started = _upload(manager, "notes.txt", b"minutes of the last meeting\n" * 100)
    page = manager.get(started.headers["Location"])
    assert "notes.txt: not a calendar export: expected an .ics, Outlook .csv or .zip file" in text(page)
