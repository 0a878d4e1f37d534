"""The rules of connected calendars, without a network: which addresses may be read, what kind of source an
address is, calendar objects joined into one file, when a failing source is tried again or paused, and
what a server's Retry-After asks for."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

import importers
from importers.joining import ends_before, join
from tests.conftest import run
from tests.fetching.test_caldav_sync import ics
from tracker.domain import source_schedule
from tracker.domain.source_addresses import (
    AddressRefused,
    allowed_private,
    check_host,
    detect_kind,
    normalise,
    private_servers,
    shown,
)
from tracker.fetching.web_reader import FetchFailed, WebReader, retry_after


def resolving(table: dict[str, list[str]]):
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(-2, "Name or service not known")
        return table[host]

    return resolve


PUBLIC = resolving({"dav.example.org": ["93.184.216.34"], "inside.example.org": ["93.184.216.34", "10.0.0.7"]})


@pytest.mark.parametrize(
    ("given", "read_as"),
    [
        ("webcal://calendar.example.org/feed.ics", "https://calendar.example.org/feed.ics"),
        ("  https://dav.example.org/cal/  ", "https://dav.example.org/cal/"),
        ("HTTP://dav.example.org:8443/x", "http://dav.example.org:8443/x"),
    ],
)
def test_addresses_are_read_as_web_addresses(given, read_as):
    assert normalise(given) == read_as


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("file:///etc/passwd", "not file://"),
        ("gopher://x/", "not gopher://"),
        ("dav.example.org/cal", "not no scheme"),
        ("https://bob:pw@dav.example.org/", "give the user name and password apart from the address"),
        ("https:///nohost", "the address names no server"),
        ("https://dav.example.org:http/", "the address's port is not a number"),
        ("", "the address is empty"),
    ],
)
def test_other_addresses_are_refused_in_words(given, said):
    with pytest.raises(AddressRefused, match=said):
        normalise(given)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://graph.microsoft.com/v1.0/users/a@b.org/calendar", "graph"),
        ("https://www.googleapis.com/calendar/v3/calendars/a@b.org/events", "google"),
        ("webcal://p01-calendars.icloud.com/published/2/abc", "ics"),
        ("https://outlook.office365.com/owa/calendar/x/reachcalendar.ics", "ics"),
        ("https://cloud.example.org/remote.php/dav/calendars/alice/personal/", "caldav"),
    ],
)
def test_the_kind_of_source_is_told_by_its_address(url, kind):
    assert detect_kind(url) == kind


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/", "http://localhost.example/", "https://10.1.2.3/", "https://172.16.0.1/",
        "https://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd00::1]/",
        "http://0.0.0.0/", "https://inside.example.org/", "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::]/", "http://[64:ff9b::a9fe:a9fe]/",
    ],
)  # fmt: skip
def test_loopback_private_link_local_and_names_resolving_to_them_are_refused(url):
    resolve = resolving({"localhost.example": ["127.0.0.1"], "inside.example.org": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(AddressRefused, match="is a private or local address"):
        check_host(url, resolve, allow_private=False)
    check_host(url, resolve, allow_private=True)  # allowed by the administrator: read


def test_only_the_private_servers_an_administrator_listed_are_read():
    allowed = private_servers("dav.Council.internal., 10.20.0.0/16  fd00:20::/32")
    assert str(allowed) == "dav.council.internal, 10.20.0.0/16, fd00:20::/32"
    resolve = resolving({"dav.council.internal": ["10.99.0.5"], "wiki.council.internal": ["10.99.0.6"]})
    for url in ("https://dav.council.internal/cal/", "https://10.20.4.1/dav/", "http://[fd00:20::7]/"):
        check_host(url, resolve, allow_private=allowed)
    for url, address in (
        ("https://wiki.council.internal/", "10.99.0.6"),  # another server on the same network: not listed
        ("https://10.30.0.1/", "10.30.0.1"),
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ):
        with pytest.raises(AddressRefused, match=rf"is a private or local address \({address}\); an administrator"):
            check_host(url, resolve, allow_private=allowed)
    # A password goes over plain http:// only to a private server the administrator listed.
    assert allowed_private("http://dav.council.internal/cal/", resolve, allowed)
    assert not allowed_private("http://wiki.council.internal/", resolve, allowed)
    assert not allowed_private("http://dav.example.org/cal/", PUBLIC, allowed)
    assert not allowed_private("http://dav.example.org/cal/", PUBLIC, True)  # public: never, all private allowed or not
    assert allowed_private("http://wiki.council.internal/", resolve, True)
    with pytest.raises(ValueError, match=r"'dav\.council/cal' is neither a server's name nor a network"):
        private_servers("dav.council/cal")
    assert private_servers("  ") == private_servers("")


def test_a_public_server_is_read_and_an_unknown_one_is_named():
    check_host("https://dav.example.org/cal/", PUBLIC, allow_private=False)
    with pytest.raises(AddressRefused, match=r"the server nowhere.example cannot be found \(Name or service"):
        check_host("https://nowhere.example/", PUBLIC, allow_private=True)


def redirecting(reader: WebReader, *hops: str) -> list[tuple[str, object, dict]]:
    """``reader`` answered by a 302 to each of ``hops`` in turn, then 200; what each request carried."""
    asked: list[tuple[str, object, dict]] = []

    def once(method, url, headers, auth, data):
        asked.append((url, auth, dict(headers or {})))
        response = requests.Response()
        response.status_code, response._content = (302, b"") if len(asked) <= len(hops) else (200, b"BEGIN:VCALENDAR")
        if len(asked) <= len(hops):
            response.headers["Location"] = hops[len(asked) - 1]
        return response

    reader._once = once  # type: ignore[method-assign]
    return asked


def test_a_redirect_to_a_private_address_is_refused_before_it_is_asked():
    reader = WebReader(allow_private=False, resolve=PUBLIC)
    asked = redirecting(reader, "https://169.254.169.254/latest/")
    with pytest.raises(FetchFailed, match=r"169.254.169.254 is a private or local address"):
        reader.get("https://dav.example.org/feed.ics")
    assert [url for url, _, _ in asked] == ["https://dav.example.org/feed.ics"]


def test_a_redirect_from_https_to_http_is_refused():
    reader = WebReader(allow_private=False, resolve=PUBLIC)
    redirecting(reader, "http://dav.example.org/feed.ics")
    with pytest.raises(FetchFailed, match="redirected from https:// to an address that is not https://"):
        reader.get("https://dav.example.org/feed.ics")


def test_a_password_or_token_is_not_sent_on_to_another_server():
    table = {"dav.example.org": ["93.184.216.34"], "cdn.example.net": ["93.184.216.35"]}
    reader = WebReader(allow_private=False, resolve=resolving(table))
    asked = redirecting(reader, "/moved.ics", "https://cdn.example.net/feed.ics")
    reader.get("https://dav.example.org/feed.ics", headers={"Authorization": "Bearer t"}, auth=("bob", "pw"))
    assert [(url, auth, "Authorization" in headers) for url, auth, headers in asked] == [
        ("https://dav.example.org/feed.ics", ("bob", "pw"), True),
        ("https://dav.example.org/moved.ics", ("bob", "pw"), True),  # the same server: still signed in
        ("https://cdn.example.net/feed.ics", None, False),
    ]


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120
    assert retry_after("Mon, 07 Dec 2026 12:05:00 GMT", now) == 300
    assert retry_after("Mon, 07 Dec 2026 11:00:00 GMT", now) == 0
    assert retry_after("soon", now) is None and retry_after(None, now) is None


def test_a_failing_source_waits_twice_as_long_each_time_at_most_a_day_and_pauses_at_five():
    now, hour = datetime(2026, 12, 7, 12, 0, tzinfo=UTC), timedelta(hours=1)
    waits = [source_schedule.after_failure(now, hour, n) - now for n in range(1, 7)]
    assert waits == [hour, 2 * hour, 4 * hour, 8 * hour, 16 * hour, timedelta(days=1)]
    assert source_schedule.after_failure(now, hour, 1, asked=7200) - now == 2 * hour  # the server's wish wins
    assert [source_schedule.should_pause(n) for n in (4, 5)] == [False, True]


def test_calendar_objects_joined_are_one_calendar_with_each_time_zone_once():
    joined = join(
        [ics("a@test", "20250303T100000", "20250303T110000"), ics("b@test", "20250704T100000", "20250704T110000")]
    )
    text = joined.decode()
    assert text.count("BEGIN:VTIMEZONE") == 1 and text.count("BEGIN:VEVENT") == 2
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    (result,) = importers.read(joined, "joined.ics")
    starts = sorted(o.start.isoformat() for o in result.occurrences)
    assert starts == ["2025-03-03T10:00:00+00:00", "2025-07-04T09:00:00+00:00"]  # 10:00 in London, winter and summer
    assert join([ics("a@test", "20250303T100000", "20250303T110000")]) == join(
        [ics("a@test", "20250303T100000", "20250303T110000")]
    )  # the same objects, the same bytes: an unchanged calendar is known by its hash


def test_a_password_is_never_sent_over_http_to_a_public_server(app, runner):
    from tests.tracker.test_cli_imports import loaded
    from tracker import db
    from tracker.services import sources

    loaded(runner)
    run(runner, "sources", "agree", "NHS Trust")
    with app.app_context():
        session = db.get_session()
        plain = sources.NewSource(owner="bob@nhs.net", url="http://dav.example.org/cal/", secret="pw")
        with pytest.raises(sources.SourceRefused, match="a password is never sent over http://"):
            sources.check(session, plain, resolve=PUBLIC)
        assert sources.check(session, replace(plain, secret=""), resolve=PUBLIC).kind == "caldav"  # no password
        assert sources.check(session, replace(plain, url="https://dav.example.org/cal/"), resolve=PUBLIC).url
        graph = sources.NewSource(owner="bob@nhs.net", url="https://graph.microsoft.com/v1.0/users/bob@nhs.net")
        with pytest.raises(sources.SourceRefused, match="is read with the app's client secret"):
            sources.check(session, graph, resolve=resolving({"graph.microsoft.com": ["20.190.1.1"]}))


def test_pages_show_a_calendars_server_not_its_private_link():
    assert shown("https://calendar.google.com/calendar/ical/bob%40x.org/private-8d1f/basic.ics?x=1") == (
        "https://calendar.google.com/…/basic.ics"
    )
    assert shown("https://dav.example.org/cal") == "https://dav.example.org/cal"


def test_erasure_looks_for_a_name_also_as_icalendar_text_escapes_it():
    from tracker.store.erasure import Subject

    words = Subject([1], {"pat@police.uk"}, {"O'Neil, Pat; Inspector"}).words()
    assert "O'Neil, Pat; Inspector" in words and "O'Neil\\, Pat\\; Inspector" in words


@pytest.mark.parametrize(
    ("rule", "day", "ended"),
    [
        ("", date(2025, 3, 4), True),  # a single meeting on the 3rd
        ("", date(2025, 3, 3), False),
        ("RRULE:FREQ=WEEKLY;COUNT=3", date(2025, 3, 18), True),  # the 3rd, 10th and 17th
        ("RRULE:FREQ=WEEKLY;COUNT=3", date(2025, 3, 17), False),
        ("RRULE:INTERVAL=2;FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", date(2025, 3, 20), True),  # 3rd, 5th, 17th, 19th
        ("RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=6", date(2025, 9, 1), True),
        ("RRULE:FREQ=WEEKLY;UNTIL=20250401T000000Z", date(2025, 4, 2), True),  # by its end, nothing expanded
        ("RRULE:FREQ=WEEKLY;UNTIL=20250401T000000Z", date(2025, 3, 31), False),
        ("RRULE:FREQ=SECONDLY;UNTIL=20300101T000000Z", date(2026, 1, 1), False),  # at once, however dense
        ("RRULE:FREQ=WEEKLY", date(2040, 1, 1), False),  # no end: kept
        ("RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5", date(2040, 1, 1), False),  # never: not counted
        ("RRULE:FREQ=MINUTELY;COUNT=5", date(2040, 1, 1), False),
        ("RRULE:FREQ=WEEKLY;COUNT=3\r\nRDATE:20250401T100000", date(2040, 1, 1), False),
    ],
)
def test_retention_dates_a_kept_object_by_its_last_occurrence_or_keeps_it(rule, day, ended):
    text = ics("a@test", "20250303T100000", "20250303T110000")
    if rule:
        text = text.replace("SUMMARY:", f"{rule}\r\nSUMMARY:")
    assert ends_before(text, day) is ended


def test_a_sync_sends_no_password_over_http_to_a_name_that_turned_public():
    from tracker.services import source_sync

    prepared = source_sync.Prepared(
        1, "bob@nhs.net", "caldav", "http://dav.example.org/cal/", "bob", "pw", "", {}, allow_private=True
    )
    with pytest.raises(source_sync.SyncFailed, match="a password is never sent over http:// to a server that is not"):
        source_sync.fetch(prepared, PUBLIC)  # allowed when it was private; its name now answers a public address
