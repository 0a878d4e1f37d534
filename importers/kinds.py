"""What kind of calendar file this is, and whether it may be read at all: shared by the readers and
the glance, so both refuse the same files.

Every limit is counted on what the readers will read, not on what a file looks like at first sight:
lines end at CR, LF or CRLF alike, folded lines are joined first, and ``Begin:VEvent`` is an event as
much as ``BEGIN:VEVENT`` (icalendar reads names in any case). A count made any other way can be walked
round: a file of ``Begin:VEVENT`` with CR line ends once passed for one line and no events. The readers
check the same limits again as they read (``ics_text``, ``outlook_csv``), so this early count is a
cheap refusal before any parsing, never the only guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .errors import CalendarFileError
from .text import decode

MAX_FILE_BYTES = 50 * 1024 * 1024
# Far beyond a real export (a senior manager's year is about 1,200 meetings, 40,000 lines), near enough
# to keep one upload to a few minutes of reading.
MAX_LINES = 1_000_000
MAX_EVENTS = 100_000  # VEVENTs in one .ics file, rows in one Outlook CSV
MAX_ATTENDEES = 2_000  # people one event may list; an event listing more is left out, and said so
# One content line, unfolded. The longest line a real export writes that the tracker reads is an
# EXDATE list of a long-lived series (a few hundred dates, under 20,000 characters); a million is fifty
# times that, and still small enough that icalendar parses such a line in milliseconds. Longer lines
# are refused when the tracker reads them (a 45 MB SUMMARY is no meeting's title) and left out, with a
# note, when it does not (an agenda or an attached file: see ``ics_text.UNREAD``).
MAX_LINE_CHARS = 1_000_000

# A folded line's continuation: the line break and the one space or tab that RFC 5545 says to remove.
_FOLD = re.compile(r"\n[ \t]")
# A line of nothing but white space: the readers drop it (only its break is left to join a fold across).
_BLANK = re.compile(r"\n\s*?(?=\n)")
# A line that begins an event, as icalendar reads it: any case, white space around it. Matched from the line
# break before it (the text is given one at its start), so the search skips ahead to each break in C: a
# pattern anchored by ``^`` is tried at every character, ten times slower on a mailbox's export.
_BEGIN_EVENT = re.compile(r"\n[^\S\n]*BEGIN:VEVENT[^\S\n]*(?=\n|\Z)", re.IGNORECASE)


@dataclass(frozen=True)
class Tally:
    """What the readers would count in a file: its lines (as an editor numbers them) and its events."""

    lines: int
    events: int


def file_lines(text: str) -> list[str]:
    """The file's lines, each ending at CR, LF or CRLF (what every calendar program writes), none at the
    other breaks ``str.splitlines`` knows (form feed, U+2028...): a person counting lines in an editor
    finds the line a note names, and the count here is the one the limits are checked on."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the break that ends the last line begins no line of its own
    return lines


def tally(text: str) -> Tally:
    """The lines and events of an .ics file's text, counted as ``ics_text.prepare`` reads them, in C-speed
    passes over the text (no line is handled in Python): a glance at a 200 MB archive stays under a second.

    Never fewer events than the reader finds: blank lines are dropped before folds are joined, so an
    event's marker folded across a blank line is still found here."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = normal.count("\n") + (not normal.endswith("\n") and normal != "")
    unfolded = _FOLD.sub("", _BLANK.sub("", normal))
    return Tally(lines, len(_BEGIN_EVENT.findall("\n" + unfolded)))


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


def counted(data: bytes, filename: str) -> None:
    """Refuse a calendar file (not an archive) of too many lines or events, before it is parsed. The text
    is decoded as the reader decodes it, so a UTF-16 export is counted in characters, not bytes. An
    Outlook CSV's rows are at most its lines; the reader counts the rows themselves as it reads them."""
    text = decode(data, filename)
    found = tally(text) if detect(data, filename) == "ics" else Tally(tally(text).lines, 0)
    too_many_lines(found.lines, filename)
    too_many_events(found.events, filename)


_SCALE: ContextVar[float] = ContextVar("limits_scale", default=1.0)


@contextmanager
def limits_for(max_bytes: int) -> Iterator[None]:
    """Within it, a file allowed more bytes than an upload (``tracker inspect --max-bytes``) may hold as many
    more lines and events, in proportion: a mailbox's 84 MB export is 1.5 million lines, and refusing it
    for its lines after allowing its bytes would make the option useless. Never fewer than an upload's."""
    token = _SCALE.set(max(1.0, max_bytes / MAX_FILE_BYTES))
    try:
        yield
    finally:
        _SCALE.reset(token)


def line_limit() -> int:
    return int(MAX_LINES * _SCALE.get())


def event_limit() -> int:
    return int(MAX_EVENTS * _SCALE.get())


def too_many_lines(lines: int, filename: str, *, line: int | None = None) -> None:
    """Refuse past ``line_limit()``; the reader names the line it stopped at."""
    if lines > (limit := line_limit()):
        raise CalendarFileError(filename, f"{lines:,} lines; the limit is {limit:,} lines a file", line=line)


def too_many_events(events: int, filename: str, *, line: int | None = None) -> None:
    """Refuse past ``event_limit()``; the reader names the line of the first event over the limit."""
    if events > (limit := event_limit()):
        what = "events" if line is None else "events or more"
        raise CalendarFileError(filename, f"{events:,} {what}; the limit is {limit:,} events a file", line=line)
