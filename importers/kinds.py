"""What kind of calendar file this is, and whether it may be read at all: shared by the readers and
the glance, so both refuse the same files."""

from __future__ import annotations

from .errors import CalendarFileError

MAX_FILE_BYTES = 50 * 1024 * 1024


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
