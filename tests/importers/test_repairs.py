"""Line repairs of real exports: each is applied, and reported with the line and event it concerns."""

from __future__ import annotations

from importers import read
from importers.repairs import rrule_tidy
from tests.importers.cases import occurrences, read_case, warnings


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


def test_empty_rrule():
    """Regression: an empty ``RRULE:`` line was read silently as a single event.

    The result was right (a rule with no parts describes no recurrence) but nothing said the
    file was broken, unlike every other repair. It is now dropped with a warning naming its
    line and event, even though Google writes the UID after the RRULE, and the event is read
    as one occurrence. The oracle (ical.js) fails on this event ("Cannot read properties of
    undefined") and lists nothing for it; RFC 5545 3.3.10 requires FREQ, so the line carries no
    rule and the event is DTSTART alone (RFC 5545 3.8.5.3: DTSTART is the first instance).
    """
    result = read_case("empty_rrule.ics")
    assert occurrences(result) == [
        ("hwb-workshop@google.com", "2025-03-12T10:00:00Z", "2025-03-12T11:30:00Z"),
        ("hwb-followup@google.com", "2025-03-19T14:00:00Z", "2025-03-19T15:00:00Z"),
    ]
    assert result.occurrences[0].recurrence_id is None
    assert warnings(result) == [
        "line 10, event hwb-workshop@google.com: dropped an empty RRULE (read as a single event)",
    ]


def test_rrule_tidy_drops_a_rule_of_blanks_and_separators():
    assert rrule_tidy("RRULE: ;") == ("", "dropped an empty RRULE (read as a single event)")
    assert rrule_tidy("RRULE:FREQ=WEEKLY") == ("RRULE:FREQ=WEEKLY", None)
