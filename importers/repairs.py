"""Line-level repairs for the known quirks of real calendar exports.

Each repair is applied to one unfolded content line and says what it did, so the
import summary can show it. They follow what Thunderbird's ical.js tolerates.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .rscale import MOVES, SKIPS, moves_days, unsupported

Repair = Callable[[str], tuple[str, str | None]]

RRULE_PARTS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
DATE_PROPS = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE", "DUE")


def split_line(line: str) -> tuple[str, str, str]:
    """Name, parameters (with leading ';') and value of a content line; quotes respected."""
    colon = line.find(":")
    if colon >= 0 and '"' not in line[:colon]:  # the common case, without walking the line
        name, _, params = line[:colon].partition(";")
        return name, (";" + params) if params else "", line[colon + 1 :]
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            head, value = line[:i], line[i + 1 :]
            name, _, params = head.partition(";")
            return name, (";" + params) if params else "", value
    return line, "", ""


def misplaced_quote(line: str) -> tuple[str, str | None]:
    """``TZID="Zone:20200609T090000"`` -> ``TZID="Zone":20200609T090000``."""
    match = re.match(r'^([A-Z-]+;.*TZID=")([^":]+):([0-9TZ,]+)"$', line)
    if match:
        return f'{match.group(1)}{match.group(2)}":{match.group(3)}', "moved a misplaced quote in a TZID"
    return line, None


def date_with_tzid(line: str) -> tuple[str, str | None]:
    """A plain date written with a TZID is an all-day date; the TZID means nothing there."""
    name, params, value = split_line(line)
    if name.upper() not in DATE_PROPS or "TZID=" not in params.upper():
        return line, None
    if not re.fullmatch(r"\d{8}(,\d{8})*", value.strip()):
        return line, None
    note = None if "VALUE=DATE" in params.upper() else "read a date with a time zone as an all-day date"
    return f"{name};VALUE=DATE:{value.strip()}", note


def date_with_utc_marker(line: str) -> tuple[str, str | None]:
    """``RDATE:20131210Z``: a date cannot be UTC; read it as a date."""
    name, params, value = split_line(line)
    if name.upper() in DATE_PROPS and re.fullmatch(r"\d{8}Z", value.strip()):
        return f"{name}{params};VALUE=DATE:{value.strip()[:8]}".replace(";VALUE=DATE;VALUE=DATE", ";VALUE=DATE"), (
            "read a date marked UTC as a date"
        )
    return line, None


def empty_date_list(line: str) -> tuple[str, str | None]:
    """An EXDATE or RDATE without a value says nothing; drop it."""
    name, _, value = split_line(line)
    if name.upper() in ("EXDATE", "RDATE") and not value.strip():
        return "", f"dropped an empty {name.upper()}"
    return line, None


def rrule_tidy(line: str) -> tuple[str, str | None]:
    """Blanks inside an RRULE, unknown parts (typos such as ``UNTL``), empty and non-Gregorian rules."""
    name, params, value = split_line(line)
    if name.upper() != "RRULE":
        return line, None
    notes = []
    if " " in value:
        value = value.replace(" ", "")
        notes.append("removed blanks from an RRULE")
    parts = [p for p in value.split(";") if p]
    if not parts:
        return "", "dropped an empty RRULE (read as a single event)"
    keys = [p.partition("=")[0].upper() for p in parts]
    known = RRULE_PARTS
    if "RSCALE" in keys:
        scale = parts[keys.index("RSCALE")].partition("=")[2].upper()
        if scale != "GREGORIAN":
            return "", f"dropped an RRULE in the {scale.title()} calendar (read as a single event)"
        note, kept = _gregorian_skip({k: p.partition("=")[2] for p, k in zip(parts, keys)})
        notes.append(note)
        if kept:
            known = RRULE_PARTS | {"RSCALE", "SKIP"}  # for the expansion (see ``rscale``)
        else:
            parts = [p for p, k in zip(parts, keys) if k not in ("RSCALE", "SKIP")]
            keys = [p.partition("=")[0].upper() for p in parts]
    unknown = [p for p, k in zip(parts, keys) if k not in known]
    if unknown:
        parts = [p for p, k in zip(parts, keys) if k in known]
        notes.append(f"ignored unknown RRULE part(s) {', '.join(unknown)}")
    parts, bounded = _at_most_daily(parts)
    if bounded is not None:
        if not parts:
            return "", bounded
        notes.append(bounded)
    if not notes:
        return line, None
    return f"{name}{params}:{';'.join(parts)}", "; ".join(notes)


SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}
TIMES_OF_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")


def _at_most_daily(parts: list[str]) -> tuple[list[str], str | None]:
    """A meeting series repeats at most once a day: a rule repeating every second, minute or hour (or
    at several times of a day) would make millions of occurrences, and an INTERVAL of 0 never moves on.
    Such a rule is read as a single event, such parts are ignored; the note says which."""
    values = {p.partition("=")[0].upper(): p.partition("=")[2] for p in parts}
    freq = values.get("FREQ", "").upper()
    if freq in SUB_DAILY:
        return [], f"dropped an RRULE repeating {freq.lower()} (not a meeting pattern; read as a single event)"
    dropped = [p for p in parts if p.partition("=")[0].upper() in TIMES_OF_DAY and "," in p]
    interval = values.get("INTERVAL")
    if interval is not None and not (interval.isdigit() and int(interval) >= 1):
        dropped += [p for p in parts if p.partition("=")[0].upper() == "INTERVAL"]
    if not dropped:
        return parts, None
    kept = [p for p in parts if p not in dropped]
    return kept, f"ignored {', '.join(dropped)} (a series repeats at most once a day, every 1 or more periods)"


def _gregorian_skip(values: dict[str, str]) -> tuple[str, bool]:
    """What an RSCALE=GREGORIAN rule's SKIP does here, and whether RSCALE and SKIP stay for the expansion."""
    skip = values.get("SKIP", "OMIT").upper()
    if skip not in (*SKIPS, "OMIT"):
        return f"ignored SKIP={skip}, which RFC 7529 does not define; read RSCALE=GREGORIAN as a plain rule", False
    if skip == "OMIT" or not moves_days(values.get("FREQ", "")):
        return "read RSCALE=GREGORIAN as a plain rule", False
    why = unsupported({k: v for k, v in values.items() if k in RRULE_PARTS | {"RSCALE", "SKIP"}})
    if why:
        return (
            f"ignored SKIP={skip} {why} (days a month lacks are left out); read RSCALE=GREGORIAN as a plain rule",
            False,
        )
    return f"expanded RSCALE=GREGORIAN;SKIP={skip}: an instance on a day its month lacks moves to {MOVES[skip]}", True


# The names some repair may change; a line with another name is left alone by all of them,
# unless it holds a misplaced TZID quote (which ``misplaced_quote`` looks for first).
REPAIRED_NAMES = frozenset({*DATE_PROPS, "EXDATE", "RDATE", "RRULE"})


def needs_repair(name: str, line: str) -> bool:
    """Whether any of ``REPAIRS`` could change the line whose upper-case name is ``name``."""
    return name in REPAIRED_NAMES or 'TZID="' in line


REPAIRS: tuple[Repair, ...] = (
    misplaced_quote,
    date_with_tzid,
    date_with_utc_marker,
    empty_date_list,
    rrule_tidy,
)
