"""Line repairs of real exports: each is applied, and reported with the line and event it concerns."""

from __future__ import annotations

from importers import read


def test_repair_before_the_uid_line_names_the_event():
    """Google writes UID after DTSTART and RRULE, so repairs of those lines named no event."""
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/London:20250310\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO, TU\r\nUID:late-uid@google.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (result,) = read(data.encode(), "f.ics")
    assert [str(p) for p in result.warnings] == [
        "line 4, event late-uid@google.com: read a date with a time zone as an all-day date",
        "line 5, event late-uid@google.com: removed blanks from an RRULE",
    ]
