"""What kind of calendar file this is, and whether it may be read at all: shared by the readers and
the glance, so both refuse the same files."""

from __future__ import annotations

from .errors import CalendarFileError

MAX_FILE_BYTES = 50 * 1024 * 1024
# Far beyond a real export (a senior manager's year is about 1,200 meetings, 40,000 lines), near enough
# to keep one upload to a few minutes of reading.
MAX_LINES = 1_000_000
MAX_EVENTS = 100_000  # VEVENTs in one .ics file
MAX_ATTENDEES = 2_000  # people one event may list; an event listing more is left out, and said so


def detect(data: bytes, filename: str) -> str:
    """The format of a file: ``zip``, ``ics`` or ``csv``, from its first bytes, then its name."""
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return "zip"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    lower = filename.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".ics", ".ical", ".ifb")):
        return "ics"
    if lower.endswith(".zip"):
        return "zip"
    raise CalendarFileError(filename, "not a calendar export: expected an .ics, Outlook .csv or .zip file")


def checked(data: bytes, filename: str, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file too large to read, or empty, before anything is parsed."""
    if len(data) > max_bytes:
        raise CalendarFileError(filename, f"{len(data):,} bytes; the limit is {max_bytes:,} bytes a file")
    if not data.strip():
        raise CalendarFileError(filename, "the file is empty")


def counted(data: bytes, filename: str) -> None:
    """Refuse a calendar file (not an archive) of too many lines or events, before it is parsed."""
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    if lines > MAX_LINES:
        raise CalendarFileError(filename, f"{lines:,} lines; the limit is {MAX_LINES:,} lines a file")
    events = data.count(b"BEGIN:VEVENT") + data.count(b"begin:vevent")
    if events > MAX_EVENTS:
        raise CalendarFileError(filename, f"{events:,} events; the limit is {MAX_EVENTS:,} events a file")
