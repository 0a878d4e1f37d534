"""Calendar readers: files in, a normalised stream of occurrences out. No database, no Flask.

``read(data, filename)`` picks the reader by content and name and returns one
``ReadResult`` per calendar file (a zip gives several).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from . import archive
from .errors import AmbiguousDateFormat, CalendarFileError
from .events import EXCLUSION_REASONS, Attendee, GroupReading, Occurrence, Problem, ReadResult
from .ics_fast import read_ics
from .outlook_csv import read_outlook_csv
from .readings import pack_groups, unpack_groups

MAX_FILE_BYTES = 50 * 1024 * 1024

__all__ = [
    "EXCLUSION_REASONS",
    "MAX_FILE_BYTES",
    "AmbiguousDateFormat",
    "Attendee",
    "CalendarFileError",
    "GroupReading",
    "Occurrence",
    "Problem",
    "ReadResult",
    "detect",
    "pack_groups",
    "read",
    "read_each",
    "unpack_groups",
]


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


def read(data: bytes, filename: str, **options: Any) -> list[ReadResult]:
    """Every calendar in the file, read (``read_each``'s options); raises ``CalendarFileError`` for a
    file that cannot be."""
    return list(read_each(data, filename, **options))


def read_each(
    data: bytes,
    filename: str,
    *,
    window: tuple[datetime, datetime] | None = None,
    today: date | None = None,
    date_format: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    unchanged: Callable[[str], str | None] | None = None,
    fast: bool = True,
    reuse: Mapping[str, GroupReading] | None = None,
) -> Iterator[ReadResult]:
    """Every calendar in the file, one at a time: an archive of hundreds of calendars is never all in
    memory. Raises ``CalendarFileError`` for a file that cannot be read.

    ``unchanged`` maps a file's SHA-256 to the owner of the identical file already imported, if any:
    such a file (or archive member) is not parsed at all, and its result says ``unchanged``, so a
    re-import of an unchanged export costs a hash, whatever its size.

    An .ics file's ``ReadResult.groups`` holds what each UID's events gave, by a hash of all it depends
    on; handed back as ``reuse`` (directly, or through ``pack_groups``/``unpack_groups``), the events
    of a newer export that have not changed are not parsed again. ``fast=False`` reads every .ics file
    the faithful way (the reference the fast reader is tested against).
    """
    if len(data) > max_bytes:
        raise CalendarFileError(filename, f"{len(data):,} bytes; the limit is {max_bytes:,} bytes a file")
    if not data.strip():
        raise CalendarFileError(filename, "the file is empty")
    kind = detect(data, filename)
    if kind == "zip":
        found = False
        for name, content in archive.members(data, filename):
            options: dict[str, Any] = {"window": window, "today": today, "date_format": date_format}
            for result in read_each(content, name, **options, unchanged=unchanged, fast=fast, reuse=reuse):
                found = True
                yield result
        if not found:
            raise CalendarFileError(filename, "the archive holds no .ics or .csv calendar files")
        return
    sha256 = hashlib.sha256(data).hexdigest()
    owner = unchanged(sha256) if unchanged else None
    if owner:
        yield ReadResult(filename, kind, sha256=sha256, owner_hint=owner, owner_certain=True, unchanged=True)
        return
    reader: Callable[..., ReadResult] = READERS[kind]
    if kind == "csv":
        result = reader(data, filename, date_format=date_format)
    else:
        result = reader(data, filename, window=window, today=today, fast=fast, reuse=reuse)
    result.sha256 = sha256
    yield result


READERS: dict[str, Callable[..., ReadResult]] = {"ics": read_ics, "csv": read_outlook_csv}
