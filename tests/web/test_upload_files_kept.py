"""Uploaded calendars are personal data: they are deleted once imported or refused, an abandoned
upload goes after an hour, and a confirmed one waiting for its job is kept for a day."""

from __future__ import annotations

import os
import time

from tests.tracker.test_end_to_end import E2E
from tests.web.test_pages import _upload, text
from tests.web_fixtures import manager_of
from tracker.services import pending_uploads


def folders(web_app) -> set[str]:
    base = pending_uploads.root(web_app.instance_path)
    return {p.name for p in base.iterdir()} if base.is_dir() else set()


def aged(web_app, token: str, hours: float) -> None:
    folder = pending_uploads.root(web_app.instance_path) / token
    then = time.time() - hours * 3600
    os.utime(folder, (then, then))


def test_a_refused_upload_is_deleted_at_once(web_app):
    manager = manager_of(web_app, "Police")  # Carol's calendar: uploaded by her organisation's manager
    damaged = b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:carol@police.uk\r\nBEGIN:VEVENT\r\nDTSTART:2025\r\nEND:VEVENT\r\n"
    started = _upload(manager, "carol.ics", damaged + b"END:VCALENDAR\r\n")
    token = started.headers["Location"].rsplit("/", 1)[-1]
    web_app.config["PREVIEW_MAX_BYTES"] = 10  # confirmed from a glance, so the job is what refuses it
    manager.post(f"/upload/{token}", data={})
    failed = manager.post(f"/upload/{token}/confirm", follow_redirects=True)
    assert "The import did not happen" in failed.get_data(as_text=True)
    assert token not in folders(web_app)


def test_an_upload_whose_import_failed_unexpectedly_is_deleted_too(web_app, nhs_manager, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("tracker.services.import_jobs.import_calendars", broken)
    manager = nhs_manager  # Bob's calendar: uploaded by his organisation's manager
    ics = (E2E / "bob-google.ics").read_bytes()
    token = _upload(manager, "bob.ics", ics).headers["Location"].rsplit("/", 1)[-1]
    manager.post(f"/upload/{token}", data={"owner-000-bob.ics": "bob@nhs.net"})
    failed = manager.post(f"/upload/{token}/confirm", follow_redirects=True)
    assert "unexpected error (disk on fire)" in text(failed)
    assert token not in folders(web_app)


def test_an_upload_refused_at_the_owners_page_is_deleted_at_once(web_app, as_role):
    """Issue 19: a refused upload stayed on disk until the hourly clean-up. A file that cannot be read
    refuses the upload whole (no owner chosen can mend it), and its files go as the page says so."""
    manager = as_role("manager")
    token = _upload(manager, "notes.ics", b"minutes of the last meeting\n").headers["Location"].rsplit("/", 1)[-1]
    assert token in folders(web_app)
    refused = manager.get(f"/upload/{token}")
    assert refused.status_code == 400
    assert "notes.ics" in text(refused) and "the uploaded files have been deleted" in text(refused)
    assert token not in folders(web_app)
    assert manager.post(f"/upload/{token}", data={"owner-000-notes.ics": "bob@nhs.net"}).status_code == 404


def test_an_upload_refused_from_a_glance_is_deleted_at_once(web_app, as_role):
    web_app.config["PREVIEW_MAX_BYTES"] = 10  # too large to preview: checked by a glance
    manager = as_role("manager")
    token = _upload(manager, "notes.txt", b"minutes of the last meeting\n" * 10).headers["Location"].rsplit("/", 1)[-1]
    refused = manager.get(f"/upload/{token}")
    assert refused.status_code == 400 and "notes.txt: not a calendar export" in text(refused)
    assert token not in folders(web_app)


def test_an_outlook_csv_waiting_for_its_date_order_is_kept(web_app, as_role):
    """Its problem is mended on the owners page (the date order chosen): not a refusal."""
    from tests.web.test_pages import AMBIGUOUS_CSV

    manager = as_role("manager")
    token = _upload(manager, "carol.csv", AMBIGUOUS_CSV).headers["Location"].rsplit("/", 1)[-1]
    assert manager.get(f"/upload/{token}").status_code == 200 and token in folders(web_app)


def test_an_imported_upload_is_deleted_and_an_abandoned_one_goes_after_an_hour(web_app, as_role):
    manager = as_role("manager")
    ics = (E2E / "bob-google.ics").read_bytes().replace(b"Health and Wellbeing Board", b"Community safety tasking")
    done = _upload(manager, "bob.ics", ics).headers["Location"].rsplit("/", 1)[-1]
    manager.post(f"/upload/{done}", data={"owner-000-bob.ics": "bob@nhs.net"})
    manager.post(f"/upload/{done}/confirm")
    assert done not in folders(web_app)  # imported: its file is gone

    left = _upload(manager, "left.ics", ics).headers["Location"].rsplit("/", 1)[-1]
    recent = _upload(manager, "recent.ics", ics).headers["Location"].rsplit("/", 1)[-1]
    aged(web_app, left, 1.1)
    aged(web_app, recent, 0.5)
    _upload(manager, "another.ics", ics)  # any upload sweeps the stale ones first
    assert left not in folders(web_app) and recent in folders(web_app)


def test_a_confirmed_upload_waiting_for_its_job_is_kept_for_a_day(web_app):
    pending = pending_uploads.create(web_app.instance_path, [("bob.ics", b"BEGIN:VCALENDAR")], uploader="m@x.uk")
    pending.confirm()
    assert pending.names() == ["000-bob.ics"]  # the marker is not one of the files
    aged(web_app, pending.token, 5)
    pending_uploads.forget_stale(web_app.instance_path)
    assert pending.token in folders(web_app)
    aged(web_app, pending.token, 25)
    pending_uploads.forget_stale(web_app.instance_path)
    assert pending.token not in folders(web_app)
