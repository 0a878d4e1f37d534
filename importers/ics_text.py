"""Text preparation of an .ics file before parsing: unfold, check the envelope, repair, resolve zones.

Kept apart from expansion (``ics``) because it works on lines, where file line
numbers are still known and every repair can say where it happened.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import tzinfo

from .errors import CalendarFileError
from .events import Problem
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


def prepare(text: str, filename: str) -> Prepared:
    """Unfold, check the envelope, repair known quirks and resolve foreign TZIDs."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw and not raw.isspace():
            lines.append((number, raw))
    lines = [(number, line.rstrip()) for number, line in lines]
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarFileError(filename, "not an iCalendar file: it does not start with BEGIN:VCALENDAR", line=1)
    stack: list[tuple[str, int]] = []
    for number, line in lines:
        upper = _marker(line)
        if upper.startswith("BEGIN:"):
            if upper == "BEGIN:VEVENT" and any(name == "VEVENT" for name, _ in stack):
                opened = next(n for name, n in reversed(stack) if name == "VEVENT")
                raise CalendarFileError(
                    filename, f"BEGIN:VEVENT inside the event begun on line {opened}: the file is damaged", line=number
                )
            stack.append((upper[6:], number))
        elif upper.startswith("END:"):
            if not stack or stack[-1][0] != upper[4:]:
                raise CalendarFileError(filename, f"{line.strip()} does not close an open component", line=number)
            stack.pop()
    if stack:
        name, number = stack[-1]
        raise CalendarFileError(filename, f"the file is truncated: BEGIN:{name} is never closed", line=number)
    problems: list[Problem] = []
    lines = _drop_foreign_components(lines, problems)
    prepared = Prepared(text="", blocks=[], problems=problems)
    defined = _defined_tzids(lines)
    out: list[str] = []
    block: Block | None = None
    seen: set[str] = set()
    block_problems = 0
    in_tz = False
    tz_cache: dict[str, str | None] = {}
    for number, line in lines:
        head = line[:15].upper()  # long enough for every marker below; upper-casing whole lines is slow
        if head.startswith("BEGIN:VEVENT"):
            block = Block(number)
            prepared.blocks.append(block)
            seen = set()
            block_problems = len(prepared.problems)
        elif head.startswith("END:VEVENT"):
            _name_event(prepared.problems, block_problems, block)
            block = None
        elif head.startswith("BEGIN:VTIMEZONE"):
            in_tz = True
        elif head.startswith("END:VTIMEZONE"):
            in_tz = False
        elif in_tz and head.startswith("TZID"):
            line = "TZID:" + defined[split_line(line)[2].strip()]
        name, params, _ = split_line(line)
        name = name.upper()
        if block is not None:
            if name == "UID":
                block.uid = block.uid or split_line(line)[2].strip() or None
            if name in SINGLE_VALUED:
                if name in seen:
                    prepared.problems.append(Problem(f"ignored a second {name} line", number, block.uid))
                    continue
                seen.add(name)
        if needs_repair(name, line):
            for repair in REPAIRS:
                line, note = repair(line)
                if note:
                    prepared.problems.append(Problem(note, number, block.uid if block else None))
                if not line:
                    break
            params = split_line(line)[1]
        # Only a TZID parameter is retargeted, so a line without one in its parameters is left as it is.
        if line and not in_tz and "TZID=" in params.upper():
            line = _retarget_tzid(line, defined, tz_cache, number, block, prepared)
        if line:
            out.append(line)
    prepared.lines = out
    prepared.text = "\r\n".join(out) + "\r\n"
    return prepared


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
    """The line stripped and upper-cased when it begins or ends a component, else "" (cheaply)."""
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


def _retarget_tzid(
    line: str,
    defined: dict[str, str],
    cache: dict[str, str | None],
    number: int,
    block: Block | None,
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
                Problem(f"unknown time zone {tzid!r}: {what}", number, block.uid if block else None)
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
