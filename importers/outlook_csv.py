"""Outlook's "Comma Separated Values" calendar export (and look-alikes such as Yahoo's).

The export has no UID, no time zone and no attendee addresses; dates follow the
exporting machine's locale, so day-first or month-first is decided from the
whole file and an undecidable file is refused rather than guessed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from . import kinds
from .deadline import NO_DEADLINE, Deadline
from .errors import AmbiguousDateFormat, CalendarFileError
from .events import Occurrence, ReadResult, attendee
from .text import decode
from .timezones import LONDON

REQUIRED = ("Subject", "Start Date")
_DATE = re.compile(r"^\s*(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?\s*$")
TRUE = {"true", "yes", "1", "wahr", "vrai", "ja", "oui"}


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def read_outlook_csv(
    data: bytes, filename: str, *, date_format: str | None = None, deadline: Deadline = NO_DEADLINE
) -> ReadResult:
    """Read every row as one occurrence, its times in Europe/London."""
    rows, headers = _rows(decode(data, filename), filename, deadline)
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        raise CalendarFileError(
            filename,
            f"missing column(s) {', '.join(missing)}; an Outlook calendar export has "
            "Subject, Start Date, Start Time, End Date, End Time, ...",
            line=1,
        )
    order = date_format or infer_date_format(rows, filename)
    result = ReadResult(filename=filename, kind="outlook-csv", events_read=len(rows))
    for row in rows:
        result.occurrences.append(_occurrence(row, order, filename))
    result.occurrences.sort(key=lambda o: (o.start_iso, o.title))
    return result


def _rows(text: str, filename: str, deadline: Deadline) -> tuple[list[_Row], list[str]]:
    """The rows that hold anything, each with the line it begins on. A row is an event, so past
    ``MAX_EVENTS`` the file is refused at the row that passes the limit (a quoted cell may hold line
    breaks, so rows are counted here, as they are read, not from the file's lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise CalendarFileError(filename, "the file is empty") from None
    except csv.Error as exc:
        raise CalendarFileError(filename, f"not a readable CSV file ({exc})", line=1) from exc
    rows: list[_Row] = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= kinds.event_limit():
                kinds.too_many_events(len(rows) + 1, filename, line=reader.line_num)
            if not len(rows) & 0x3FF:
                deadline.check(filename)
            if len(record) > len(headers):
                raise CalendarFileError(
                    filename, f"{len(record)} cells but {len(headers)} column names", line=reader.line_num
                )
            cells = [c.strip() for c in record] + [""] * (len(headers) - len(record))  # a short row: empty cells
            rows.append(_Row(reader.line_num, dict(zip(headers, cells, strict=True))))
    except csv.Error as exc:
        raise CalendarFileError(filename, f"not a readable CSV file ({exc})", line=reader.line_num) from exc
    return rows, headers


def infer_date_format(rows: list[_Row], filename: str) -> str:
    """Day-first or month-first, from every date in the file; refuse when the file cannot tell."""
    day_first = month_first = False
    for row in rows:
        for column in ("Start Date", "End Date"):
            match = _DATE.match(row.values.get(column, ""))
            if not match:
                continue
            a, b = int(match.group(1)), int(match.group(2))
            if len(match.group(1)) == 4:
                return "ymd"
            day_first |= a > 12
            month_first |= b > 12
    if day_first and month_first:
        raise CalendarFileError(filename, "the dates mix day-first and month-first order")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    if not rows or not any(_DATE.match(r.values.get("Start Date", "")) for r in rows):
        return "dmy"
    raise AmbiguousDateFormat(
        filename,
        "every date in the file reads both as day/month and as month/day; "
        "say which the export uses (dmy for a UK export, mdy for a US one)",
    )


def parse_date(text: str, order: str, filename: str, line: int, column: str) -> date:
    match = _DATE.match(text)
    if not match:
        raise CalendarFileError(filename, f"{column} {text!r} is not a date", line=line)
    a, b, c = (int(g) for g in match.groups())
    day, month, year = {"dmy": (a, b, c), "mdy": (b, a, c), "ymd": (c, b, a)}[order]
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise CalendarFileError(filename, f"{column} {text!r} is not a date that exists", line=line) from None


def parse_time(text: str, filename: str, line: int, column: str) -> time:
    match = _TIME.match(text)
    if not match:
        raise CalendarFileError(filename, f"{column} {text!r} is not a time", line=line)
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise CalendarFileError(filename, f"{column} {text!r} is not a time", line=line)
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise CalendarFileError(filename, f"{column} {text!r} is not a time that exists", line=line) from None


def _occurrence(row: _Row, order: str, filename: str) -> Occurrence:
    v = row.values
    start_day = parse_date(v["Start Date"], order, filename, row.line, "Start Date")
    end_day = parse_date(v["End Date"], order, filename, row.line, "End Date") if v.get("End Date") else start_day
    all_day = v.get("All day event", "").lower() in TRUE
    if all_day:
        start: datetime | date = start_day
        end: datetime | date = end_day if end_day > start_day else start_day + timedelta(days=1)
    else:
        start_time = parse_time(v.get("Start Time") or "00:00", filename, row.line, "Start Time")
        end_time = parse_time(v.get("End Time") or v.get("Start Time") or "00:00", filename, row.line, "End Time")
        start = _london(start_day, start_time)
        end = _london(end_day, end_time)
    sensitivity = v.get("Sensitivity", "").lower()
    return Occurrence(
        uid=None,
        recurrence_id=None,
        start=start,
        end=end,
        all_day=all_day,
        title=v.get("Subject", ""),
        status=None,
        transparent=v.get("Show time as", "").strip() == "0",
        private=v.get("Private", "").lower() in TRUE or sensitivity in ("private", "confidential"),
        organizer=None,
        attendees=tuple(_attendees(v)),
        categories=tuple(c.strip() for c in re.split(r"[;,]", v.get("Categories", "")) if c.strip()),
        line=row.line,
    )


def _london(day: date, clock: time) -> datetime:
    """A wall-clock time in Europe/London as UTC (the earlier reading in the autumn's repeated hour)."""
    return datetime.combine(day, clock, LONDON).astimezone(UTC)


def _attendees(values: dict[str, str]):
    organizer = values.get("Meeting Organizer", "").strip()
    names = [organizer] if organizer else []
    for column in ("Required Attendees", "Optional Attendees"):
        names.extend(n.strip() for n in values.get(column, "").split(";") if n.strip())
    seen = set()
    for name in names:
        email = name.lower() if "@" in name else ""
        key = name.lower()
        if key not in seen:
            seen.add(key)
            yield attendee(email, "ACCEPTED" if name == organizer else None, name)
