"""Hostile uploads refused before they cost anything, as the manager (or a tool) sees it: a body over
``MAX_CONTENT_LENGTH`` is answered 413 with the limits, as a page or as JSON, and audited (it was a 500,
unaudited: the audit hook read the refused form again); an upload too slow to read while the manager
waits goes to the background, and the page says why."""

from __future__ import annotations

import gc
import io

import pytest
from flask import request

import importers
from tests.tracker.test_end_to_end import E2E
from tests.web.test_audit_trail import entries
from tests.web.test_pages import _upload, count, text
from tests.web_fixtures import email
from tracker.models import CalendarImport

OVER = b"BEGIN:VCALENDAR\r\n" + b"X" * 5_000  # 5,017 bytes of file, more with the form around it


def test_an_upload_over_the_request_limit_is_answered_413_with_the_limits_and_audited(web_app, as_role):
    manager = as_role("manager")
    web_app.config.update(MAX_CONTENT_LENGTH=1_000, WTF_CSRF_ENABLED=True)  # CSRF reads the form first
    refused = _upload(manager, "huge.ics", OVER)
    assert refused.status_code == 413
    page = text(refused)
    assert "The upload is too large" in page
    sent = refused.request.content_length
    assert f"That upload is too large ({sent:,} bytes): at most 1,000 bytes can be sent at once" in page
    assert "each calendar file may be up to 50 MB. Nothing was kept." in page
    web_app.config.update(MAX_CONTENT_LENGTH=200 * 2**20, WTF_CSRF_ENABLED=False)
    (row,) = [r for r in entries(as_role("admin")) if r["outcome"] == "too large (413)"]
    assert (row["who"], row["what"], row["whose"]) == (email("manager"), "upload calendar files", "")
    assert row["asked"] == f"bytes sent {sent}; limit in bytes 1000"


def test_a_body_over_the_limit_from_nobody_signed_in_is_audited_as_anonymous(web_app, as_role):
    web_app.config["MAX_CONTENT_LENGTH"] = 100
    refused = web_app.test_client().post("/login", data={"email": "x@y.uk", "password": "p" * 200})
    assert refused.status_code == 413 and "at most 100 bytes can be sent at once" in text(refused)
    web_app.config["MAX_CONTENT_LENGTH"] = 200 * 2**20
    (row,) = [r for r in entries(as_role("admin")) if r["outcome"] == "too large (413)"]
    assert (row["who"], row["what"]) == ("anonymous", "sign in")


def test_the_api_answers_a_body_over_the_limit_as_json(web_app):
    web_app.add_url_rule("/api/echo", "echo", lambda: dict(request.form), methods=["POST"])
    web_app.config["MAX_CONTENT_LENGTH"] = 100
    refused = web_app.test_client().post("/api/echo", data={"text": "t" * 200})
    assert refused.status_code == 413 and refused.is_json
    assert refused.get_json()["status"] == 413
    assert refused.get_json()["error"].startswith("That upload is too large (205 bytes): at most 100 bytes")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_streamed_body_without_a_length_is_refused_413_too(web_app, as_role):
    """Sent in chunks, the body's size is not known until it is read: werkzeug stops reading at the limit.
    (It leaves the part of the file it had spooled to the garbage collector, which warns as it closes it.)"""
    web_app.config["MAX_CONTENT_LENGTH"] = 1_000
    manager = as_role("manager")
    body = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.ics"\r\n\r\n' + OVER + b"\r\n--b--\r\n"
    refused = manager.post(
        "/upload",
        input_stream=io.BytesIO(body),
        content_type="multipart/form-data; boundary=b",
        environ_overrides={"wsgi.input_terminated": True},
        headers={"Transfer-Encoding": "chunked"},
    )
    assert refused.status_code == 413 and "at most 1,000 bytes can be sent at once" in text(refused)
    gc.collect()  # the spooled part closed here, in this test, not in whichever test runs next


def test_an_upload_too_slow_to_preview_is_confirmed_from_a_glance_and_read_by_the_job(
    web_app, nhs_manager, monkeypatch
):
    """No time at all to read it while the manager waits: the owners page says so and offers no preview;
    the job imports it."""
    web_app.config["PREVIEW_MAX_SECONDS"] = 0
    manager = nhs_manager  # Bob's calendar: uploaded by his organisation's manager
    ics = (E2E / "bob-google.ics").read_bytes().replace(b"Health and Wellbeing Board", b"Community safety tasking")
    started = _upload(manager, "bob.ics", ics)
    token = started.headers["Location"].rsplit("/", 1)[-1]
    page = text(manager.get(started.headers["Location"]))
    assert "too slow to preview while you wait: reading it took longer than 0 seconds" in page

    def refuse(*args, **kwargs):
        raise AssertionError("the slow upload was read again while the manager waited")

    monkeypatch.setitem(importers.READERS, "ics", refuse)  # known to be slow: not tried again
    confirm = text(manager.post(f"/upload/{token}", data={"owner-000-bob.ics": "bob@nhs.net"}))
    assert "Reading this upload took longer than 0 seconds, so it is not previewed while you wait" in confirm
    assert "Check what will be imported" not in confirm
    before = count(web_app, CalendarImport)
    monkeypatch.undo()  # the job reads it
    done = manager.post(f"/upload/{token}/confirm")
    result = text(manager.get(done.headers["Location"], follow_redirects=True))
    assert "Import complete" in result and count(web_app, CalendarImport) == before + 1
