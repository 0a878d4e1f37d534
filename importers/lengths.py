"""How long a meeting's words may be once read: longer titles and names are cut, each event noted once.

Cut rather than refused, because the meeting is real and its hours count: a subject someone pasted an
agenda into is a nuisance, not a reason to turn away everyone else's meetings in the file. The note
names the event and the line, so the person importing knows what was shortened and can fix the export.
A line so long no export writes it is another matter: the reader refuses it (``kinds.MAX_LINE_CHARS``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from .events import Attendee, Occurrence, Problem, ReadResult

# Outlook stops a subject at 255 characters, so 400 cuts no title a real calendar holds; it also keeps
# a meeting's stored keys (title, start and end: ``store.meeting_keys``) within their 1,000 characters.
MAX_TITLE_CHARS = 400
MAX_NAME_CHARS = 200  # an attendee's display name (CN), as the register of names keeps it
MAX_ADDRESS_CHARS = 320  # the longest email address RFC 3696 allows; a longer one is no address
MAX_UID_CHARS = 500  # real UIDs are under 200; a longer one is kept as a digest of it, unique all the same
_NAMED = 60  # how much of a cut title names its event in the note


def cut_long_values(result: ReadResult) -> ReadResult:
    """Titles, names and addresses past their limits cut (UIDs replaced by a digest), one note per event
    saying what was cut; the file's other occurrences are left exactly as read."""
    notes: dict[tuple[int | None, str], Problem] = {}
    out: list[Occurrence] = []
    for occurrence in result.occurrences:
        cut, what = _cut(occurrence)
        out.append(cut)
        for text in what:
            key = (occurrence.line, text)
            notes.setdefault(key, Problem(text, occurrence.line, _name(cut)))
    if notes:
        result.occurrences = out
        result.problems.extend(notes.values())
    return result


def _cut(o: Occurrence) -> tuple[Occurrence, list[str]]:
    """The occurrence with long values cut, and what was cut, in words (nothing: the same occurrence)."""
    what: list[str] = []
    changes: dict = {}
    if len(o.title) > MAX_TITLE_CHARS:
        what.append(f"the title is {len(o.title):,} characters long; its first {MAX_TITLE_CHARS:,} are kept")
        changes["title"] = o.title[:MAX_TITLE_CHARS]
    if o.uid is not None and len(o.uid) > MAX_UID_CHARS:
        what.append(f"the UID is {len(o.uid):,} characters long; the event is known by a digest of it")
        changes["uid"] = "sha256:" + hashlib.sha256(o.uid.encode()).hexdigest()
    if o.organizer is not None and len(o.organizer) > MAX_ADDRESS_CHARS:
        what.append(f"the organiser's address is {len(o.organizer):,} characters long, so it is no address; left out")
        changes["organizer"] = None
    attendees = tuple(_attendee(a, what) for a in o.attendees)
    if attendees != o.attendees:
        changes["attendees"] = attendees
    return (replace(o, **changes) if changes else o), what


def _attendee(a: Attendee, what: list[str]) -> Attendee:
    if a.name is not None and len(a.name) > MAX_NAME_CHARS:
        _once(
            what,
            f"an attendee's name is longer than {MAX_NAME_CHARS:,} characters; its first {MAX_NAME_CHARS} are kept",
        )
        a = replace(a, name=a.name[:MAX_NAME_CHARS])
    if len(a.email) > MAX_ADDRESS_CHARS:
        _once(what, f"an attendee's address is longer than {MAX_ADDRESS_CHARS} characters, so no address; left out")
        a = replace(a, email="")
    return a


def _once(what: list[str], text: str) -> None:
    if text not in what:
        what.append(text)


def _name(o: Occurrence) -> str | None:
    """The event as a note names it: its (cut) title, shortened again for the note, else its UID."""
    if o.title:
        return o.title if len(o.title) <= _NAMED else o.title[:_NAMED] + "…"
    return o.uid
