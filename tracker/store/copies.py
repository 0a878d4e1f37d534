"""Writing calendar copies in bulk: one file's occurrences merged into the meetings, or an import taken out.

Written with Core statements over plain rows, not ORM objects: a file's 1,200 occurrences meet
meetings that other calendars hold too, and building an object for every copy of every one of them
made each upload slower as the organisation filled up. The newest copy of each meeting that a file
reaches is found again from the stored rows (``settle``), so the meeting always shows what it decides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from importers import Occurrence

from ..models import CalendarImport, Meeting, MeetingCopy
from . import bulk, import_history, monthly
from .meeting_keys import FLOOR, as_datetime, deduplicated, fingerprint, key_of
from .meeting_match import Slot, known_meetings, slot_for

DECIDING = ("title", "start", "end", "all_day", "status", "transparent", "categories")


@dataclass
class StoredCounts:
    """What storing one file did to the meetings, in the import summary's terms, and which meetings
    changed (a copy added, changed or taken out): the ones whose attendances must be worked out again."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    meeting_ids: list[int] = field(default_factory=list)
    changed: set[int] = field(default_factory=set)


def store_occurrences(session: Session, record: CalendarImport, occurrences: list[Occurrence]) -> StoredCounts:
    """Merge one file's occurrences into the meetings; remove what a newer export of the calendar dropped."""
    owner = record.owner_email
    counts = StoredCounts()
    known = known_meetings(session, owner, occurrences)
    placed: list[tuple[Slot, Occurrence]] = []
    for occ in deduplicated(occurrences):
        placed.append((slot_for(session, occ, known), occ))
    _add_new_meetings(session, list({id(slot): slot for slot, _ in placed if slot.id is None}.values()))
    adopted = [slot for slot, _ in placed if slot.adopted]
    renamed = [{"id": s.id, "identity": s.identity, "series_key": s.series_key} for s in adopted]
    bulk.execute(session, update(Meeting), renamed)
    monthly.series_changed(session, {k for s in adopted if s.left != s.series_key for k in (s.left, s.series_key) if k})
    mine = _owner_copies(session, owner, {slot.id for slot, _ in placed if slot.id is not None})
    planned = _plan_copies(placed, {mid: (cid, p) for mid, (cid, p, _) in mine.items()}, owner, record.id, counts)
    changed = {s.id for s in adopted if s.id is not None} | {mid for mid, (_, _, differs) in planned.items() if differs}
    by_kind: dict[str, list[dict]] = {"insert": [], "update": [], "same": []}
    for kind, values, _ in planned.values():
        by_kind[kind].append(values)
    replaced = _replaced(session, placed, mine, by_kind)
    bulk.execute(session, insert(MeetingCopy), by_kind["insert"])
    bulk.execute(session, update(MeetingCopy), by_kind["update"])  # by primary key, in bulk
    same = sorted(v["id"] for v in by_kind["same"])
    for chunk in bulk.chunks(same):
        bulk.execute(session, update(MeetingCopy).where(MeetingCopy.id.in_(chunk)).values(import_id=record.id))
    counts.meeting_ids = [slot.id for slot, _ in placed if slot.id is not None]
    if record.span_start and record.span_end:
        dropped = import_history.drop_unheld(
            session, owner, (record.span_start, record.span_end), set(planned), replaced
        )
        counts.removed = len(dropped)
        changed |= dropped
    import_history.remember(session, record.id, replaced)
    counts.changed = changed | settle(session, set(counts.meeting_ids) | changed)
    return counts


def _replaced(
    session: Session, placed: list[tuple[Slot, Occurrence]], mine: dict[int, tuple[int, str, int]], by_kind: dict
) -> list[dict]:
    """The owner's copies this file changes or re-assigns, as they stand before it does (kept so that
    undoing this import gives them back to the import they came from)."""
    identity_of = {slot.id: slot.identity for slot, _ in placed}
    by_copy = {cid: (mid, previous) for mid, (cid, _, previous) in mine.items()}
    before = import_history.copies(session, [v["id"] for v in by_kind["update"]])
    replaced = []
    for kind, how in (("update", "changed"), ("same", "kept")):
        for values in by_kind[kind]:
            mid, previous = by_copy[values["id"]]
            copy = before[values["id"]] if how == "changed" else None
            replaced.append(import_history.entry(previous, identity_of[mid], how, copy))
    return replaced


def _plan_copies(
    placed: list[tuple[Slot, Occurrence]],
    mine: dict[int, tuple[int, str]],
    owner: str,
    import_id: int,
    counts: StoredCounts,
) -> dict[int, tuple[str, dict, bool]]:
    """What becomes of the owner's copy of each meeting the file reaches: inserted, updated or the same
    (meeting -> kind, the copy's values, whether it differs), counted in the summary's terms."""
    planned: dict[int, tuple[str, dict, bool]] = {}
    for slot, occ in placed:
        assert slot.id is not None
        attendees = [[a.email, a.name, a.partstat] for a in occ.attendees]
        values = _copy_values(occ, attendees, fingerprint(occ, attendees), import_id)
        if slot.id in planned:  # a second occurrence of the file lands on the same meeting: the later wins
            kind, before, was = planned[slot.id]
            differs = before["fingerprint"] != values["fingerprint"]
            planned[slot.id] = ("update" if kind == "same" and differs else kind, {**before, **values}, was or differs)
        elif slot.id not in mine:
            planned[slot.id] = ("insert", {"meeting_id": slot.id, "owner_email": owner, **values}, True)
            counts.new += 1
            continue
        else:
            cid, before_print = mine[slot.id]
            differs = before_print != values["fingerprint"]
            planned[slot.id] = ("update" if differs else "same", {"id": cid, **values}, differs)
        counts.updated += differs
        counts.unchanged += not differs
    return planned


def remove_import(session: Session, record: CalendarImport) -> set[int]:
    """Take out the copies an import holds (those it replaced go back to the import they came from), then
    the import; returns the meetings whose copies changed.

    A meeting no calendar holds any more is left for ``drop_empty``, which the attendance refresh
    calls once it has read who attended it (their other meetings' shares of time change).
    """
    losing = import_history.take_back(session, record)
    session.delete(record)
    session.flush()
    settle(session, losing)
    return losing


def settle(session: Session, meeting_ids: set[int]) -> set[int]:
    """Each meeting shows what its newest copy says (and is private if any copy is); returns the meetings
    whose title, times or status this changed."""
    copies: dict[int, list] = {}
    columns = (MeetingCopy.meeting_id, MeetingCopy.sequence, MeetingCopy.dtstamp, MeetingCopy.import_id,
               MeetingCopy.private, *(getattr(MeetingCopy, c) for c in DECIDING))  # fmt: skip
    shown = (Meeting.id, Meeting.private, *(getattr(Meeting, c) for c in DECIDING))
    now: dict[int, tuple] = {}
    for chunk in bulk.chunks(sorted(meeting_ids)):
        for row in session.execute(select(*columns).where(MeetingCopy.meeting_id.in_(chunk)).order_by(MeetingCopy.id)):
            copies.setdefault(row[0], []).append(row)
        now.update((row[0], tuple(row[1:])) for row in session.execute(select(*shown).where(Meeting.id.in_(chunk))))
    updates = []
    for mid, rows in copies.items():
        best = max(rows, key=lambda r: (r[1], r[2] or FLOOR, r[3] or 0))
        private = any(r[4] for r in rows)
        decided = (private, *best[5:])
        if now.get(mid) != decided:
            title, start, end, all_day = best[5], best[6], best[7], best[8]
            updates.append(
                {
                    "id": mid,
                    "private": private,
                    **dict(zip(DECIDING, best[5:], strict=True)),
                    "match_key": key_of(title, private, start, end, all_day),
                }  # fmt: skip
            )
    bulk.execute(session, update(Meeting), updates)
    return {row["id"] for row in updates}


def _add_new_meetings(session: Session, slots: list[Slot]) -> None:
    """Insert the meetings no calendar held before, each as its first copy shows it (``settle`` follows)."""
    rows = []
    for slot in slots:
        occ = slot.first
        assert occ is not None
        shown = {k: v for k, v in _shown(occ).items() if k in DECIDING or k == "private"}
        rows.append(
            {
                "identity": slot.identity,
                "match_key": slot.match_key,
                "series_key": slot.series_key,
                "attribution": "",
                **shown,
            }  # fmt: skip
        )
    ids: dict[str, int] = {}
    for i in range(0, len(rows), bulk.CHUNK):
        statement = insert(Meeting).returning(Meeting.id, Meeting.identity, sort_by_parameter_order=True)
        ids.update((ident, mid) for mid, ident in session.execute(statement, rows[i : i + bulk.CHUNK]))
    for slot in slots:
        slot.id = ids[slot.identity]


def _owner_copies(session: Session, owner: str, meeting_ids: set[int]) -> dict[int, tuple[int, str, int]]:
    """The owner's copy of each of these meetings: meeting id -> (copy id, fingerprint, import id)."""
    found: dict[int, tuple[int, str, int]] = {}
    columns = (MeetingCopy.meeting_id, MeetingCopy.id, MeetingCopy.fingerprint, MeetingCopy.import_id)
    for chunk in bulk.chunks(sorted(meeting_ids)):
        query = select(*columns).where(MeetingCopy.owner_email == owner, MeetingCopy.meeting_id.in_(chunk))
        found.update((mid, (cid, print_, i)) for mid, cid, print_, i in session.execute(query))
    return found


def _copy_values(occ: Occurrence, attendees: list, print_: str, import_id: int) -> dict:
    return {
        "import_id": import_id,
        "fingerprint": print_,
        **_shown(occ),
        "attendees": json.dumps(attendees),
        "organizer": occ.organizer,
    }


def _shown(occ: Occurrence) -> dict:
    """What a copy stores of an occurrence besides who it lists."""
    return {
        "sequence": occ.sequence,
        "dtstamp": occ.dtstamp,
        "title": "" if occ.private else occ.title,
        "start": as_datetime(occ.start),
        "end": as_datetime(occ.end),
        "all_day": occ.all_day,
        "status": occ.status,
        "transparent": occ.transparent,
        "private": occ.private,
        "categories": ";".join(occ.categories),
    }
