"""Taking the titles and attendee lists out of meetings older than the retention period, and out of
everything that keeps a copy of them (undo history, stored readings), while their costed time stays.

A retired meeting keeps its times, its partnership and its attendance rows: the figures do not move.
Where a key holds a title (meetings from Outlook CSV files are known by title and time), the title is
replaced by a digest of the key, so one series stays one series without saying what it was called.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..models import CalendarImport, Meeting, MeetingAddress, MeetingCopy, ReplacedCopy, UndoneImport
from . import bulk, monthly

RETIRED = "(retired)"


@dataclass
class Retired:
    """What one pass removed, in counts."""

    meetings: int = 0
    copies: int = 0
    kept_copies: int = 0  # copies in the undo history (replaced or undone) stripped too
    readings: int = 0  # imports whose stored readings were let go (the next import reads the file afresh)
    source_objects: int = 0  # connected calendars' kept objects whose text was let go (store/sources.py)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def retired_keys(identity: str, match_key: str, series_key: str) -> tuple[str, str, str]:
    """A meeting's keys with any title taken out: a UID identity or series stays as it is."""
    if identity.startswith("key:"):
        identity = f"key:{RETIRED} {_digest(identity)}"
    if not match_key.startswith(RETIRED):
        rest, _, end = match_key.rpartition("|")
        start = rest.rpartition("|")[2]
        match_key = f"{RETIRED}|{start}|{end}"
    if series_key.startswith("title:") and not series_key.startswith(f"title:{RETIRED}"):
        series_key = f"title:{RETIRED} {_digest(series_key)}"
    return identity, match_key, series_key


def stripped_copy(copy: dict) -> dict:
    """A kept copy (undo history) without its title, its attendees, or a title in its keys."""
    out = {**copy, "title": "", "attendees": "[]"}
    if "organizer" in out:
        out["organizer"] = None
    if {"identity", "match_key", "series_key"} <= out.keys():
        out["identity"], out["match_key"], out["series_key"] = retired_keys(
            out["identity"], out["match_key"], out["series_key"]
        )
    return out


def due(session: Session, before: datetime) -> list[int]:
    """Meetings starting before ``before`` whose titles and lists are still held."""
    query = select(Meeting.id).where(Meeting.start < before, Meeting.retired_on.is_(None)).order_by(Meeting.id)
    return list(session.scalars(query))


def retire(session: Session, meeting_ids: list[int], on: date, before: datetime) -> Retired:
    """Strip these meetings, their copies and every kept copy of them (and any undone copy starting before
    ``before``, whose meeting may be gone); mark them retired ``on``."""
    done = Retired(meetings=len(meeting_ids))
    renamed: dict[str, str] = {}
    for chunk in bulk.chunks(meeting_ids):
        rows = session.execute(
            select(Meeting.id, Meeting.identity, Meeting.match_key, Meeting.series_key).where(Meeting.id.in_(chunk))
        ).all()
        changes, series = [], set()
        for mid, identity, match_key, series_key in rows:
            new = retired_keys(identity, match_key, series_key)
            if new[0] != identity:
                renamed[identity] = new[0]
            if new[2] != series_key:
                series |= {series_key, new[2]}
            changes.append({"id": mid, "title": "", "identity": new[0], "match_key": new[1], "series_key": new[2],
                            "retired_on": on})  # fmt: skip
        bulk.execute(session, update(Meeting), changes)
        monthly.series_changed(session, series)
        done.copies += _count(session, select(MeetingCopy.id).where(MeetingCopy.meeting_id.in_(chunk)))
        stripped = {"title": "", "attendees": "[]", "organizer": None}
        bulk.execute(session, update(MeetingCopy).where(MeetingCopy.meeting_id.in_(chunk)).values(**stripped))
        owners = select(MeetingCopy.owner_email).where(MeetingCopy.meeting_id == MeetingAddress.meeting_id)
        bulk.execute(
            session,
            delete(MeetingAddress).where(MeetingAddress.meeting_id.in_(chunk), MeetingAddress.key.not_in(owners)),
        )
        imports = select(MeetingCopy.import_id).where(MeetingCopy.meeting_id.in_(chunk)).distinct()
        done.readings += _count(session, select(CalendarImport.id).where(
            CalendarImport.id.in_(imports), CalendarImport.readings.is_not(None)))  # fmt: skip
        bulk.execute(session, update(CalendarImport).where(CalendarImport.id.in_(imports)).values(readings=None))
    identities = set(session.scalars(select(Meeting.identity).where(Meeting.retired_on == on)))
    done.kept_copies += _strip_replaced(session, identities, renamed)
    done.kept_copies += _strip_undone(session, identities, renamed, before)
    return done


def _count(session: Session, query) -> int:
    return len(session.scalars(query).all())


def _strip_replaced(session: Session, identities: set[str], renamed: dict[str, str]) -> int:
    """Replaced copies (what undoing an import puts back) of the retired meetings."""
    wanted = sorted(identities | renamed.keys())
    updates = []
    for chunk in bulk.chunks(wanted):
        query = select(ReplacedCopy.id, ReplacedCopy.meeting_identity, ReplacedCopy.copy).where(
            ReplacedCopy.meeting_identity.in_(chunk)
        )
        for rid, identity, text in session.execute(query):
            copy = json.loads(text or "{}")
            updates.append(
                {
                    "id": rid,
                    "meeting_identity": renamed.get(identity, identity),
                    "copy": json.dumps(stripped_copy(copy) if copy else copy),
                }
            )
    bulk.execute(session, update(ReplacedCopy), updates)
    return len(updates)


def _strip_undone(session: Session, identities: set[str], renamed: dict[str, str], before: datetime) -> int:
    """Undone imports (what restoring one brings back): each of their copies of a retired meeting, or of
    a meeting as old that is gone."""

    def old(copy: dict) -> bool:
        if copy.get("identity") in identities or copy.get("identity") in renamed:
            return True
        start = str(copy.get("start") or "")
        return (
            bool(start)
            and datetime.fromisoformat(start) < before
            and bool(copy.get("title") or copy.get("attendees") != "[]" or copy.get("organizer"))
        )

    stripped = 0
    for uid, packed in session.execute(select(UndoneImport.id, UndoneImport.snapshot)).all():
        body = json.loads(zlib.decompress(packed))
        hit = [c for c in body.get("copies", []) if old(c)]
        if not hit:
            continue
        body["copies"] = [stripped_copy(c) if old(c) else c for c in body["copies"]]
        stripped += len(hit)
        session.execute(
            update(UndoneImport)
            .where(UndoneImport.id == uid)
            .values(snapshot=zlib.compress(json.dumps(body).encode(), 6)),
            execution_options=bulk.UNSYNCED,
        )
    return stripped
