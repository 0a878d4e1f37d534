"""Series that real calendar software writes in ways the recurrence rules alone get wrong."""

from __future__ import annotations

from tests.importers.cases import occurrences, read_case, warnings


def test_google_moved_first_instance():
    """Regression: Google writes a moved first meeting as an override whose RECURRENCE-ID is DTSTART.

    Here DTSTART (Monday 3 March) is not on the weekly Tuesday rule. The repair that leaves an
    off-rule first date out (as Outlook and Thunderbird show it) added DTSTART as an EXDATE, and
    the EXDATE also removed the override, so the real meeting on Wednesday 5 March was lost.
    DTSTART is the first instance (RFC 5545 3.3.10) and the file says where it went: the override
    stands, once, at its own time; the RECURRENCE-ID is matched as an instant, so one written in
    UTC (the CSP series) counts too. A series with an off-rule DTSTART and no override (SSP) still
    loses its first date, with a warning. The oracle (ical.js) agrees, listing each override as
    an orphan it shows on its own.
    """
    result = read_case("google_moved_first_instance.ics")
    assert occurrences(result) == [
        ("hwb-board@google.com", "2025-03-04T10:00:00Z", "2025-03-04T11:00:00Z"),
        ("hwb-board@google.com", "2025-03-05T14:00:00Z", "2025-03-05T15:00:00Z"),
        ("ssp-exec@google.com", "2025-03-06T15:00:00Z", "2025-03-06T16:00:00Z"),
        ("hwb-board@google.com", "2025-03-11T10:00:00Z", "2025-03-11T11:00:00Z"),
        ("ssp-exec@google.com", "2025-03-13T15:00:00Z", "2025-03-13T16:00:00Z"),
        ("hwb-board@google.com", "2025-03-18T10:00:00Z", "2025-03-18T11:00:00Z"),
        ("csp-delivery@google.com", "2025-06-03T12:00:00Z", "2025-06-03T13:00:00Z"),
        ("csp-delivery@google.com", "2025-06-04T08:00:00Z", "2025-06-04T09:00:00Z"),
        ("csp-delivery@google.com", "2025-06-11T08:00:00Z", "2025-06-11T09:00:00Z"),
    ]
    moved = [o for o in result.occurrences if o.title.endswith("(moved)")]
    assert [o.recurrence_id for o in moved] == ["2025-03-03T10:00:00Z", "2025-06-02T08:00:00Z"]
    assert warnings(result) == [
        "line 72, event ssp-exec@google.com: the series' first date does not follow its own rule; "
        "left out, as Outlook and Thunderbird do"
    ]
