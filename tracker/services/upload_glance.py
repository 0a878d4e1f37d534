"""An upload too large to preview, checked while the manager waits without reading its events.

Previewing means reading every event and rehearsing the import; for a directorate's zip that is
minutes, and the job would read it all again. So an upload over the preview limit is glanced at:
each file's type, size and archive members are checked and each calendar's owner is told from its
name, as the import would tell it; the events themselves are read once, by the background job,
which refuses the whole upload (nothing saved) if any file turns out to be unreadable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import importers
from importers import CalendarFileError, Glance

from ..domain.entries import EMAIL
from .calendar_import import OwnerUnknown


@dataclass
class Glanced:
    """What the glance found, in the terms of ``calendar_import.Reading``: each stored file's suggested
    owner and what stops it (by stored name), and the calendars and unpacked bytes in all."""

    hints: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    owners_missing: list[tuple[str, str]] = field(default_factory=list)
    calendars: dict[str, list[Glance]] = field(default_factory=dict)
    owners: list[tuple[str, str]] = field(default_factory=list)  # (calendar's file name, owner) where known

    @property
    def size(self) -> int:
        return sum(g.size for found in self.calendars.values() for g in found)

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.calendars.values())


def glance_uploads(paths: Iterable[tuple[str, Path]], owners: dict[str, str]) -> Glanced:
    """Every stored file (named ``000-name``) glanced at, one at a time; the owners given are checked
    as ``calendar_import.resolve_owner`` checks them, and each calendar's owner, where known, listed (for
    ``calendar_owners`` to check whose calendars they are)."""
    out = Glanced()
    for stored, path in paths:
        try:
            found = list(importers.glance(path.read_bytes(), stored[4:], max_bytes=importers.MAX_FILE_BYTES))
        except CalendarFileError as exc:
            out.problems.append((stored, str(exc)))
            continue
        out.calendars[stored] = found
        out.hints[stored] = next((g.owner_hint for g in found if g.owner_hint), "") or ""
        given = owners.get(stored, "")
        for calendar in found:
            if given and EMAIL.match(given):
                out.owners.append((calendar.filename, given))
            elif not given and calendar.owner_certain and calendar.owner_hint:
                out.owners.append((calendar.filename, calendar.owner_hint))
            else:
                unknown = OwnerUnknown(calendar.filename, hint=calendar.owner_hint, given=given or None)
                out.owners_missing.append(
                    (stored, f"{unknown.filename}: {unknown.reason}; give the owner's address below")
                )
                break
    return out
