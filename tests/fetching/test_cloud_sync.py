"""Microsoft 365 (Graph) and Google Workspace calendars synced through ``tracker sync``, against local HTTPS
servers that answer as the published APIs do (tests/fetching/cloud_servers.py): contract tests, not the
services. Paging, delta and sync tokens, a moved and a deleted occurrence, an expired token, throttling,
refused credentials; and TLS verified: a server whose certificate no trusted authority signed is refused."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from tests.conftest import every_row, run
from tests.fetching.cloud_servers import CloudCalendar, google_handler, graph_handler, https
from tests.tracker.test_cli_imports import loaded
from tracker import db
from tracker.models import Meeting
from tracker.services.source_secrets import new_key

KEPT = ("calendar_source", "audit_entry")
OWNER = "alice@council.gov.uk"


@pytest.fixture
def agreed(app, runner, monkeypatch, tmp_path):
    app.config["SOURCES_KEY"] = new_key()
    loaded(runner)
    run(runner, "sources", "agree", "Borough Council")
    run(runner, "settings", "set", "allow_private_sources", "yes")
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    return app


def meetings(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        rows = db.get_session().scalars(select(Meeting).order_by(Meeting.start))
        return [(m.start.isoformat(), m.title, m.status == "CANCELLED") for m in rows]


def graph_event(n: int, day: str, *, hour: int = 10, title: str = "HWB meeting", declined: bool = False) -> dict:
    return {
        "iCalUId": f"graph-{n}", "subject": title, "isAllDay": False, "isCancelled": False, "showAs": "busy",
        "sensitivity": "normal",
        "start": {"dateTime": f"{day}T{hour:02d}:00:00.0000000", "timeZone": "UTC"},
        "end": {"dateTime": f"{day}T{hour + 1:02d}:00:00.0000000", "timeZone": "UTC"},
        "organizer": {"emailAddress": {"name": "Alice Adams", "address": OWNER}},
        "attendees": [
            {"emailAddress": {"name": "Alice Adams", "address": OWNER},
             "status": {"response": "declined" if declined else "organizer"}},
            {"emailAddress": {"name": "Bob Brown", "address": "bob@nhs.net"}, "status": {"response": "accepted"}},
        ],
    }  # fmt: skip


def add_mailbox(runner, base: str) -> None:
    run(runner, "sources", "add", "--owner", OWNER, "--url", f"{base}/v1.0/users/{OWNER}", "--kind", "graph",
        "--username", "tenant-1/client-1", "--password-env", "GRAPH_SECRET")  # fmt: skip


def test_a_microsoft_365_mailbox_is_paged_then_followed_by_its_delta_link(agreed, runner, monkeypatch, tmp_path):
    calendar = CloudCalendar()
    for n, day in enumerate(["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07"]):
        calendar.put(f"AAMk-{n}", graph_event(n, day))
    monkeypatch.setenv("GRAPH_SECRET", "client-secret-1")
    with https(graph_handler(calendar, "tenant-1", "client-1", "client-secret-1"), tmp_path) as (base, ca):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca)
        agreed.config["GRAPH_AUTHORITY"] = base
        add_mailbox(runner, base)
        first = run(runner, "sync", "--all").output
        assert "source 1 (alice@council.gov.uk): 5 new, 0 updated, 0 removed, 0 unchanged" in first
        assert sum("skiptoken" in a for a in calendar.asked) == 2  # three pages of two
        assert len(meetings(agreed)) == 5 and meetings(agreed)[0] == ("2025-03-03T10:00:00+00:00", "HWB meeting", False)
        before = every_row(agreed, leaving_out=KEPT)
        assert "unchanged (1 request)" in run(runner, "sync", "--all").output  # the token kept; one delta request
        assert every_row(agreed, leaving_out=KEPT) == before
        calendar.put("AAMk-1", graph_event(1, "2025-03-04", hour=14))  # moved to the afternoon
        calendar.delete("AAMk-4")
        calendar.throttle = [2]  # and the server asks to slow down once
        changed = run(runner, "sync", "--all").output
        assert "0 new, 1 updated, 1 removed, 3 unchanged" in changed
        assert ("2025-03-04T14:00:00+00:00", "HWB meeting", False) in meetings(agreed)
        assert len(meetings(agreed)) == 4
        calendar.expired_before = calendar.version + 1  # the delta link expires: everything read again
        calendar.put("AAMk-5", graph_event(5, "2025-03-10"))
        again = run(runner, "sync", "--all").output
        assert "1 new, 0 updated, 0 removed, 4 unchanged" in again
        assert len(meetings(agreed)) == 5


def test_refused_credentials_and_an_untrusted_certificate_fail_in_words(agreed, runner, monkeypatch, tmp_path):
    calendar = CloudCalendar()
    calendar.put("AAMk-0", graph_event(0, "2025-03-03"))
    monkeypatch.setenv("GRAPH_SECRET", "not-the-secret")
    with https(graph_handler(calendar, "tenant-1", "client-1", "client-secret-1"), tmp_path) as (base, ca):
        agreed.config["GRAPH_AUTHORITY"] = base
        add_mailbox(runner, base)
        untrusted = run(runner, "sync", "--all", ok=False).output  # the test authority is not trusted (no CA bundle)
        assert "FAILED: the Microsoft sign-in service's certificate could not be verified" in untrusted
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca)
        refused = run(runner, "sync", "--all", ok=False).output
        assert (
            "FAILED: Microsoft refused the app's credentials: AADSTS7000215: Invalid client secret provided." in refused
        )
    assert meetings(agreed) == []


def google_event(n: int, day: str, *, hour: int = 10, series: str | None = None, original: int = 10) -> dict:
    event = {
        "iCalUID": series or f"google-{n}@google.com", "summary": "HWB meeting", "status": "confirmed",
        "start": {"dateTime": f"{day}T{hour:02d}:00:00+00:00"},
        "end": {"dateTime": f"{day}T{hour + 1:02d}:00:00+00:00"},
        "organizer": {"email": OWNER}, "attendees": [
            {"email": OWNER, "responseStatus": "accepted", "self": True},
            {"email": "carol@police.uk", "displayName": "Carol Cole", "responseStatus": "tentative"},
        ],
    }  # fmt: skip
    if series:
        event["originalStartTime"] = {"dateTime": f"{day}T{original:02d}:00:00+00:00"}  # its slot in the series
    return event


def service_account_key(token_uri: str) -> tuple[str, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()  # fmt: skip
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    info = {
        "type": "service_account", "project_id": "tracker-test", "private_key_id": "key-1", "private_key": private,
        "client_email": "tracker@tracker-test.iam.gserviceaccount.com", "client_id": "1", "token_uri": token_uri,
    }  # fmt: skip
    return json.dumps(info), public


def test_a_google_workspace_calendar_is_read_as_its_owner_with_sync_tokens(agreed, runner, monkeypatch, tmp_path):
    calendar = CloudCalendar()
    for n, day in enumerate(["2025-03-03", "2025-03-10", "2025-03-17"]):  # a weekly series, as its occurrences
        calendar.put(f"series_{day}", google_event(n, day, series="weekly@google.com"))
    calendar.put("single", google_event(9, "2025-03-05"))
    holder: dict = {}
    with https(lambda *a: google_handler(calendar, OWNER, holder["public"])(*a), tmp_path) as (base, ca):
        secret, holder["public"] = service_account_key(f"{base}/token")
        monkeypatch.setenv("GOOGLE_KEY", secret)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca)
        run(runner, "sources", "add", "--owner", OWNER, "--url", f"{base}/calendar/v3/calendars/{OWNER}/events",
            "--kind", "google", "--password-env", "GOOGLE_KEY")  # fmt: skip
        assert "4 new, 0 updated, 0 removed, 0 unchanged" in run(runner, "sync", "--all").output
        assert calendar.tokens_given[0]["sub"] == OWNER  # read as the owner (domain-wide delegation)
        assert calendar.tokens_given[0]["scope"] == "https://www.googleapis.com/auth/calendar.readonly"
        assert len(meetings(agreed)) == 4
        before = every_row(agreed, leaving_out=KEPT)
        assert "unchanged (1 request)" in run(runner, "sync", "--all").output
        assert every_row(agreed, leaving_out=KEPT) == before
        calendar.put("series_2025-03-10", google_event(1, "2025-03-10", hour=15, series="weekly@google.com"))
        calendar.delete("single")
        assert "0 new, 1 updated, 1 removed, 2 unchanged" in run(runner, "sync", "--all").output
        assert [m[0] for m in meetings(agreed)] == [
            "2025-03-03T10:00:00+00:00", "2025-03-10T15:00:00+00:00", "2025-03-17T10:00:00+00:00",
        ]  # fmt: skip
        calendar.expired_before = calendar.version + 1
        assert "unchanged" in run(runner, "sync", "--all").output  # a full read after 410 Gone: the same calendar
        assert len(calendar.tokens_given) == 1  # the token kept for its hour


def test_a_mailbox_window_ending_within_months_is_read_afresh_a_year_ahead(agreed, runner, monkeypatch, tmp_path):
    """Graph's delta link keeps the window it began with: a window ending within six months is replaced by
    a full read of one ending a year ahead, so meetings booked further on are never missed."""
    from tracker.models import CalendarSource

    calendar = CloudCalendar()
    calendar.put("AAMk-0", graph_event(0, "2025-03-03"))
    monkeypatch.setenv("GRAPH_SECRET", "client-secret-1")
    with https(graph_handler(calendar, "tenant-1", "client-1", "client-secret-1"), tmp_path) as (base, ca):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca)
        agreed.config["GRAPH_AUTHORITY"] = base
        add_mailbox(runner, base)
        run(runner, "sync", "--all")
        with agreed.app_context():
            with db.transaction() as session:
                source = session.scalars(select(CalendarSource)).one()
                kept = json.loads(source.validator)
                assert kept["until"] > kept["from"]
                source.validator = json.dumps({**kept, "until": "2000-01-01"})  # as if a year and a half on
        calendar.asked.clear()
        assert "unchanged" in run(runner, "sync", "--all").output
        assert any("startDateTime" in asked for asked in calendar.asked)  # a full read, not the delta link
        with agreed.app_context():
            renewed = json.loads(db.get_session().scalars(select(CalendarSource.validator)).one())
        assert renewed["until"] == kept["until"]  # a window a year on from today again
