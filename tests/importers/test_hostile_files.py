"""Damaged and hostile calendar files: whatever the bytes, reading gives occurrences or a clear
``CalendarFileError`` naming the file, never a traceback of another kind.

Hypothesis mangles real exports line by line (drops, doubles, truncates, swaps in junk, garbles
names, parameters and values) and byte by byte; both readers (fast and faithful) must hold.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import UNEXPECTED, CalendarFileError, read
from tests.conftest import SHARED
from tests.tracker.test_end_to_end import E2E

REAL = SHARED / "calendars" / "real"
SOURCES = [E2E / "bob-google.ics", E2E / "alice-outlook.ics", E2E / "carol-outlook.csv"]
SOURCES += sorted(REAL.glob("*.ics"))[:12] if REAL.is_dir() else []
JUNK = st.sampled_from(
    [
        "",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "END:VCALENDAR",
        "BEGIN:VTIMEZONE",
        "DTSTART;TZID=Nowhere/Zone:20250101T090000",
        "DTSTART:2025-13-45",
        "DTEND:20250101T080000Z",
        "RRULE:FREQ=DAILY;INTERVAL=0",
        "RRULE:FREQ=SECONDLY;COUNT=99999999",
        "RRULE:FREQ=YEARLY;BYSETPOS=400;BYDAY=MO",
        "EXDATE;VALUE=DATE:2025",
        "RECURRENCE-ID:garbage",
        "DURATION:P-1D",
        "DURATION:PT99999999H",
        "ATTENDEE;PARTSTAT=ACCEPTED:",
        'ORGANIZER;CN="unclosed:mailto:x@y',
        "X-WR-TIMEZONE:Mars/Olympus",
        "\x00\x01\x02",
        "SUMMARY:" + "a" * 5000,
        ";;;:::",
        "Subject,Start Date,Start Time",
        '"unclosed,quote',
    ]
)


@st.composite
def mangled(draw) -> tuple[str, bytes]:
    path = draw(st.sampled_from(SOURCES))
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "double", "junk", "garble", "truncate", "swap"]))
        if how == "drop":
            del lines[i]
        elif how == "double":
            lines.insert(i, lines[i])
        elif how == "junk":
            lines.insert(i, draw(JUNK))
        elif how == "garble":
            cut = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:cut] + draw(st.text(max_size=12)) + lines[i][cut:]
        elif how == "truncate":
            lines = lines[: i + 1]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    data = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return path.name, data


def read_or_refuse(name: str, data: bytes, fast: bool) -> None:
    try:
        results = read(data, name, today=date(2026, 1, 1), fast=fast)
    except CalendarFileError as exc:
        assert str(exc).startswith(name), exc  # the message names the file
        assert UNEXPECTED not in str(exc), exc  # ...and says what is wrong: a check caught it, not the guard
        return
    for result in results:
        for occ in result.occurrences:  # what is read is well formed: aware UTC times, or all-day dates
            assert isinstance(occ.start, datetime) == (not occ.all_day), occ  # (an end before the start is
            assert occ.all_day or occ.start.tzinfo is not None, occ  # kept: it is excluded, with its reason)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_a_mangled_export_is_read_or_refused_by_name(case):
    name, data = case
    read_or_refuse(name, data, fast=True)
    read_or_refuse(name, data, fast=False)


@pytest.mark.parametrize(
    "data", [b"\xff\xfe" + "BEGIN:VCALENDAR".encode("utf-16-le"), b"\x00" * 4096, b"PK\x03\x04junk"]
)
def test_binary_garbage_is_refused_by_name(data):
    with pytest.raises(CalendarFileError) as refused:
        read(data, "garbage.ics")
    assert str(refused.value).startswith("garbage.ics")
