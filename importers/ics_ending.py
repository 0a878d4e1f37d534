"""Mending the end of an .ics file where nothing in it is lost: a damaged closing line, junk after the
calendar, a missing ``END:VCALENDAR``.

Exports are cut short, mailed with a signature pasted below them, or saved by an editor that leaves a
stray character on the last line. Where every event in the file is complete (each ``BEGIN:VEVENT`` has
its ``END:VEVENT``, and nothing after the calendar begins another component), refusing the whole file
for it would lose every meeting in it to save none: the file is read, and a warning names the line.
Anything else stays as it was, for ``ics_text._check_nesting`` to refuse as before: an event cut
short, or an event (or anything else that begins a component) after the calendar's end.
"""

from __future__ import annotations

import re

from .events import Problem

CLOSING = "END:VCALENDAR"
# A content line as RFC 5545 writes one: a name, then its parameters or its value.
_CONTENT = re.compile(r"[A-Za-z0-9-]+[;:]")
# The first characters a line that begins or ends a component can have (``str.strip`` white space first):
# most lines are an event's properties, turned away by their first character without being copied.
MARKER_STARTS = frozenset("BbEe").union(c for c in map(chr, range(0x3001)) if c.isspace())


def mend_ending(lines: list[tuple[int, str]], problems: list[Problem]) -> list[tuple[int, str]]:
    """The file's lines, its ending mended where nothing is lost (each mend noted in ``problems``):

    - a damaged closing line where only the calendar is open and no component begins after it
      (``END:VCALENDARx``, ``xEND:VCALENDAR``, ``END:VCAL``; or a last line that is no content line at
      all) is read as ``END:VCALENDAR``;
    - lines outside every calendar that begin no component (junk after ``END:VCALENDAR``) are left out;
    - a file that ends with its events (one at least) complete but the calendar still open is closed.

    Otherwise (an event cut short, a component other than a calendar begun outside one, components
    that do not nest) the lines are returned as they came, for the nesting check to refuse. One pass,
    looking at the head of each line only, as most lines are an event's properties."""
    begins_after = _begins_after(lines)
    open_: list[str] = []
    out: list[tuple[int, str]] = []
    junk: list[int] = []
    notes: list[Problem] = []
    events = 0
    for i, (number, line) in enumerate(lines):
        if line[:1] in MARKER_STARTS:
            head = line[:24].lstrip().upper()
            marker = line.strip().upper() if head.startswith(("BEGIN:", "END:")) else ""
        else:
            marker = ""
        if not open_:
            if marker == "BEGIN:VCALENDAR":
                open_.append("VCALENDAR")
                out.append((number, line))
            elif marker.startswith("BEGIN:"):
                return lines  # a component outside any calendar: as before
            else:
                junk.append(number)  # after the calendar's end (the file's first line begins it)
            continue
        if open_ == ["VCALENDAR"] and marker != CLOSING and not begins_after[i] and _damaged(line, i == len(lines) - 1):
            notes.append(Problem(f"read {_shown(line)} as {CLOSING}: the calendar's closing line is damaged", number))
            out.append((number, CLOSING))
            open_.pop()
            continue
        if marker.startswith("BEGIN:"):
            open_.append(marker[6:])
            events += marker == "BEGIN:VEVENT"
        elif marker:
            if open_[-1] != marker[4:]:
                return lines  # components that do not nest: refused as before, naming the line
            open_.pop()
        out.append((number, line))
    if open_ and open_ != ["VCALENDAR"]:
        return lines  # an event (or a zone) cut short: refused as before, naming where it begins
    if junk:
        count = "1 line" if len(junk) == 1 else f"{len(junk)} lines, to line {junk[-1]}"
        notes.append(Problem(f"ignored what follows the calendar's {CLOSING} ({count})", junk[0]))
    if open_:
        if not events:
            return lines  # cut short before any event: nothing in it to read, refused as before
        ended = f"the file ends here without {CLOSING}; its events are complete, so it was read as if it were there"
        notes.append(Problem(ended, lines[-1][0]))
        out.append((lines[-1][0], CLOSING))
    problems.extend(sorted(notes, key=lambda p: p.line or 0))
    return out


def _begins_after(lines: list[tuple[int, str]]) -> list[bool]:
    """For each line, whether a component begins on a later line."""
    found, later = [False] * len(lines), False
    for i in range(len(lines) - 1, -1, -1):
        found[i] = later
        later = later or (lines[i][1][:1] in MARKER_STARTS and lines[i][1][:24].lstrip()[:6].upper() == "BEGIN:")
    return found


def _damaged(line: str, is_last: bool) -> bool:
    """Whether a line where only the calendar is open, with nothing begun after it, can only have been
    meant to close it: it begins ``END:VCAL`` or ends ``END:VCALENDAR``, or it is the file's last line
    and no content line at all (what is left of a cut one)."""
    text = line.strip().upper()
    if text.startswith("END:VCAL") or text.endswith(CLOSING):
        return True
    return is_last and not _CONTENT.match(text)


def _shown(line: str) -> str:
    text = line.strip()
    return repr(text if len(text) <= 40 else text[:40] + "...")
