"""Calendar readers: files in, a normalised stream of occurrences out. No database, no Flask.

``read(data, filename)`` picks the reader by content and name and returns one
``ReadResult`` per calendar file (a zip gives several).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from . import archive, kinds
from .archive_workers import read_in_workers
from .collection import collector_paused
from .deadline import NO_DEADLINE, Deadline, OutOfTime
from .errors import AmbiguousDateFormat, CalendarFileError
from .events import (
    FEWER_REASONS,
    Attendee,
    GroupReading,
    Occurrence,
    Problem,
    ReadResult,
    fewer_occurrences,
)
from .exclusions import EXCLUSION_REASONS
from .glance import Glance, glance
from .ics_fast import read_ics
from .kinds import MAX_ATTENDEES, MAX_FILE_BYTES, checked, counted, detect
from .lengths import cut_long_values
from .outlook_csv import read_outlook_csv
from .owners import owner_among_people
from .readings import pack_groups, unpack_groups

__all__ = [
    "EXCLUSION_REASONS",
    "FEWER_REASONS",
    "MAX_FILE_BYTES",
    "fewer_occurrences",
    "UNEXPECTED",
    "AmbiguousDateFormat",
    "Attendee",
    "CalendarFileError",
    "Deadline",
    "Glance",
    "GroupReading",
    "Occurrence",
    "OutOfTime",
    "Problem",
    "ReadResult",
    "checked",
    "detect",
    "glance",
    "owner_among_people",
    "pack_groups",
    "read",
    "read_each",
    "unpack_groups",
]


def read(data: bytes, filename: str, **options: Any) -> list[ReadResult]:
    """Every calendar in the file, read (``read_each``'s options); raises ``CalendarFileError`` for a
    file that cannot be. A ``max_bytes`` above an upload's allows as many more lines and events."""
    with kinds.limits_for(options.get("max_bytes", MAX_FILE_BYTES)):
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
    deadline: Deadline = NO_DEADLINE,
    workers: int = 1,
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

    ``deadline`` (``Deadline.after(seconds)``) makes reading stop with ``OutOfTime`` once it passes: the
    upload preview will not keep a manager waiting, and sends a slow file to the background instead.

    ``workers`` above one reads a large .ics file's events in that many forked processes (``ics_fast``):
    only for a caller of one thread, such as a command, as forking a threaded server is not safe.
    """
    checked(data, filename, max_bytes)
    kind = detect(data, filename)
    if kind == "zip":
        options: dict[str, Any] = {"window": window, "today": today, "date_format": date_format, "fast": fast}
        found = False
        for result in _members_read(data, filename, options, unchanged, reuse, deadline, workers):
            found = True
            yield result
        if not found:
            raise CalendarFileError(filename, "the archive holds no .ics or .csv calendar files")
        return
    sha256 = hashlib.sha256(data).hexdigest()
    known = _already_imported(filename, kind, sha256, unchanged)
    if known is not None:
        yield known
        return
    counted(data, filename)
    reader: Callable[..., ReadResult] = READERS[kind]
    try:
        with collector_paused():
            if kind == "csv":
                result = reader(data, filename, date_format=date_format, deadline=deadline)
            else:
                options = {"window": window, "today": today, "fast": fast, "reuse": reuse, "deadline": deadline}
                result = reader(data, filename, **options, workers=workers)
    except (CalendarFileError, OutOfTime, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a damage no check names: still the file and why, never a traceback
        raise CalendarFileError(filename, f"{UNEXPECTED} ({type(exc).__name__}: {exc})") from exc
    result.sha256 = sha256
    yield crowded_left_out(cut_long_values(result))


def _already_imported(
    filename: str, kind: str, sha256: str, unchanged: Callable[[str], str | None] | None
) -> ReadResult | None:
    """What stands for a file identical to one already imported for its owner: it is not read at all."""
    owner = unchanged(sha256) if unchanged else None
    if not owner:
        return None
    return ReadResult(filename, kind, sha256=sha256, owner_hint=owner, owner_certain=True, unchanged=True)


def _members_read(
    data: bytes,
    filename: str,
    options: dict[str, Any],
    unchanged: Callable[[str], str | None] | None,
    reuse: Mapping[str, GroupReading] | None,
    deadline: Deadline,
    workers: int,
) -> Iterator[ReadResult]:
    """An archive's calendars, member by member: one after another, or with ``workers`` above one (and no
    deadline to keep) in that many forked processes, each member whole in one of them."""
    members = archive.members(data, filename)
    if workers <= 1 or deadline is not NO_DEADLINE:
        for name, content in members:
            deadline.check(filename)
            yield from read_each(
                content, name, **options, unchanged=unchanged, reuse=reuse, deadline=deadline, workers=workers
            )
        return
    # A worker may not ask the caller's database: the stored readings are unpacked here, before the fork.
    stored = dict(reuse) if reuse is not None else None

    def known(content: bytes, name: str) -> ReadResult | None:
        checked(content, name, MAX_FILE_BYTES)
        return _already_imported(name, detect(content, name), hashlib.sha256(content).hexdigest(), unchanged)

    def read(content: bytes, name: str) -> list[ReadResult]:
        return list(read_each(content, name, **options, reuse=stored))

    yield from read_in_workers(members, read, known, workers)


def crowded_left_out(result: ReadResult) -> ReadResult:
    """Events listing more than ``MAX_ATTENDEES`` people are left out, each series named once, so one
    absurd invitation cannot flood the attendance tables (the rest of the file is read as usual)."""
    crowded = [o for o in result.occurrences if len(o.attendees) > MAX_ATTENDEES]
    if not crowded:
        return result
    result.occurrences = [o for o in result.occurrences if len(o.attendees) <= MAX_ATTENDEES]
    named: dict[tuple, Occurrence] = {}
    for o in crowded:
        named.setdefault((o.uid or o.title, o.title), o)
    for o in named.values():
        count = sum(1 for c in crowded if (c.uid or c.title, c.title) == (o.uid or o.title, o.title))
        left_out = "it was left out" if count == 1 else f"its {count:,} occurrences were left out"
        result.problems.append(
            Problem(
                f"lists {len(o.attendees):,} people; at most {MAX_ATTENDEES:,} are read for one event, so {left_out}",
                line=o.line,
                event=o.title or o.uid,
                severity="error",
            )
        )
    return result


# What a file gets when a reader fails in a way no check names: the tests fail on any such message.
UNEXPECTED = "cannot be read: it is damaged in a way the reader does not recognise"

READERS: dict[str, Callable[..., ReadResult]] = {"ics": read_ics, "csv": read_outlook_csv}
