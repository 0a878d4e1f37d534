"""Files a user may really upload that are broken: each gets a message naming file, line and reason."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from importers import CalendarFileError, read
from importers.archive import MAX_MEMBER_BYTES
from importers.errors import AmbiguousDateFormat

HEADER = "Subject,Start Date,Start Time,End Date,End Time,All day event,Show time as\r\n"


def ics(*event_lines: str, extra: str = "") -> bytes:
    body = "\r\n".join(["BEGIN:VEVENT", *event_lines, "END:VEVENT"]) if event_lines else ""
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{extra}{body}\r\nEND:VCALENDAR\r\n".encode()


MEETING = ("UID:m1", "DTSTAMP:20250101T000000Z", "DTSTART:20250310T100000Z", "DTEND:20250310T110000Z", "SUMMARY:HWB")


def test_bad_empty_file():
    with pytest.raises(CalendarFileError, match="empty.ics: the file is empty"):
        read(b"  \r\n", "empty.ics")


def test_bad_truncated_file_names_the_unclosed_component():
    data = ics(*MEETING)[:-40]
    with pytest.raises(CalendarFileError, match=r"cut.ics, line 3: the file is truncated: BEGIN:VEVENT"):
        read(data, "cut.ics")


def test_bad_spreadsheet_renamed_ics():
    with pytest.raises(CalendarFileError, match="not an iCalendar file"):
        read(b"name,amount\r\nx,1\r\n", "budget.ics")


def test_bad_binary_renamed_ics():
    with pytest.raises(CalendarFileError, match="binary file"):
        read(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.ics")


def test_utf8_bom_and_windows_1252_are_read():
    bom = b"\xef\xbb\xbf" + ics(*MEETING[:-1], "SUMMARY:Café meeting")
    assert read(bom, "bom.ics")[0].occurrences[0].title == "Café meeting"
    cp1252 = ics(*MEETING[:-1]).replace(b"END:VEVENT", b"SUMMARY:Caf\xe9 \x96 review\r\nEND:VEVENT")
    assert read(cp1252, "legacy.ics")[0].occurrences[0].title == "Café – review"


def test_bad_date_that_does_not_exist_is_an_error_naming_the_event():
    data = ics("UID:feb30", "DTSTART:20250230T100000Z", "DTEND:20250230T110000Z", "SUMMARY:x")
    (result,) = read(data, "f.ics")
    (error,) = result.errors
    assert error.event == "feb30" and error.line == 3 and result.occurrences == []
    assert str(error).startswith("line 3, event feb30: invalid DTSTART '20250230T100000Z'")
    assert "DTSTART" in result.errors[0].message


def test_bad_event_without_start_is_an_error():
    (result,) = read(ics("UID:nostart", "SUMMARY:x"), "f.ics")
    assert "no DTSTART" in result.errors[0].message and result.occurrences == []


def test_event_that_ends_before_it_starts_is_listed_but_excluded():
    (result,) = read(ics("UID:back", "DTSTART:20250310T110000Z", "DTEND:20250310T100000Z", "SUMMARY:x"), "f.ics")
    (occ,) = result.occurrences
    assert occ.exclusion == "negative_duration"


def test_open_ended_recurrence_is_cut_at_a_stated_horizon():
    data = ics("UID:weekly", "DTSTART:20250106T100000Z", "DTEND:20250106T110000Z", "RRULE:FREQ=WEEKLY")
    (result,) = read(data, "f.ics", today=date(2025, 6, 1))
    assert result.open_ended_series == 1 and result.horizon == date(2026, 6, 1)
    assert max(o.start for o in result.occurrences).date() < date(2026, 6, 1)
    assert len(result.occurrences) == 73


def test_unknown_time_zone_is_read_as_london_with_a_warning():
    data = ics("UID:tz", "DTSTART;TZID=Mars/Olympus:20250710T100000", "DTEND;TZID=Mars/Olympus:20250710T110000")
    (result,) = read(data, "f.ics")
    assert result.occurrences[0].start_iso == "2025-07-10T09:00:00Z"  # 10:00 BST
    assert "unknown time zone 'Mars/Olympus'" in str(result.warnings[0])


@pytest.mark.parametrize("fast", [True, False])
def test_a_time_zone_named_after_a_tz_database_folder_is_unknown(fast):
    """A fuzzed TZID cut at a semicolon ("Europe;London" gives "Europe") made zoneinfo raise
    IsADirectoryError, and the file was refused as damaged in a way the reader does not recognise."""
    data = ics("UID:m1", "DTSTART;TZID=Europe:20250310T100000", "DTEND;TZID=Europe:20250310T110000", "SUMMARY:x")
    (result,) = read(data, "folder.ics", fast=fast)
    (warning,) = result.warnings
    assert str(warning) == "line 5, event m1: unknown time zone 'Europe': times read as Europe/London"
    assert result.occurrences[0].start_iso == "2025-03-10T10:00:00Z"


def test_windows_and_display_zone_names_resolve():
    for tzid in ("GMT Standard Time", '"(UTC+00:00) Dublin, Edinburgh, Lisbon, London"'):
        data = ics("UID:w", f"DTSTART;TZID={tzid}:20250710T100000", f"DTEND;TZID={tzid}:20250710T110000")
        (result,) = read(data, "f.ics")
        assert result.occurrences[0].start_iso == "2025-07-10T09:00:00Z"
        assert not result.warnings


def test_floating_time_is_london():
    (result,) = read(ics("UID:f", "DTSTART:20250110T100000", "DTEND:20250110T110000"), "f.ics")
    assert result.occurrences[0].start_iso == "2025-01-10T10:00:00Z"


def test_over_the_size_limit():
    with pytest.raises(CalendarFileError, match="limit is 100 bytes"):
        read(ics(*MEETING), "big.ics", max_bytes=100)


def _zip(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_with_nested_folders_reads_every_calendar():
    data = _zip(
        {
            "exports/2025/a.ics": ics(*MEETING),
            "exports/b/c.csv": (HEADER + "x,27/03/2025,10:00,27/03/2025,11:00,False,2\r\n").encode(),
            "__MACOSX/._a.ics": b"junk",
            "readme.txt": b"hello",
        }
    )
    results = read(data, "all.zip")
    assert sorted(r.filename for r in results) == ["all.zip/exports/2025/a.ics", "all.zip/exports/b/c.csv"]


def test_zip_bomb_is_refused_before_unpacking():
    data = _zip({"bomb.ics": b"A" * (MAX_MEMBER_BYTES - 1)})
    with pytest.raises(CalendarFileError, match="zip bomb"):
        read(data, "bomb.zip")


def test_zip_inside_zip_is_refused_with_advice():
    with pytest.raises(CalendarFileError, match="archives inside archives"):
        read(_zip({"inner.zip": _zip({"a.ics": ics(*MEETING)})}), "outer.zip")


def test_zip_without_calendars():
    with pytest.raises(CalendarFileError, match="holds no .ics or .csv"):
        read(_zip({"notes.txt": b"hi"}), "empty.zip")


def test_outlook_csv_uk_dates_are_inferred_day_first():
    data = (HEADER + "HWB,27/03/2025,14:00:00,27/03/2025,15:30:00,False,2\r\n").encode()
    (result,) = read(data, "uk.csv")
    assert result.occurrences[0].start_iso == "2025-03-27T14:00:00Z"


def test_outlook_csv_us_dates_and_twelve_hour_times():
    data = (HEADER + "HWB,3/27/2025,2:00:00 PM,3/27/2025,3:30:00 PM,False,2\r\n").encode()
    (result,) = read(data, "us.csv")
    assert result.occurrences[0].end_iso == "2025-03-27T15:30:00Z"


def test_outlook_csv_ambiguous_dates_are_refused_asking_for_the_format():
    data = (HEADER + "HWB,03/04/2025,10:00:00,03/04/2025,11:00:00,False,2\r\n").encode()
    with pytest.raises(AmbiguousDateFormat, match="dmy for a UK export"):
        read(data, "which.csv")
    (result,) = read(data, "which.csv", date_format="mdy")
    assert result.occurrences[0].start_iso == "2025-03-04T10:00:00Z"


def test_outlook_csv_missing_columns():
    with pytest.raises(CalendarFileError, match="missing column.*Start Date"):
        read(b"Subject,When\r\nx,y\r\n", "odd.csv")


def test_outlook_csv_date_that_does_not_exist_names_the_line():
    data = HEADER + "a,28/02/2025,10:00,28/02/2025,11:00,False,2\r\nb,30/02/2025,10:00,30/02/2025,11:00,False,2\r\n"
    with pytest.raises(CalendarFileError, match=r"bad.csv, line 3: Start Date '30/02/2025' is not a date that exists"):
        read(data.encode(), "bad.csv")


def test_outlook_csv_free_and_private_rows():
    data = (
        HEADER.replace("Show time as", "Show time as,Private") + "a,13/03/2025,10:00,13/03/2025,11:00,False,0,False\r\n"
    )
    data += "b,14/03/2025,10:00,14/03/2025,11:00,False,2,True\r\n"
    (result,) = read(data.encode("cp1252"), "f.csv")
    assert [o.exclusion for o in result.occurrences] == ["transparent", "private"]


@pytest.mark.parametrize("fast", [True, False])
def test_a_start_in_the_far_future_does_not_stretch_open_ended_series(fast):
    """A mistyped year (4050) once made one weekly series run to 4051: 105,729 meetings and a stalled import."""
    weekly = (
        "BEGIN:VEVENT\r\nUID:w\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20251103T100000Z\r\n"
        "DTEND:20251103T110000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Board\r\nEND:VEVENT\r\n"
    )
    typo = (
        "BEGIN:VEVENT\r\nUID:t\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:40500620T100000Z\r\n"
        "DTEND:40500620T110000Z\r\nSUMMARY:Typo\r\nEND:VEVENT\r\n"
    )
    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + weekly + typo + "END:VCALENDAR\r\n").encode()
    (result,) = read(data, "typo.ics", today=date(2026, 1, 1), fast=fast)
    assert result.horizon == date(2027, 1, 1)  # a year after today, as without the typo
    assert len(result.occurrences) == 61  # Mondays from 3 Nov 2025 up to 1 Jan 2027
    assert "1 event starts more than ten years ahead (after 2036-01-01): left out, as a mistyped year most likely" in [
        str(p) for p in result.problems
    ]
