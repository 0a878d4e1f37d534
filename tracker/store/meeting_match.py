"""Which stored meeting each of a file's occurrences is a copy of: by UID, or, without one, by title and
times where the people agree (``domain.same_meeting``).

Read in a few queries for the whole file: the meetings it may touch by identity and by match key, who
holds a copy of each, and, only for the occurrences that need it, who those copies involve.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from importers import Occurrence

from ..domain.same_meeting import Party, copies_agree
from ..models import Meeting, MeetingCopy
from . import bulk
from .meeting_keys import identity, match_key, series_key


@dataclass
class Slot:
    """A meeting the file reaches: stored already (with an id) or to be added."""

    identity: str
    match_key: str
    series_key: str
    id: int | None = None
    adopted: bool = False  # a meeting without a UID that a UID copy now names
    left: str | None = None  # the series an adopted meeting was in before
    first: Occurrence | None = None  # for a new meeting: what it is inserted with
    owners: set[str] = field(default_factory=set)  # whose calendars hold a copy of it
    parties: list[Party] = field(default_factory=list)  # who those copies involve (loaded when needed)


@dataclass
class Known:
    """The meetings a file may touch: by identity, and every one sharing a match key."""

    owner: str
    by_identity: dict[str, Slot] = field(default_factory=dict)
    by_match: dict[str, list[Slot]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # every identity seen, an adopted meeting's old one too


def party_of(owner: str, occ: Occurrence) -> Party:
    """Who an occurrence involves, as ``copies_agree`` compares it."""
    return Party.of(owner, occ.organizer, [(a.email, a.name) for a in occ.attendees])


def known_meetings(session: Session, owner: str, occurrences: list[Occurrence]) -> Known:
    """Meetings the file may touch, with whose copies they hold, and who the copies involve where an
    occurrence has to be matched by its people (no UID known, and no copy of the owner's to follow)."""
    known = Known(owner)
    idents = sorted({identity(o) for o in occurrences} | {"key:" + match_key(o) for o in occurrences})
    matches = sorted({match_key(o) for o in occurrences})
    columns = (Meeting.id, Meeting.identity, Meeting.match_key, Meeting.series_key)
    slots: dict[int, Slot] = {}
    for keys, column in ((idents, Meeting.identity), (matches, Meeting.match_key)):
        for chunk in bulk.chunks(keys):
            for mid, ident, key, series in session.execute(select(*columns).where(column.in_(chunk))):
                slots.setdefault(mid, Slot(ident, key, series, mid))
    for slot in slots.values():
        known.by_identity[slot.identity] = slot
        known.taken.add(slot.identity)
        known.by_match.setdefault(slot.match_key, []).append(slot)
    for matching in known.by_match.values():
        matching.sort(key=lambda s: s.id or 0)
    _read_copies(session, slots, owner, occurrences, known)
    return known


def _read_copies(session: Session, slots: dict[int, Slot], owner: str, occs: list[Occurrence], known: Known) -> None:
    """Whose copies hold each meeting an occurrence may join by title and times (none is read for an
    occurrence its UID places); then who those copies involve, where the owner holds none of them."""
    unplaced = [o for o in occs if not (o.uid and identity(o) in known.by_identity)]
    reached = {c.id for o in unplaced for c in _candidates(o, known) if c.id is not None}
    for chunk in bulk.chunks(sorted(reached)):
        query = select(MeetingCopy.meeting_id, MeetingCopy.owner_email).where(MeetingCopy.meeting_id.in_(chunk))
        for mid, holder in session.execute(query):
            slots[mid].owners.add(holder)
    wanted: set[int] = set()
    for occ in unplaced:
        candidates = _candidates(occ, known)
        if not any(owner in c.owners for c in candidates):
            wanted.update(c.id for c in candidates if c.id is not None)
    columns = (MeetingCopy.meeting_id, MeetingCopy.owner_email, MeetingCopy.organizer, MeetingCopy.attendees)
    for chunk in bulk.chunks(sorted(wanted)):
        for mid, holder, organizer, attendees in session.execute(
            select(*columns).where(MeetingCopy.meeting_id.in_(chunk)).order_by(MeetingCopy.id)
        ):
            slots[mid].parties.append(Party.of(holder, organizer, json.loads(attendees)))


def _candidates(occ: Occurrence, known: Known) -> list[Slot]:
    """The meetings an occurrence may join by title and times: any, for one without a UID; for one with
    a UID not stored yet, only a meeting no UID names (which it then adopts)."""
    found = known.by_match.get(match_key(occ), [])
    return [s for s in found if not occ.uid or s.identity.startswith("key:")]


def slot_for(session: Session, occ: Occurrence, known: Known) -> Slot:
    """The meeting this occurrence is a copy of (a new one when none agrees), recorded in ``known`` so the
    rest of the file finds it too.

    By UID first. Otherwise by title, start and end: a meeting holding a copy from the owner's own
    calendar (an earlier export of it) is followed; else the first meeting whose copies agree with it on
    the people (``copies_agree``). A UID copy that joins a meeting without one adopts it."""
    key, match = identity(occ), match_key(occ)
    slot = known.by_identity.get(key) if occ.uid else None
    if slot is None:
        candidates = _candidates(occ, known)
        slot = next((c for c in candidates if known.owner in c.owners), None)
        if slot is None:
            party = party_of(known.owner, occ)
            slot = next((c for c in candidates if any(copies_agree(party, p) for p in c.parties)), None)
        if slot is not None and occ.uid:  # a UID copy adopts the meeting copies without one made
            known.by_identity.pop(slot.identity, None)
            slot.left = slot.left or slot.series_key
            slot.identity, slot.series_key = key, series_key(occ)
            slot.adopted = slot.id is not None
    if slot is None:
        unique = key if occ.uid else _unused(session, key, known)
        slot = Slot(unique, match, series_key(occ), first=occ)
        known.by_match.setdefault(match, []).append(slot)
    slot.owners.add(known.owner)
    slot.parties.append(party_of(known.owner, occ))
    known.by_identity[slot.identity] = slot
    known.taken.add(slot.identity)
    return slot


def _unused(session: Session, key: str, known: Known) -> str:
    """An identity for a new meeting without a UID: its match key, or, where another meeting (one its
    people do not agree with) is known by that already, the key numbered ``#2``, ``#3``...: no address
    goes into the key, as keys outlive an erased person's copies. (Every meeting known by the plain key
    was read with the file, and one this file adopts keeps it until the file is stored; a numbered one
    is looked up, which only such a clash needs.)"""
    candidate, n = key, 1
    while candidate in known.taken or (
        n > 1 and session.scalar(select(Meeting.id).where(Meeting.identity == candidate)) is not None
    ):
        n += 1
        candidate = f"{key}#{n}"
    return candidate
