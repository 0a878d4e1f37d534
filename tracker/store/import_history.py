"""Undo that can be undone: what each import replaced, put back when it is undone; what an undo removed,
kept so that it can be restored.

An import of a newer export changes, re-assigns or removes the owner's copies an earlier import held;
each is kept here (``ReplacedCopy``) as it stood. Undoing the import then gives those copies back to the
earlier import, as if the newer file had never come, instead of leaving the owner's calendar empty.
The undone import itself, its record and every copy it held, is kept (``UndoneImport``), and restoring
it applies those copies again the way the import did, keeping in turn what it replaces.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ..domain.local_time import meeting_day
from ..models import CalendarImport, Meeting, MeetingCopy, ReplacedCopy, UndoneImport
from . import bulk

COPY = ("owner_email", "fingerprint", "sequence", "dtstamp", "title", "start", "end", "all_day", "status",
        "transparent", "private", "categories", "attendees", "organizer")  # fmt: skip
MEETING = ("identity", "match_key", "series_key")
WHEN = ("dtstamp", "start", "end")
RECORD = ("filename", "sha256", "owner_email", "kind", "imported_at", "imported_by", "span_start", "span_end",
          "summary", "batch")  # fmt: skip


def copies(session: Session, copy_ids: Iterable[int]) -> dict[int, dict]:
    """Copies by id, as plain values with their meeting's identity and keys (JSON-ready)."""
    columns = (MeetingCopy.id, MeetingCopy.import_id, *(getattr(MeetingCopy, c) for c in COPY))
    columns += tuple(getattr(Meeting, c) for c in MEETING)
    found: dict[int, dict] = {}
    for chunk in bulk.chunks(sorted(set(copy_ids))):
        query = select(*columns).join(Meeting, Meeting.id == MeetingCopy.meeting_id).where(MeetingCopy.id.in_(chunk))
        for cid, import_id, *values in session.execute(query):
            found[cid] = {"import_id": import_id, **_plain(dict(zip((*COPY, *MEETING), values, strict=True)))}
    return found


def remember(session: Session, import_id: int, replaced: list[dict]) -> None:
    """Keep what an import replaced: dicts of ``previous_import_id``, ``meeting_identity``, ``how`` and
    ``copy`` (the copy's values; empty when it was only re-assigned)."""
    rows = [
        {**r, "import_id": import_id, "copy": json.dumps(r.get("copy") or {})}
        for r in replaced
        if r["previous_import_id"] != import_id
    ]
    bulk.execute(session, insert(ReplacedCopy), rows)


def take_back(session: Session, record: CalendarImport) -> set[int]:
    """Undo an import's copies: those it replaced go back to the earlier import as they stood (when that
    import is still there); the rest are deleted. Returns the meetings whose copies changed."""
    held = {
        identity: (cid, mid)
        for cid, mid, identity in session.execute(
            select(MeetingCopy.id, MeetingCopy.meeting_id, Meeting.identity)
            .join(Meeting, Meeting.id == MeetingCopy.meeting_id)
            .where(MeetingCopy.import_id == record.id)
        )
    }
    standing = set(session.scalars(select(CalendarImport.id).where(CalendarImport.id != record.id)))
    replaced = session.execute(
        select(ReplacedCopy.previous_import_id, ReplacedCopy.meeting_identity, ReplacedCopy.how, ReplacedCopy.copy)
        .where(ReplacedCopy.import_id == record.id)
        .order_by(ReplacedCopy.id)
    ).all()
    back: dict[str, tuple[int, str, dict]] = {}
    for previous, identity, how, text in replaced:
        if previous in standing:
            back.setdefault(identity, (previous, how, json.loads(text)))
    touched: set[int] = set()
    gone, restored = [], []
    for identity, (cid, mid) in held.items():
        touched.add(mid)
        if identity in back and back[identity][1] in ("kept", "changed"):
            previous, how, saved = back.pop(identity)
            values = {"import_id": previous} if how == "kept" else {"import_id": previous, **_copy_values(saved)}
            restored.append({"id": cid, **values})
        else:
            gone.append(cid)
    for chunk in bulk.chunks(sorted(gone)):
        bulk.execute(session, delete(MeetingCopy).where(MeetingCopy.id.in_(chunk)))
    bulk.execute(session, update(MeetingCopy), restored)
    removed = {identity: (previous, copy) for identity, (previous, how, copy) in back.items() if how == "removed"}
    touched |= _insert_copies(session, [(previous, copy) for previous, copy in removed.values()])
    return touched


def keep_undone(session: Session, record: CalendarImport, by: str) -> UndoneImport:
    """Keep an import, its record and every copy it holds, before it is undone."""
    held = session.scalars(select(MeetingCopy.id).where(MeetingCopy.import_id == record.id)).all()
    saved = list(copies(session, held).values())
    fields = _plain({name: getattr(record, name) for name in RECORD})
    undone = UndoneImport(
        undone_at=datetime.now(UTC),
        undone_by=by,
        filename=record.filename,
        owner_email=record.owner_email,
        imported_by=record.imported_by,
        copies=len(saved),
        snapshot=zlib.compress(json.dumps({"record": fields, "copies": saved}).encode(), 6),
    )
    session.add(undone)
    session.flush()
    return undone


def find_undone(session: Session, undone_id: int) -> UndoneImport | None:
    return session.get(UndoneImport, undone_id)


def bring_back(session: Session, undone: UndoneImport) -> tuple[CalendarImport, set[int]]:
    """Restore an undone import: its record again, and its copies applied as the import applied them (the
    owner's copies of the same meetings are replaced, and kept so this too can be undone). Returns the
    record and the meetings whose copies changed."""
    saved = json.loads(zlib.decompress(undone.snapshot))
    fields = _typed(saved["record"])
    record = CalendarImport(**fields)
    session.add(record)
    session.flush()
    owner = record.owner_email
    wanted = {c["identity"]: c for c in saved["copies"]}
    meetings = _meetings_for(session, list(wanted.values()))
    columns = (MeetingCopy.id, MeetingCopy.meeting_id, MeetingCopy.import_id, MeetingCopy.fingerprint)
    mine: dict[int, tuple[int, int, str]] = {}
    for chunk in bulk.chunks(sorted(set(meetings.values()))):
        query = select(*columns).where(MeetingCopy.owner_email == owner, MeetingCopy.meeting_id.in_(chunk))
        mine.update((mid, (cid, import_id, print_)) for cid, mid, import_id, print_ in session.execute(query))
    differing = [
        mine[meetings[i]][0]
        for i, c in wanted.items()
        if meetings[i] in mine and mine[meetings[i]][2] != c["fingerprint"]
    ]
    current = copies(session, differing)
    replaced, inserts, updates = [], [], []
    for identity, copy in wanted.items():
        mid = meetings[identity]
        if mid in mine:
            cid, previous, _ = mine[mid]
            how = "changed" if cid in current else "kept"
            replaced.append(entry(previous, identity, how, current.get(cid)))
            updates.append({"id": cid, **_copy_values(copy), "import_id": record.id})
        else:
            inserts.append({"meeting_id": mid, **_copy_values(copy), "import_id": record.id})
    bulk.execute(session, update(MeetingCopy), updates)
    bulk.execute(session, insert(MeetingCopy), inserts)
    dropped: set[int] = set()
    if record.span_start and record.span_end:
        kept = set(meetings.values())
        dropped = drop_unheld(session, owner, (record.span_start, record.span_end), kept, replaced)
    remember(session, record.id, replaced)
    session.delete(undone)
    session.flush()
    return record, set(meetings.values()) | dropped


def drop_unheld(
    session: Session, owner: str, span: tuple[date, date], kept: set[int], replaced: list[dict]
) -> set[int]:
    """Delete this owner's copies, within a file's span, of meetings the file no longer holds (``kept`` are
    the ones it does), each added to ``replaced`` as it stood; returns the meetings that lost one."""
    query = select(MeetingCopy.id, MeetingCopy.meeting_id, MeetingCopy.start, MeetingCopy.all_day).where(
        MeetingCopy.owner_email == owner
    )
    gone = {
        cid: mid
        for cid, mid, start, all_day in session.execute(query)
        if mid not in kept and span[0] <= meeting_day(start, all_day) <= span[1]
    }
    for copy in copies(session, gone).values():
        replaced.append(entry(copy["import_id"], copy["identity"], "removed", copy))
    for chunk in bulk.chunks(sorted(gone)):
        bulk.execute(session, delete(MeetingCopy).where(MeetingCopy.id.in_(chunk)))
    return set(gone.values())


def entry(previous: int, identity: str, how: str, copy: dict | None) -> dict:
    """What ``remember`` keeps of one replaced copy: ``how`` is kept, changed or removed."""
    return {"previous_import_id": previous, "meeting_identity": identity, "how": how, "copy": copy or {}}


def _insert_copies(session: Session, items: list[tuple[int, dict]]) -> set[int]:
    """Insert copies (``(import id, copy values)``), making again any meeting that is gone meanwhile."""
    meetings = _meetings_for(session, [copy for _, copy in items])
    rows = [{"meeting_id": meetings[copy["identity"]], **_copy_values(copy), "import_id": i} for i, copy in items]
    held: set[tuple[int, str]] = set()
    for chunk in bulk.chunks(sorted({r["meeting_id"] for r in rows})):
        query = select(MeetingCopy.meeting_id, MeetingCopy.owner_email).where(MeetingCopy.meeting_id.in_(chunk))
        held.update((mid, owner) for mid, owner in session.execute(query))
    rows = [r for r in rows if (r["meeting_id"], r["owner_email"]) not in held]  # a later import holds it now
    bulk.execute(session, insert(MeetingCopy), rows)
    return {row["meeting_id"] for row in rows}


def _meetings_for(session: Session, saved: list[dict]) -> dict[str, int]:
    """The meeting of each saved copy by identity, inserted as the copy shows it where none is stored."""
    identities = sorted({c["identity"] for c in saved})
    found: dict[str, int] = {}
    for chunk in bulk.chunks(identities):
        found.update(
            (identity, mid)
            for mid, identity in session.execute(
                select(Meeting.id, Meeting.identity).where(Meeting.identity.in_(chunk))
            )
        )
    missing = {c["identity"]: c for c in saved if c["identity"] not in found}
    for copy in missing.values():
        values = _copy_values(copy)
        meeting = Meeting(
            **{k: copy[k] for k in MEETING},
            **{k: values[k] for k in ("title", "start", "end", "all_day", "status", "transparent", "private")},
            categories=values["categories"],
            attribution="",
        )
        session.add(meeting)
        session.flush()
        found[copy["identity"]] = meeting.id
    return found


def _copy_values(copy: dict) -> dict:
    """A saved copy's columns, as the table takes them (one saved before copies kept their organiser
    has none)."""
    return _typed({k: copy.get(k) if k == "organizer" else copy[k] for k in COPY})


def _plain(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, (datetime, date)) else v for k, v in values.items()}


def _typed(values: dict) -> dict:
    """Back from JSON: instants as aware datetimes, the record's span as dates."""
    out = dict(values)
    for key in (*WHEN, "imported_at"):
        if out.get(key):
            out[key] = datetime.fromisoformat(out[key])
    for key in ("span_start", "span_end"):
        if out.get(key):
            out[key] = date.fromisoformat(out[key])
    return out
