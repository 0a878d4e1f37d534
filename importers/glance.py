"""Whose each calendar in a file is, and how big it is, without reading a single event.

An upload too large to preview (a directorate's zip) is checked this way while the manager waits;
its events are read once, by the background job that imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import archive
from .errors import CalendarFileError
from .kinds import checked, counted, detect
from .owners import owner_from

# The calendar's name as Google and Apple write it: one short line, so never folded in practice.
CALENDAR_NAME = re.compile(rb"^X-WR-CALNAME(?:;[^:\r\n]*)?:([^\r\n]*)", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Glance:
    filename: str
    kind: str  # "ics" or "csv"
    size: int  # bytes, unpacked
    owner_hint: str | None
    owner_certain: bool


def glance(data: bytes, filename: str, *, max_bytes: int) -> Iterator[Glance]:
    """Each calendar in the file (each member of an archive), with its owner as ``read`` would tell it;
    raises ``CalendarFileError`` for what ``read`` would refuse before parsing (size, type, archive)."""
    checked(data, filename, max_bytes)
    kind = detect(data, filename)
    if kind == "zip":
        found = False
        for name, content in archive.members(data, filename):
            found = True
            yield from glance(content, name, max_bytes=max_bytes)
        if not found:
            raise CalendarFileError(filename, "the archive holds no .ics or .csv calendar files")
        return
    counted(data, filename)
    names = [n.decode("utf-8", "replace") for n in CALENDAR_NAME.findall(data)] if kind == "ics" else []
    hint, certain = owner_from(names, filename)
    yield Glance(filename, kind, len(data), hint, certain)
