"""The fast .ics reader: the same ``ReadResult`` as the faithful one (``ics``), in a fraction of the time.

The prepared file is cut into blocks (``ics_scan``) and grouped by UID; a plain single
event is read by hand (``ics_single``); only series and whatever the hand reader does
not vouch for are built as icalendar components (one parse for all of them, with the
calendar's zones) and expanded by the faithful code. Each group's reading is kept under
a hash of everything it depends on, so a newer export reuses the readings of unchanged
events. A file shaped in a way the scan does not vouch for is read the faithful way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime

import icalendar

from . import forked
from .deadline import NO_DEADLINE, Deadline, OutOfTime
from .events import GroupReading, Problem, ReadResult, Shape
from .ics import expand_group, horizon_window, read_prepared
from .ics_properties import (
    as_utc,
    event_uid,
    floating_zone,
    guess_owner,
    is_open_ended,
    property_value,
    unreadable_reason,
)
from .ics_scan import EventBlock, Scan, scan
from .ics_single import Odd, read_single, split, when
from .ics_text import Prepared, prepare
from .readings import READER_VERSION
from .text import decode
from .timezones import LONDON, zone


def read_ics(
    data: bytes,
    filename: str,
    *,
    window: tuple[datetime, datetime] | None = None,
    today: date | None = None,
    fast: bool = True,
    reuse: Mapping[str, GroupReading] | None = None,
    deadline: Deadline = NO_DEADLINE,
    workers: int = 1,
) -> ReadResult:
    """Every occurrence of every VEVENT, within ``window`` when given (see ``ics.read_ics``).

    ``fast=False`` reads the faithful way. ``reuse`` maps group hashes (``ReadResult.groups`` of an
    earlier read) to their readings: a group with the same hash is not parsed or expanded again.
    ``deadline`` is checked as lines and events are read (``OutOfTime`` past it). ``workers`` above one
    reads the events of a large file in that many forked processes (``_in_parallel``).
    """
    prepared = prepare(decode(data, filename), filename, deadline)
    found = scan(prepared.lines, prepared.blocks) if fast else None
    result = _read_fast(prepared, found, filename, window, today, reuse or {}, deadline, workers) if found else None
    return result or read_prepared(prepared, filename, window=window, today=today, deadline=deadline)


class _Calendar:
    """What every group's reading depends on besides its own events."""

    def __init__(self, found: Scan, filename: str) -> None:
        self.found, self.filename = found, filename
        self.header = icalendar.Calendar.from_ical(found.calendar_text())
        self.floating = floating_zone(self.header)
        self.cancelled = str(self.header.get("METHOD", "")).upper() == "CANCEL"
        name = self.header.get("X-WR-TIMEZONE")
        self.x_wr = zone(str(name)) if name is not None else None
        # recurring-ical-events reads X-WR-TIMEZONE itself; the hand reader follows it only for a plain zone name.
        self.by_hand = name is None or (self.x_wr is not None and str(name) == str(name).strip())

    def context(self, window: tuple[datetime, datetime]) -> bytes:
        parts = [READER_VERSION, window[0].isoformat(), window[1].isoformat()]
        parts += [str(self.header.get(name, "")) for name in ("X-WR-TIMEZONE", "METHOD")]
        return "\x00".join([*parts, *self.found.timezones]).encode()

    def parse(self, events: list[EventBlock]) -> list:
        """The events as icalendar components, parsed with the calendar's header and zones."""
        if not events:
            return []
        cal = icalendar.Calendar.from_ical(self.found.calendar_text("".join(e.text() for e in events)))
        parsed = [c for c in cal.subcomponents if c.name == "VEVENT"]
        if len(parsed) != len(events):
            raise ValueError("the events did not parse one for one")
        self.cal = cal
        return parsed


def _read_fast(
    prepared: Prepared,
    found: Scan,
    filename: str,
    window: tuple[datetime, datetime] | None,
    today: date | None,
    reuse: Mapping[str, GroupReading],
    deadline: Deadline,
    workers: int = 1,
) -> ReadResult | None:
    """The result, or None when icalendar raises on part of the file (the faithful reader then says why)."""
    try:
        calendar = _Calendar(found, filename)
    except Exception:  # icalendar raises bare ValueErrors and worse; the faithful path reports them
        return None
    result = ReadResult(filename=filename, kind="ics", problems=list(prepared.problems))
    result.events_read = len(found.events)
    groups: dict[str, list[int]] = {}
    for n, event in enumerate(found.events):
        groups.setdefault(event.uid or f"#{n}", []).append(n)
    try:
        if window is None:
            result.horizon, window, note = horizon_window(_starts(calendar, found.events), today)
            result.problems.extend([note] if note else [])
        if workers > 1 and len(groups) >= PARALLEL_FROM and deadline is NO_DEADLINE:
            readings = _in_parallel(calendar, groups, window, reuse, workers)
        else:
            readings = _readings(calendar, groups, window, reuse, deadline)
    except OutOfTime:
        raise
    except Exception:  # as above: a part icalendar cannot parse
        return None
    guess_owner([calendar.header], filename, result)
    _assemble(result, readings, groups)
    shapes = (_shape(readings[key][1], [found.events[n] for n in members]) for key, members in groups.items())
    result.shapes = [shape for shape in shapes if shape is not None]
    result.groups = {digest: reading for digest, reading in readings.values()}
    return result


def _starts(calendar: _Calendar, events: list[EventBlock]) -> list[datetime | None]:
    """Every event's DTSTART in UTC (floating in Europe/London), for the horizon of a read without a window."""
    starts: list[datetime | None] = []
    odd: list[EventBlock] = []
    for event in events:
        try:
            if event.whole or event.names.count("DTSTART") > 1:
                raise Odd
            line = next((text for text, name in zip(event.lines, event.names) if name == "DTSTART"), None)
            starts.append(as_utc(when(*split(line)), LONDON) if line else None)
        except Odd:
            odd.append(event)
    for ev in calendar.parse(odd):
        starts.append(as_utc(property_value(ev, "DTSTART"), LONDON) if ev.get("DTSTART") else None)
    return starts


def _readings(
    calendar: _Calendar,
    groups: dict[str, list[int]],
    window: tuple[datetime, datetime],
    reuse: Mapping[str, GroupReading],
    deadline: Deadline,
) -> dict[str, tuple[str, GroupReading]]:
    """Each group's (hash, reading): reused, read by hand, or parsed and expanded the faithful way."""
    events = calendar.found.events
    context = calendar.context(window)
    readings: dict[str, tuple[str, GroupReading]] = {}
    queued: list[tuple[str, str]] = []
    for i, (key, members) in enumerate(groups.items()):
        if not i & 0x3FF:
            deadline.check(calendar.filename)
        digest = _digest(context, [events[n] for n in members])
        lines = tuple(events[n].line for n in members)
        if digest in reuse:
            readings[key] = (digest, reuse[digest].rebased(lines))
            continue
        event = events[members[0]]
        if len(members) == 1 and calendar.by_hand and not event.whole and not event.rules:
            try:
                occurrence = read_single(
                    event.lines,
                    event.names,
                    window=window,
                    x_wr=calendar.x_wr,
                    floating=calendar.floating,
                    cancelled=calendar.cancelled,
                    line=event.line,
                )
                readings[key] = (digest, GroupReading(lines, (occurrence,) if occurrence else ()))
                continue
            except Odd:
                pass
        queued.append((key, digest))
    parsed = iter(calendar.parse([events[n] for key, _ in queued for n in groups[key]]))
    for i, (key, digest) in enumerate(queued):
        if not i & 0x3F:
            deadline.check(calendar.filename)
        group = [(next(parsed), events[n].line) for n in groups[key]]
        readings[key] = (digest, expand(key, group, calendar.cal, window))
    return readings


PARALLEL_FROM = 2000  # events worth forking for: below, a process's start costs more than it saves
_SHARED: dict = {}  # what forked workers read, set just before they are forked (nothing is pickled to them)


def _in_parallel(
    calendar: _Calendar,
    groups: dict[str, list[int]],
    window: tuple[datetime, datetime],
    reuse: Mapping[str, GroupReading],
    workers: int,
) -> dict[str, tuple[str, GroupReading]]:
    """``_readings`` of the groups, split into ``workers`` runs of about as many events, each read in a
    forked process: parsing and expanding are Python, one core each, and the groups are independent. The
    workers inherit the prepared file by the fork; only their readings come back."""
    keys = list(groups)
    runs: list[list[str]] = [[] for _ in range(workers)]
    events, filled = sum(len(m) for m in groups.values()), 0
    for key in keys:  # in file order, each run a share of the events
        runs[filled * workers // events].append(key)
        filled += len(groups[key])
    _SHARED.update(calendar=calendar, groups=groups, window=window, reuse=reuse)
    try:
        with forked.pool(workers) as pool:
            parts = list(pool.map(_read_run, [r for r in runs if r]))
    finally:
        _SHARED.clear()
    found: dict[str, tuple[str, GroupReading]] = {}
    for part in parts:
        found.update(part)
    return {key: found[key] for key in keys}  # in the groups' order, as one process gives them


def _read_run(keys: list[str]) -> dict[str, tuple[str, GroupReading]]:
    """In a forked worker: the readings of these groups."""
    groups = _SHARED["groups"]
    return _readings(
        _SHARED["calendar"], {k: groups[k] for k in keys}, _SHARED["window"], _SHARED["reuse"], NO_DEADLINE
    )


def _digest(context: bytes, members: list[EventBlock]) -> str:
    digest = hashlib.sha256(context)
    for event in members:
        digest.update(b"\x01" + "\x00".join(event.lines).encode())
    return digest.hexdigest()


def expand(key: str, members: list, cal, window: tuple[datetime, datetime]) -> GroupReading:
    """One UID's parsed events read as the faithful reader reads them (``ics.read_prepared``)."""
    scratch = ReadResult(filename="", kind="ics")
    unreadable: list[Problem] = []
    readable = []
    open_ended, first = 0, None
    for index, (event, line) in enumerate(members):
        if reason := unreadable_reason(event):
            unreadable.append(Problem(reason, line, event_uid(event), "error"))
            continue
        open_ended += is_open_ended(event)
        first = index if first is None else first
        readable.append((event, line, cal))
    if readable:
        expand_group(key, readable, window, scratch, each_once=True)
    lines = tuple(line for _, line in members)
    return GroupReading(
        lines, tuple(scratch.occurrences), tuple(scratch.problems), tuple(unreadable), open_ended, first
    )


def _shape(reading: GroupReading, events: list[EventBlock]) -> Shape | None:
    """A UID's readable events read from their kept lines, as ``ics.read_prepared`` reads them from
    icalendar (the UID as its occurrences carry it, so the two are matched alike); None if none is."""
    unreadable = {p.line for p in reading.unreadable}
    events = [event for event in events if event.line not in unreadable]
    if not events:
        return None
    uid = reading.occurrences[0].uid if reading.occurrences else events[0].uid
    return Shape.of(uid, [set(event.names) for event in events])


def _assemble(result: ReadResult, readings: dict[str, tuple[str, GroupReading]], groups: dict[str, list[int]]) -> None:
    """Problems and occurrences in the faithful reader's order: unreadable events in file order, then
    each group's expansion in the order of its first readable event."""
    result.problems.extend(sorted((p for _, r in readings.values() for p in r.unreadable), key=lambda p: p.line or 0))
    order = []
    for key, (_, reading) in readings.items():
        result.open_ended_series += reading.open_ended
        if reading.first_readable is not None:
            order.append((groups[key][reading.first_readable], reading))
    order.sort(key=lambda pair: pair[0])
    for _, reading in order:
        result.problems.extend(reading.problems)
        result.occurrences.extend(reading.occurrences)
    result.occurrences.sort(key=lambda o: (o.start_iso, o.uid or "", o.recurrence_id or ""))
