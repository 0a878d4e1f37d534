"""Text preparation of an .ics file before parsing: unfold, check the envelope, repair, resolve zones.

Kept apart from expansion (``ics``) because it works on lines, where file line
numbers are still known and every repair can say where it happened.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import tzinfo

from . import kinds
from .deadline import NO_DEADLINE, Deadline
from .errors import CalendarFileError
from .events import Problem
from .ics_ending import MARKER_STARTS, mend_ending
from .kinds import file_lines
from .repairs import REPAIRS, needs_repair, split_line
from .timezones import resolve_tzid


@dataclass
class Block:
    """Where a VEVENT stands in the file, for messages that name its line."""

    line: int
    uid: str | None = None


@dataclass
class Prepared:
    text: str
    blocks: list[Block]
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # ``text``'s content lines, for the fast reader


def prepare(text: str, filename: str, deadline: Deadline = NO_DEADLINE) -> Prepared:
    """Unfold, check the envelope (mending its end where nothing is lost: ``ics_ending``), repair known
    quirks and resolve foreign TZIDs.

    The limits on lines, events and a line's length are checked here, on the lines as they are read,
    so no way of writing a file (case, line ends, folds) passes more than the limits allow; ``deadline``
    is checked as the lines are read, for a caller that will not wait past it."""
    problems: list[Problem] = []
    lines = unfold(text, filename, problems, deadline)
    _check_start(lines, filename)
    lines = mend_ending(lines, problems)
    _check_nesting(lines, filename)
    lines = _drop_foreign_components(lines, problems)
    prepared = Prepared(text="", blocks=[], problems=problems)
    prepared.lines = _rewritten(lines, _defined_tzids(lines), prepared)
    prepared.text = "\r\n".join(prepared.lines) + "\r\n"
    return prepared


def unfold(
    text: str, filename: str, problems: list[Problem] | None = None, deadline: Deadline = NO_DEADLINE
) -> list[tuple[int, str]]:
    """The content lines with the file line each begins on: folded lines joined, blank lines dropped.

    The numbers are kept because every note and error names the line a person can find in the file.
    One pass, each continuation's text gathered in a list and joined once at the end of its line: joining
    as it went copied the growing line at every continuation, and a file of 130,000 continuation lines
    took a minute. A file past ``MAX_LINES`` is refused before any line is read; a line longer than
    ``MAX_LINE_CHARS`` is refused if the tracker reads it, else left out with a note in ``problems``."""
    raw_lines = file_lines(text)
    kinds.too_many_lines(len(raw_lines), filename)
    lines: list[tuple[int, str]] = []
    start, parts, length = 0, [""], 0
    for number, raw in enumerate(raw_lines, start=1):
        if not number & 0x3FFF:
            deadline.check(filename)
        if raw[:1] in (" ", "\t") and start:
            parts.append(raw[1:])
            length += len(raw) - 1
            continue
        if not raw or raw.isspace():
            continue  # a blank line: a continuation after it still belongs to the line before
        if start:
            _keep(lines, start, parts, length, filename, problems)
        start, parts, length = number, [raw], len(raw)
    if start:
        _keep(lines, start, parts, length, filename, problems)
    return lines


# Properties the tracker never reads that real exports write long: an agenda, its HTML copy (with images
# inside), an attached file. One longer than ``MAX_LINE_CHARS`` is left out, not the whole file refused.
UNREAD = frozenset({"DESCRIPTION", "X-ALT-DESC", "ATTACH", "COMMENT", "LOCATION", "CONTACT", "IMAGE", "CONFERENCE"})
_READ_X = ("X-WR-", "X-MICROSOFT-CDO-BUSYSTATUS", "X-MICROSOFT-CDO-ALLDAYEVENT")
_PROPERTY = re.compile(r"[A-Za-z0-9-]*")


def _keep(
    lines: list[tuple[int, str]],
    start: int,
    parts: list[str],
    length: int,
    filename: str,
    problems: list[Problem] | None,
) -> None:
    """Add one unfolded line, or refuse it, or leave it out, by its length (see ``unfold``)."""
    if length <= kinds.MAX_LINE_CHARS:
        lines.append((start, ("".join(parts) if len(parts) > 1 else parts[0]).rstrip()))
        return
    match = _PROPERTY.match(parts[0])
    name = match.group().upper() if match else ""
    what = f"{'an' if name[:1] in 'AEIOUX' else 'a'} {name or 'unnamed'} line of {length:,} characters"
    if problems is not None and (name in UNREAD or (name.startswith("X-") and not name.startswith(_READ_X))):
        problems.append(Problem(f"{what} was left out (the tracker does not read {name})", start))
        return
    raise CalendarFileError(filename, f"{what}; the limit is {kinds.MAX_LINE_CHARS:,} characters a line", line=start)


def _check_start(lines: list[tuple[int, str]], filename: str) -> None:
    """Refuse what is not a calendar at all (a spreadsheet or a document renamed .ics) before reading it."""
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarFileError(filename, "not an iCalendar file: it does not start with BEGIN:VCALENDAR", line=1)


def _check_nesting(lines: list[tuple[int, str]], filename: str) -> None:
    """Refuse a file whose components do not nest (cut short, or two exports run together), naming the
    line: read on, every event after the damage would be misplaced or lost without a word. Events are
    counted here too, as icalendar will see them, and a file past ``MAX_EVENTS`` refused where it passes."""
    stack: list[tuple[str, int]] = []
    events = 0
    for number, line in lines:
        upper = _marker(line)
        if upper.startswith("BEGIN:"):
            if upper == "BEGIN:VEVENT":
                if opened := _open_event(stack):
                    raise CalendarFileError(
                        filename,
                        f"BEGIN:VEVENT inside the event begun on line {opened}: the file is damaged",
                        line=number,
                    )
                events += 1
                if events > kinds.event_limit():
                    kinds.too_many_events(events, filename, line=number)
            stack.append((upper[6:], number))
        elif upper.startswith("END:"):
            if not stack or stack[-1][0] != upper[4:]:
                raise CalendarFileError(filename, f"{line.strip()} does not close an open component", line=number)
            stack.pop()
    if stack:
        name, number = stack[-1]
        raise CalendarFileError(filename, f"the file is truncated: BEGIN:{name} is never closed", line=number)


def _open_event(stack: list[tuple[str, int]]) -> int | None:
    """The line of the innermost VEVENT still open, if any: an event begun inside it means damage."""
    return next((number for name, number in reversed(stack) if name == "VEVENT"), None)


# The lines where a VEVENT or VTIMEZONE begins or ends (checked on the first 15 characters, upper case).
_MARKERS = ("BEGIN:VEVENT", "END:VEVENT", "BEGIN:VTIMEZONE", "END:VTIMEZONE")


@dataclass
class _OpenEvent:
    """The VEVENT being read: where it stands, the once-only properties seen, where its notes begin."""

    block: Block
    first_note: int
    seen: set[str] = field(default_factory=set)

    def first(self, name: str, line: str, number: int, problems: list[Problem]) -> bool:
        """Whether the line is the event's first of a property it may hold once. A later copy is noted and
        dropped, as Thunderbird does: icalendar would raise on it, or read the last one instead."""
        if name == "UID":
            self.block.uid = self.block.uid or split_line(line)[2].strip() or None
        if name in self.seen:
            problems.append(Problem(f"ignored a second {name} line", number, self.block.uid))
            return False
        self.seen.add(name)
        return True


def _rewritten(lines: list[tuple[int, str]], defined: dict[str, str], prepared: Prepared) -> list[str]:
    """The lines to parse: duplicates dropped, quirks repaired, TZIDs pointed at zones icalendar can load,
    with each VEVENT's place and notes recorded in ``prepared``.

    One pass over a file that may have hundreds of thousands of lines, most of them plain properties
    inside an event: such a line costs a few checks here, and the rarer work is done in helpers."""
    out: list[str] = []
    event: _OpenEvent | None = None
    in_tz = False
    tz_cache: dict[str, str | None] = {}
    for number, line in lines:
        if line[:1] in MARKER_STARTS or in_tz:  # a property's line can be no marker: spared the upper-casing
            head = line[:15].upper()  # long enough for every marker; upper-casing whole lines is slow
            if head.startswith(_MARKERS):
                event, in_tz = _passed_marker(head, number, event, in_tz, prepared)
            elif in_tz:
                line = _zone_line(line, head, defined)
        name, params, _ = split_line(line)
        name = name.upper()
        if event is not None and name in SINGLE_VALUED and not event.first(name, line, number, prepared.problems):
            continue
        if needs_repair(name, line):
            line, params = _repaired(line, number, event, prepared.problems)
            if not line:
                continue
        # Only a TZID parameter is retargeted, so a line without one in its parameters is left as it is.
        if not in_tz and _TZID_NAMED.search(params):
            line = _retarget_tzid(line, defined, tz_cache, number, event, prepared)
        out.append(line)
    return out


def _zone_line(line: str, head: str, defined: dict[str, str]) -> str:
    """A line inside a VTIMEZONE, its TZID renamed to the definition's own name (see ``_defined_tzids``)."""
    return "TZID:" + defined[split_line(line)[2].strip()] if head.startswith("TZID") else line


def _passed_marker(
    head: str, number: int, event: _OpenEvent | None, in_tz: bool, prepared: Prepared
) -> tuple[_OpenEvent | None, bool]:
    """The event open after a marker line, and whether a VTIMEZONE is (a TZID there is renamed, not
    retargeted). An event's place is recorded when it begins; its notes are named when it ends."""
    if head.startswith("BEGIN:VEVENT"):
        block = Block(number)
        prepared.blocks.append(block)
        return _OpenEvent(block, len(prepared.problems)), in_tz
    if head.startswith("END:VEVENT"):
        if event is not None:
            _name_event(prepared.problems, event.first_note, event.block)
        return None, in_tz
    return event, head.startswith("BEGIN:VTIMEZONE")


def _repaired(line: str, number: int, event: _OpenEvent | None, problems: list[Problem]) -> tuple[str, str]:
    """The line after every known repair (empty when one drops it) and its parameters, each repair noted:
    the user is told what was changed in their file, and where."""
    for repair in REPAIRS:
        line, note = repair(line)
        if note:
            problems.append(Problem(note, number, event.block.uid if event else None))
        if not line:
            break
    return line, split_line(line)[1]


def _name_event(problems: list[Problem], first: int, block: Block | None) -> None:
    """Name the event in notes made before its UID line was read (Google writes UID late)."""
    if block is None or block.uid is None:
        return
    for i in range(first, len(problems)):
        if problems[i].event is None:
            problems[i] = replace(problems[i], event=block.uid)


# Properties a VEVENT may hold once; later copies are dropped, as Thunderbird does.
SINGLE_VALUED = {"DTSTART", "DTEND", "DURATION", "UID", "RECURRENCE-ID", "STATUS", "TRANSP", "CLASS"}
# Components that hold no meetings; dropping them keeps their errors from sinking the file.
FOREIGN = {"VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"}


def _marker(line: str) -> str:
    """The line stripped and upper-cased when it begins or ends a component, else "" (cheaply: most lines
    are an event's properties, turned away by their first character without copying them)."""
    if line[:1] not in MARKER_STARTS:
        return ""
    stripped = line.strip()
    if stripped[:6].upper() == "BEGIN:" or stripped[:4].upper() == "END:":
        return stripped.upper()
    return ""


def _drop_foreign_components(lines: list[tuple[int, str]], problems: list[Problem]) -> list[tuple[int, str]]:
    """Remove to-dos, journals, free/busy blocks and nameless VTIMEZONEs."""
    kept: list[tuple[int, str]] = []
    skipping: str | None = None
    pending: list[tuple[int, str]] = []
    for number, line in lines:
        upper = _marker(line)
        if skipping:
            if upper == f"END:{skipping}":
                skipping = None
            continue
        if upper.startswith("BEGIN:") and upper[6:] in FOREIGN:
            skipping = upper[6:]
            continue
        if pending:
            pending.append((number, line))
            if upper == "END:VTIMEZONE":
                if any(p.upper().startswith("TZID") and split_line(p)[2].strip() for _, p in pending):
                    kept.extend(pending)
                else:
                    problems.append(Problem("ignored a VTIMEZONE that has no TZID", pending[0][0]))
                pending = []
            continue
        if upper == "BEGIN:VTIMEZONE":
            pending = [(number, line)]
            continue
        kept.append((number, line))
    return kept


def _defined_tzids(lines: list[tuple[int, str]]) -> dict[str, str]:
    """TZIDs the file defines in VTIMEZONEs -> a name unique to that definition.

    icalendar caches zones by TZID for the whole process, so two files that both
    define "Customized Time Zone" differently would otherwise share the first one.
    """
    defined: dict[str, str] = {}
    body: list[str] = []
    name = ""
    in_tz = False
    for _, line in lines:
        if not in_tz and line[:1] not in MARKER_STARTS:
            continue  # an event's property: no zone begins on it
        upper = line[:15].upper()
        if upper.startswith("BEGIN:VTIMEZONE"):
            in_tz, body, name = True, [], ""
        elif upper.startswith("END:VTIMEZONE"):
            in_tz = False
            digest = hashlib.sha1("\n".join(body).encode()).hexdigest()[:12]
            known, _ = resolve_tzid(name) if not name.startswith("(") else (None, False)
            key = _zone_key(known)
            if key:
                defined[name] = key  # a named zone: the tz database is kept current
            else:
                clean = name.replace('"', "")
                defined[name] = f"{clean} ~{digest}"
        elif in_tz:
            if upper.startswith("TZID"):
                name = split_line(line)[2].strip()
            else:
                body.append(line)
    return defined


_TZID_PARAM = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.IGNORECASE)
_TZID_NAMED = re.compile("TZID=", re.IGNORECASE)  # as ``"TZID=" in params.upper()``, without the copy


def _retarget_tzid(
    line: str,
    defined: dict[str, str],
    cache: dict[str, str | None],
    number: int,
    event: _OpenEvent | None,
    prepared: Prepared,
) -> str:
    """Point a TZID at a zone icalendar can load, or drop it (floating) with a warning."""
    name, params, value = split_line(line)
    match = _TZID_PARAM.search(params)
    if not match:
        return line
    tzid = match.group(1).strip('"').strip()
    if tzid in defined:
        target: str | None = defined[tzid]
    elif tzid not in cache:
        zone_, approximate = resolve_tzid(tzid)
        target = _zone_key(zone_)
        cache[tzid] = target
        if target is None or approximate:
            what = f"read as fixed offset {target}" if target else "times read as Europe/London"
            prepared.problems.append(
                Problem(f"unknown time zone {tzid!r}: {what}", number, event.block.uid if event else None)
            )
    else:
        target = cache[tzid]
    if target is None:
        new_params = params[: match.start()] + params[match.end() :]
    else:
        quoted = f'"{target}"' if any(c in target for c in ":;,") else target
        new_params = params[: match.start()] + f";TZID={quoted}" + params[match.end() :]
    return f"{name}{new_params}:{value}"


def _zone_key(found: tzinfo | None) -> str | None:
    if found is None:
        return None
    key = getattr(found, "key", None)
    if key:
        return key
    offset = found.utcoffset(None)
    if offset is None or offset.total_seconds() % 3600:
        return None
    hours = int(offset.total_seconds() // 3600)
    return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
