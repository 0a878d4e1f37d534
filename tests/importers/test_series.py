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


BERLIN_DAYS = "040000008200E00074C5B7101A82E0080000000010A1B2C3D46CD701000000000000000010000000"
BERLIN_PAPERS = "040000008200E00074C5B7101A82E0080000000020A1B2C3D46CD701000000000000000010000000"


def test_exchange_all_day_until_local_midnight():
    """Regression: Exchange's all-day series lost its last day.

    Exchange writes the UNTIL of an all-day series as local midnight of the last day, in UTC:
    ``UNTIL=20210701T220000Z`` is 00:00 on 2 July in Berlin (summer, UTC+2), and
    ``UNTIL=20211214T230000Z`` is 00:00 on 15 December (winter, UTC+1). The reader compared the
    UTC date, so the series ended a day early. The UNTIL is now read in the series' zone (here the
    file's VTIMEZONE) and its local day is the last one, as Outlook shows it, with a warning.
    The oracle (ical.js) drops the last days too; it is wrong by the same reasoning: RFC 5545
    3.3.10 wants a date UNTIL for a date DTSTART, and the only day this instant names in the
    calendar's zone is 2 July (15 December).
    """
    result = read_case("exchange_all_day_until_local_midnight.ics")
    assert occurrences(result) == [
        (BERLIN_DAYS, "2021-06-28", "2021-06-29"),
        (BERLIN_DAYS, "2021-06-29", "2021-06-30"),
        (BERLIN_DAYS, "2021-06-30", "2021-07-01"),
        (BERLIN_DAYS, "2021-07-01", "2021-07-02"),
        (BERLIN_DAYS, "2021-07-02", "2021-07-03"),
        (BERLIN_PAPERS, "2021-11-29", "2021-11-30"),
        (BERLIN_PAPERS, "2021-12-01", "2021-12-02"),
        (BERLIN_PAPERS, "2021-12-06", "2021-12-07"),
        (BERLIN_PAPERS, "2021-12-08", "2021-12-09"),
        (BERLIN_PAPERS, "2021-12-13", "2021-12-14"),
        (BERLIN_PAPERS, "2021-12-15", "2021-12-16"),
    ]
    assert warnings(result) == [
        f"line 21, event {BERLIN_DAYS}: read the all-day series' UNTIL 2021-07-01T22:00:00Z as 2021-07-02, "
        "the day it falls on in Europe/Berlin (Exchange writes local midnight of the last day; Outlook shows it)",
        f"line 35, event {BERLIN_PAPERS}: read the all-day series' UNTIL 2021-12-14T23:00:00Z as 2021-12-15, "
        "the day it falls on in Europe/Berlin (Exchange writes local midnight of the last day; Outlook shows it)",
    ]


def test_exchange_all_day_until_no_vtimezone():
    """Without a VTIMEZONE (or X-WR-TIMEZONE) an all-day series' days are Europe/London's.

    ``UNTIL=20210701T230000Z`` is midnight BST starting 2 July: that day is kept, with a warning.
    Google's older exports end all-day series at the end of the UTC day (``T235959Z``, here
    14 July); read in London that is 00:59:59 on the 15th, but it plainly names the 14th, so
    that series is read as written, without a warning. The oracle drops 2 July (see above).
    """
    result = read_case("exchange_all_day_until_no_vtimezone.ics")
    assert occurrences(result) == [
        ("no-vtimezone-away-days", "2021-06-28", "2021-06-29"),
        ("no-vtimezone-away-days", "2021-06-29", "2021-06-30"),
        ("no-vtimezone-away-days", "2021-06-30", "2021-07-01"),
        ("no-vtimezone-away-days", "2021-07-01", "2021-07-02"),
        ("no-vtimezone-away-days", "2021-07-02", "2021-07-03"),
        ("google-leave@google.com", "2021-07-12", "2021-07-13"),
        ("google-leave@google.com", "2021-07-13", "2021-07-14"),
        ("google-leave@google.com", "2021-07-14", "2021-07-15"),
    ]
    assert warnings(result) == [
        "line 4, event no-vtimezone-away-days: read the all-day series' UNTIL 2021-07-01T23:00:00Z as 2021-07-02, "
        "the day it falls on in Europe/London (Exchange writes local midnight of the last day; Outlook shows it)"
    ]
