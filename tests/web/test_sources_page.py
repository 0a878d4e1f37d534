"""The Sources page: a manager connects their own organisation's staff's calendars (not another's), tests a
connection, syncs, pauses, resumes and disconnects; a password is never shown again; every change audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import run
from tests.fetching.servers import Published, http_server
from tests.tracker.test_sources import hwb
from tests.web.page import Page
from tests.web_fixtures import email, manager_of, sign_in
from tracker import db
from tracker.models import AuditEntry, CalendarSource
from tracker.services.source_secrets import new_key


@pytest.fixture
def agreeing(web_app, runner):
    """The Borough Council (the manager's) and the NHS Trust agree; local servers are allowed (the tests')."""
    web_app.config["SOURCES_KEY"] = new_key()
    run(runner, "sources", "agree", "Borough Council")
    run(runner, "sources", "agree", "NHS Trust")
    run(runner, "settings", "set", "allow_private_sources", "yes")
    return web_app


def connect(client, owner: str, url: str, **extra: str):
    return client.post("/sources", data={"owner": owner, "url": url, "kind": "", **extra})


def test_a_manager_connects_a_colleagues_calendar_syncs_it_and_sees_what_it_brought(agreeing):
    manager = sign_in(agreeing.test_client(), "manager")
    page = Page.of(manager.get("/sources"))
    assert page.h1() == "Connected calendars" and "No calendars are connected yet." in page.html
    assert "You can connect the calendars of Borough Council staff" in page.html
    published = Published(body=hwb("20260303", "20260310"))  # a year after the scenario: nothing of it replaced
    with http_server(published) as base:
        added = connect(manager, "alice@council.gov.uk", f"{base}/calendar.ics", username="alice", password="pw-1")
        assert added.status_code == 302
        listed = Page.of(manager.get("/sources")).table("Connected calendars").records()
        assert listed == [{
            "Calendar of": "alice@council.gov.uk",
            "Kind and address": f"published ICS address {base}/calendar.ics as alice, password kept encrypted",
            "Last sync": "Never", "What it brought": "Nothing yet",
            "State": "Not yet synced its first sync is the next scheduled one, or now with Sync now",
            "Actions": "Sync now the calendar of alice@council.gov.uk Pause the calendar of alice@council.gov.uk "
                       "Disconnect the calendar of alice@council.gov.uk",
        }]  # fmt: skip
        synced = manager.post("/sources/1/sync", follow_redirects=True)
        assert "The calendar of alice@council.gov.uk is being synced" in synced.get_data(as_text=True)
    row = Page.of(manager.get("/sources")).table("Connected calendars").records()[0]
    assert row["What it brought"] == "2 new, 0 updated, 0 removed, 0 unchanged (1 request)"
    assert row["State"].startswith("Working next sync ") and row["Last sync"] != "Never"
    with agreeing.app_context():
        entries = list(db.get_session().scalars(select(AuditEntry).order_by(AuditEntry.id)))
    actions = [e.action for e in entries]
    assert "connect a calendar, or test a connection" in actions and "sync a connected calendar now" in actions
    audited = " ".join(f"{e.target} {e.details}" for e in entries)
    assert "alice@council.gov.uk" in audited  # whose calendar was connected and synced...
    assert "pw-1" not in audited and "/calendar.ics" not in audited  # ...never its password or its address


def test_another_organisations_staff_cannot_be_connected_nor_their_sources_touched(agreeing):
    manager = sign_in(agreeing.test_client(), "manager")
    refused = connect(manager, "bob@nhs.net", "http://127.0.0.1:9/calendar.ics")
    assert refused.status_code == 400
    said = "bob@nhs.net is not on your organisation's staff: you may connect only their calendars"
    assert any(said in notice for notice in Page(refused.get_data(as_text=True)).notices)
    nhs = manager_of(agreeing, "NHS Trust")
    assert connect(nhs, "bob@nhs.net", "http://127.0.0.1:9/calendar.ics").status_code == 302
    assert "bob@nhs.net" not in manager.get("/sources").get_data(as_text=True)  # not listed to the council
    for action in ("sync", "pause", "resume", "remove"):
        assert manager.post(f"/sources/1/{action}").status_code == 404  # as if it were not there
    tested = connect(manager, "bob@nhs.net", "http://127.0.0.1:9/calendar.ics", test="1")  # nor tested
    assert tested.status_code == 400 and "Connection failed" in tested.get_data(as_text=True)
    assert any(said in notice for notice in Page(tested.get_data(as_text=True)).notices)
    admin = sign_in(agreeing.test_client(), "admin")
    assert "bob@nhs.net" in admin.get("/sources").get_data(as_text=True)  # administrators see everyone's


def test_testing_a_connection_says_what_it_found_or_why_not_and_stores_nothing(agreeing):
    manager = sign_in(agreeing.test_client(), "manager")
    with http_server(Published(body=hwb("20250303", "20250310", "20250317"))) as base:
        works = connect(manager, "alice@council.gov.uk", f"{base}/calendar.ics", test="1")
    page = works.get_data(as_text=True)
    assert works.status_code == 200 and "Connection works" in page
    assert "Connected: the calendar holds 3 events" in page
    failed = connect(manager, "alice@council.gov.uk", "http://127.0.0.1:9/calendar.ics", test="1")
    assert failed.status_code == 400 and "Connection failed" in failed.get_data(as_text=True)
    assert "The server could not be reached" in failed.get_data(as_text=True)
    with agreeing.app_context():
        assert db.get_session().scalars(select(CalendarSource)).all() == []


def test_refusals_are_said_beside_the_address(agreeing, runner):
    manager = sign_in(agreeing.test_client(), "manager")
    run(runner, "settings", "set", "allow_private_sources", "no")
    private = connect(manager, "alice@council.gov.uk", "http://10.0.0.5/dav/")
    assert private.status_code == 400
    page = Page(private.get_data(as_text=True))
    assert "10.0.0.5 is a private or local address (10.0.0.5)" in page.html
    assert any("private or local address" in n for n in page.notices)  # in the error summary too
    empty = connect(manager, "", "")
    assert "Enter whose calendar it is" in empty.get_data(as_text=True)
    assert "Enter the calendar&#39;s address" in empty.get_data(as_text=True)


def test_pause_resume_and_disconnect(agreeing):
    manager = sign_in(agreeing.test_client(), "manager")
    connect(manager, "alice@council.gov.uk", "http://127.0.0.1:9/calendar.ics")
    manager.post("/sources/1/pause")
    row = Page.of(manager.get("/sources")).table("Connected calendars").records()[0]
    assert row["State"] == f"Paused paused by {email('manager')}"
    assert row["Actions"].replace(" the calendar of alice@council.gov.uk", "") == "Sync now Resume Disconnect"
    manager.post("/sources/1/resume")
    assert Page.of(manager.get("/sources")).table("Connected calendars").records()[0]["State"].startswith("Not yet")
    gone = manager.post("/sources/1/remove", follow_redirects=True).get_data(as_text=True)
    assert "The calendar of alice@council.gov.uk is disconnected" in gone and "No calendars are connected yet." in gone
