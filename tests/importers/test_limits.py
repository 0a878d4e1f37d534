"""Count limits: lines and events a file, people an event. Each refusal names the file (or event) and the
limit; the limits are lowered here so the files stay small, and the real ones are pinned."""

from __future__ import annotations

import pytest

import importers
from importers import CalendarFileError, glance, kinds, read
from tests.importers.test_bad_files import HEADER, MEETING, ics


def test_the_limits_are_far_beyond_a_real_export():
    assert (kinds.MAX_LINES, kinds.MAX_EVENTS, kinds.MAX_ATTENDEES) == (1_000_000, 100_000, 2_000)


def _events(n: int) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:m{i}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250310T{10 + i % 8:02d}0000Z\r\n"
        f"DURATION:PT30M\r\nSUMMARY:Board {i}\r\nEND:VEVENT\r\n"
        for i in range(n)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


def test_a_file_of_too_many_lines_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(kinds, "MAX_LINES", 20)
    data = _events(3)  # 3 x 7 + 3 = 24 lines
    with pytest.raises(CalendarFileError, match="long.ics: 24 lines; the limit is 20 lines a file"):
        read(data, "long.ics")
    with pytest.raises(CalendarFileError, match="long.ics: 24 lines"):  # a large upload's glance refuses it too
        list(glance(data, "long.ics", max_bytes=kinds.MAX_FILE_BYTES))
    csv = (HEADER + "Board,10/03/2025,10:00:00,10/03/2025,11:00:00,False,2\r\n" * 25).encode()
    with pytest.raises(CalendarFileError, match="outlook.csv: 26 lines; the limit is 20 lines a file"):
        read(csv, "outlook.csv")
    assert len(read(_events(2), "short.ics")[0].occurrences) == 2  # 17 lines: read


def test_a_file_of_too_many_events_is_refused(monkeypatch):
    monkeypatch.setattr(kinds, "MAX_EVENTS", 4)
    with pytest.raises(CalendarFileError, match="busy.ics: 5 events; the limit is 4 events a file"):
        read(_events(5), "busy.ics")
    assert len(read(_events(4), "fine.ics")[0].occurrences) == 4


def test_an_event_listing_too_many_people_is_left_out_and_named(monkeypatch):
    monkeypatch.setattr(importers, "MAX_ATTENDEES", 3)
    crowd = [f"ATTENDEE;CN=Person {i}:mailto:p{i}@council.gov.uk" for i in range(4)]
    weekly = ("UID:all-staff", "DTSTAMP:20250101T000000Z", "DTSTART:20250303T100000Z", "DTEND:20250303T110000Z")
    data = ics(*weekly, "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:All-staff briefing", *crowd).replace(
        b"END:VCALENDAR", b"BEGIN:VEVENT\r\n" + "\r\n".join(MEETING).encode() + b"\r\nEND:VEVENT\r\nEND:VCALENDAR"
    )
    (result,) = read(data, "town-hall.ics")
    assert [o.title for o in result.occurrences] == ["HWB"]  # the rest of the file is read
    (error,) = result.errors
    assert str(error) == (
        "line 3, event All-staff briefing: lists 4 people; at most 3 are read for one event, "
        "so its 3 occurrences were left out"
    )


def test_a_larger_byte_limit_allows_as_many_more_lines_and_events(monkeypatch):
    """``tracker inspect --max-bytes``: a mailbox's 84 MB export is 1.5 million lines; a file allowed twice an
    upload's bytes may hold twice its lines and events, never fewer than an upload's, and only within
    that read (the next upload has the usual limits)."""
    monkeypatch.setattr(kinds, "MAX_LINES", 20)
    monkeypatch.setattr(kinds, "MAX_EVENTS", 2)
    data = _events(3)  # 24 lines, 3 events
    twice = 2 * kinds.MAX_FILE_BYTES
    assert len(read(data, "big.ics", max_bytes=twice)[0].occurrences) == 3  # 40 lines and 4 events allowed
    with pytest.raises(CalendarFileError, match="24 lines; the limit is 20 lines a file"):
        read(data, "big.ics")  # the usual limits again
    with pytest.raises(CalendarFileError, match="24 lines; the limit is 21 lines a file"):
        read(data, "big.ics", max_bytes=kinds.MAX_FILE_BYTES * 21 // 20)
    with pytest.raises(CalendarFileError, match="24 lines; the limit is 20 lines a file"):
        read(data, "big.ics", max_bytes=kinds.MAX_FILE_BYTES // 2)  # a lower byte limit keeps an upload's counts
    csv = (HEADER + "Board,10/03/2025,10:00:00,10/03/2025,11:00:00,False,2\r\n" * 3).encode()
    assert len(read(csv, "outlook.csv", max_bytes=twice, date_format="dmy")[0].occurrences) == 3  # over 2, under 4
