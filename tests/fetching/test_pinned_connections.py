"""Connections go to the addresses that were checked, not to a second lookup of the name (DNS rebinding), and
no answer is read past the size limit: for published calendars (``requests``) and CalDAV (``caldav`` on
``niquests``), against real local servers. The names used here (``calendar.test``, ``dav.test``) exist only
in the test's resolver, so a connection that reached a server went where the checked lookup said."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.fetching.servers import PASSWORD, USER, Published, http_server, proxy
from tests.fetching.test_caldav_sync import server, work_calendar  # noqa: F401 - fixtures used below
from tests.fetching.test_source_rules import resolving
from tracker.fetching import caldav_collection
from tracker.fetching.web_reader import FetchFailed, WebReader

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def rebinding(host: str) -> tuple[list[str], object]:
    """A resolver whose ``host`` answers a public address first and the machine's own loopback after, as an
    attacker's name server would; the lookups it was asked for."""
    asked: list[str] = []

    def resolve(name: str, port: int) -> list[str]:
        if name != host:
            raise OSError(-2, "Name or service not known")
        asked.append(name)
        return ["93.184.216.34"] if len(asked) == 1 else ["127.0.0.1"]

    return asked, resolve


def named(url: str, host: str) -> str:
    """``url`` (on 127.0.0.1) with ``host`` for its server's name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{host}:{parts.port}"))


def test_a_published_calendar_is_read_from_the_address_its_name_was_checked_as():
    published = Published(body=CALENDAR)
    with http_server(published) as base:
        reader = WebReader(allow_private=True, resolve=resolving({"calendar.test": ["127.0.0.1"]}))
        answer = reader.get(named(f"{base}/calendar.ics", "calendar.test"))
    assert answer.status_code == 200 and answer.content == CALENDAR
    assert published.asked[0]["host"].startswith("calendar.test:")  # the name still sent to the server


def test_a_name_that_turns_private_after_its_check_is_refused_before_connecting():
    published = Published(body=CALENDAR)
    asked, resolve = rebinding("calendar.test")
    with http_server(published) as base:
        reader = WebReader(allow_private=False, resolve=resolve)
        with pytest.raises(FetchFailed, match=r"calendar.test is a private or local address \(127.0.0.1\)"):
            reader.get(named(f"{base}/calendar.ics", "calendar.test"))
    assert len(asked) == 2  # checked (public), then looked up to connect (private): refused there
    assert published.asked == []  # the server was never reached


def test_a_published_answer_over_the_limit_is_refused_in_words():
    published = Published(body=b"X" * 5_000)
    with http_server(published) as base:
        reader = WebReader(allow_private=True, max_bytes=1_000)
        with pytest.raises(FetchFailed, match="the server's answer is over 1,000 bytes, the limit for an uploaded"):
            reader.get(f"{base}/calendar.ics")
        published.body = b"X" * 900
        assert len(reader.get(f"{base}/calendar.ics").content) == 900  # within the limit: read whole


def test_a_caldav_calendar_is_read_from_the_address_its_name_was_checked_as(work_calendar):  # noqa: F811
    url = named(str(work_calendar.url), "dav.test")
    fetched = caldav_collection.fetch(
        url, "", {}, username=USER, password=PASSWORD, allow_private=True,
        resolve=resolving({"dav.test": ["127.0.0.1"]}),
    )  # fmt: skip
    assert len(fetched.changed) == 3 and all(body.startswith("BEGIN:VCALENDAR") for _, body in fetched.changed.values())


def test_a_caldav_name_that_turns_private_after_its_check_is_refused(work_calendar):  # noqa: F811
    asked, resolve = rebinding("dav.test")
    with pytest.raises(FetchFailed, match=r"dav.test is a private or local address \(127.0.0.1\)"):
        caldav_collection.fetch(
            named(str(work_calendar.url), "dav.test"), "", {}, username=USER, password=PASSWORD,
            allow_private=False, resolve=resolve,
        )  # fmt: skip
    assert len(asked) == 2


def test_a_caldav_answer_over_the_limit_is_refused_in_words(work_calendar, monkeypatch):  # noqa: F811
    monkeypatch.setattr(caldav_collection, "MAX_ANSWER", 2_000)  # the three events' text is about 3,000 bytes
    with pytest.raises(FetchFailed, match="the server's answer is over 2,000 bytes, the limit for an uploaded"):
        caldav_collection.fetch(
            str(work_calendar.url), "", {}, username=USER, password=PASSWORD, allow_private=True,
            resolve=resolving({"127.0.0.1": ["127.0.0.1"]}),
        )  # fmt: skip


def test_an_oversized_answer_to_a_digest_challenge_is_refused_too(monkeypatch):
    """A Digest sign-in's handler reads the server's second challenge itself, before any response hook: the
    limit holds there too (it is applied where the answer arrives, not by a hook)."""
    monkeypatch.setattr(caldav_collection, "MAX_ANSWER", 2_000)
    challenge = {"WWW-Authenticate": 'Digest realm="dav", nonce="6f1e2d", qop="auth", algorithm=MD5'}
    answered: list[int] = []

    def digest_forever(command, headers, body):
        answered.append(len(answered))
        return 401, challenge, b"X" * 50_000 if len(answered) == 2 else b""  # the one the handler reads: huge

    with proxy("http://127.0.0.1:9", digest_forever) as base:
        with pytest.raises(FetchFailed, match="the server's answer is over 2,000 bytes"):
            caldav_collection.fetch(
                f"{base}/dav/alice/work/", "", {}, username=USER, password=PASSWORD, allow_private=True,
                resolve=resolving({"127.0.0.1": ["127.0.0.1"]}),
            )  # fmt: skip
    assert len(answered) == 2  # the handler never got to answer the huge challenge
