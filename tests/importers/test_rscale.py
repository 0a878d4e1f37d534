"""RFC 7529 Gregorian rules with SKIP: instances on days a month lacks move, or are left out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from importers import read
from importers.repairs import rrule_tidy
from tests.importers.cases import occurrences, read_case

WINDOW = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))


def test_rscale_gregorian_skip():
    """Regression: SKIP was ignored, so only the days that exist were listed (SKIP=OMIT).

    recurring-ical-events has no SKIP. RFC 7529 3.1: SKIP=FORWARD moves an instance on a day its
    month lacks to the next day (29 February -> 1 March), SKIP=BACKWARD to the month's last day
    (28 February), SKIP=OMIT (the default) leaves it out; moved instances count towards COUNT
    and are replaced by overrides and removed by EXDATEs like any other. The oracle (ical.js)
    knows no SKIP either: it rolls 29 February over to 1 March for every SKIP value (wrong for
    BACKWARD and OMIT) and leaves out the 31st of shorter months (wrong for FORWARD and
    BACKWARD); libical, which implements RFC 7529, agrees with us (see the test below).
    """
    result = read_case("rscale_gregorian_skip.ics", window=WINDOW)
    assert sorted(occurrences(result)) == [
        ("leap-backward", "2024-02-29", "2024-03-01"),
        ("leap-backward", "2025-02-28", "2025-03-01"),
        ("leap-backward", "2026-02-28", "2026-03-01"),
        ("leap-backward", "2027-02-28", "2027-03-01"),
        ("leap-forward", "2024-02-29", "2024-03-01"),
        ("leap-forward", "2025-03-01", "2025-03-02"),
        ("leap-forward", "2026-03-01", "2026-03-02"),
        ("leap-forward", "2027-03-01", "2027-03-02"),
        ("leap-forward", "2028-02-29", "2028-03-01"),
        ("leap-omit", "2024-02-29", "2024-03-01"),
        ("leap-omit", "2028-02-29", "2028-03-01"),
        # Monthly on the 31st, moved back; 28 February moved by an override, 30 April an EXDATE.
        ("month-end-backward", "2025-01-31T14:00:00Z", "2025-01-31T15:00:00Z"),
        ("month-end-backward", "2025-03-03T10:00:00Z", "2025-03-03T11:00:00Z"),
        ("month-end-backward", "2025-03-31T13:00:00Z", "2025-03-31T14:00:00Z"),
        ("month-end-backward", "2025-05-31T13:00:00Z", "2025-05-31T14:00:00Z"),
        ("month-end-backward", "2025-06-30T13:00:00Z", "2025-06-30T14:00:00Z"),
        # Monthly on the 31st, moved forward, COUNT=5 including the moved ones; 09:00 London.
        ("month-end-forward", "2025-01-31T09:00:00Z", "2025-01-31T10:00:00Z"),
        ("month-end-forward", "2025-03-01T09:00:00Z", "2025-03-01T10:00:00Z"),
        ("month-end-forward", "2025-03-31T08:00:00Z", "2025-03-31T09:00:00Z"),
        ("month-end-forward", "2025-05-01T08:00:00Z", "2025-05-01T09:00:00Z"),
        ("month-end-forward", "2025-05-31T08:00:00Z", "2025-05-31T09:00:00Z"),
    ]
    moved = next(o for o in result.occurrences if o.start_iso == "2025-03-03T10:00:00Z")
    assert moved.recurrence_id == "2025-02-28T14:00:00Z"
    notes = {p.event: p.message for p in result.warnings}
    assert notes["leap-forward"] == (
        "expanded RSCALE=GREGORIAN;SKIP=FORWARD: an instance on a day its month lacks moves to "
        "the first day of the next month"
    )
    assert notes["leap-backward"].endswith("moves to the last day of its month")
    assert notes["leap-omit"] == "read RSCALE=GREGORIAN as a plain rule"


# libical's RFC 7529 vectors (src/test/icalrecur_withicu_test.out), the Gregorian ones we expand.
LIBICAL = [
    ("20120229", "FREQ=YEARLY;COUNT=4", "20120229,20160229,20200229,20240229"),
    ("20140131", "FREQ=MONTHLY;SKIP=BACKWARD;COUNT=4", "20140131,20140228,20140331,20140430"),
    ("20140131", "FREQ=MONTHLY;SKIP=FORWARD;COUNT=4", "20140131,20140301,20140331,20140501"),
    (
        "20150201",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;SKIP=FORWARD;COUNT=5",
        "20150228,20150301,20160228,20160229,20170228",
    ),
    ("20140131", "FREQ=MONTHLY;INTERVAL=3;SKIP=FORWARD;COUNT=4", "20140131,20140501,20140731,20141031"),
    (
        "20150131T000000Z",
        "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12;SKIP=FORWARD",
        "20150131T000000Z,20150301T000000Z,20150331T000000Z,20150501T000000Z,20150531T000000Z,20150701T000000Z,"
        "20150731T000000Z,20150831T000000Z,20151001T000000Z,20151031T000000Z,20151201T000000Z,20151231T000000Z",
    ),
    (
        "20150131T000000Z",
        "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12;SKIP=BACKWARD",
        "20150131T000000Z,20150228T000000Z,20150331T000000Z,20150430T000000Z,20150531T000000Z,20150630T000000Z,"
        "20150731T000000Z,20150831T000000Z,20150930T000000Z,20151031T000000Z,20151130T000000Z,20151231T000000Z",
    ),
]


@pytest.mark.parametrize(("dtstart", "rule", "instances"), LIBICAL)
def test_rscale_skip_matches_libical(dtstart, rule, instances):
    """A third implementation: libical, which implements RFC 7529 (Thunderbird's oracle does not)."""
    start = f"DTSTART;VALUE=DATE:{dtstart}" if len(dtstart) == 8 else f"DTSTART:{dtstart}"
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:v\r\n"
        f"{start}\r\nRRULE:RSCALE=GREGORIAN;{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = (datetime(2010, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
    (result,) = read(data.encode(), "v.ics", window=window)
    expected = [
        f"{i[:4]}-{i[4:6]}-{i[6:8]}" + (f"T{i[9:11]}:{i[11:13]}:{i[13:15]}Z" if len(i) > 8 else "")
        for i in instances.split(",")
    ]
    assert [o.start_iso for o in result.occurrences] == expected


@pytest.mark.parametrize(
    ("line", "note"),
    [
        (
            "RRULE:RSCALE=GREGORIAN;FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=31;SKIP=FORWARD",
            "ignored SKIP=FORWARD with BYDAY (days a month lacks are left out); read RSCALE=GREGORIAN as a plain rule",
        ),
        (
            "RRULE:RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=-31;SKIP=BACKWARD",
            "ignored SKIP=BACKWARD with BYMONTHDAY=-31 (days a month lacks are left out); "
            "read RSCALE=GREGORIAN as a plain rule",
        ),
        ("RRULE:RSCALE=GREGORIAN;FREQ=WEEKLY;SKIP=FORWARD", "read RSCALE=GREGORIAN as a plain rule"),
        (
            "RRULE:RSCALE=GREGORIAN;FREQ=YEARLY;SKIP=SIDEWAYS",
            "ignored SKIP=SIDEWAYS, which RFC 7529 does not define; read RSCALE=GREGORIAN as a plain rule",
        ),
    ],
)
def test_rscale_skip_not_expanded_says_so(line, note):
    """Rules whose moved days are not worked out here lose RSCALE and SKIP, and the note says so."""
    tidy, said = rrule_tidy(line)
    assert said == note
    assert "SKIP" not in tidy and "RSCALE" not in tidy
