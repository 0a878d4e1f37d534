"""Why a file's events gave fewer occurrences than there are events, said the same way by both readers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from importers import fewer_occurrences, read

WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def event(uid: str, start: str, *extra: str) -> str:
    end = start[:9] + str(int(start[9]) + 1) + start[10:]  # an hour later
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", f"DTSTART:{start}", f"DTEND:{end}"]
    return "\r\n".join([*lines, "SUMMARY:Board", *extra, "END:VEVENT"]) + "\r\n"


CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    # A weekly series of two, both moved an hour: three events, two occurrences.
    + event("a", "20250303T100000Z", "RRULE:FREQ=WEEKLY;COUNT=2")
    + event("a", "20250303T110000Z", "RECURRENCE-ID:20250303T100000Z")
    + event("a", "20250310T110000Z", "RECURRENCE-ID:20250310T100000Z")
    # One meeting exported three times over: three events, one occurrence.
    + event("b", "20250404T100000Z")
    + event("b", "20250404T100000Z")
    + event("b", "20250404T100000Z")
    # A meeting of 2020, before the dates read: one event, none.
    + event("c", "20200505T100000Z")
    # A series of 2019 and a change to it: two events, none.
    + event("d", "20190106T100000Z", "RRULE:FREQ=DAILY;COUNT=3")
    + event("d", "20190107T110000Z", "RECURRENCE-ID:20190107T100000Z")
    + "END:VCALENDAR\r\n"
).encode()


@pytest.mark.parametrize("fast", [True, False])
def test_nine_events_give_three_occurrences_and_each_missing_one_has_its_reason(fast):
    (result,) = read(CALENDAR, "board.ics", window=WINDOW, fast=fast)
    assert (result.events_read, len(result.occurrences)) == (9, 3)
    assert fewer_occurrences(result) == {"changes": 2, "copies": 2, "outside": 1, "empty_series": 2}


def test_no_reason_is_given_when_a_series_gives_more_occurrences_than_events():
    weekly = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + event("w", "20250303T100000Z", "RRULE:FREQ=WEEKLY;COUNT=5")
        + event("w", "20250310T110000Z", "RECURRENCE-ID:20250310T100000Z")
        + "END:VCALENDAR\r\n"
    ).encode()
    (result,) = read(weekly, "weekly.ics", window=WINDOW)
    assert len(result.occurrences) == 5 and fewer_occurrences(result) == {}


@pytest.mark.parametrize("fast", [True, False])
def test_an_event_that_cannot_be_read_is_left_to_the_files_notes(fast):
    unreadable = "BEGIN:VEVENT\r\nUID:broken\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + unreadable
        + event("b", "20250404T100000Z") * 2
        + "END:VCALENDAR\r\n"
    ).encode()
    (result,) = read(calendar, "board.ics", window=WINDOW, fast=fast)
    assert [p.event for p in result.errors] == ["broken"]
    assert (result.events_read, len(result.occurrences)) == (3, 1)
    assert fewer_occurrences(result) == {"copies": 1}
