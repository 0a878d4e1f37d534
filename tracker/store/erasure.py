"""Erasing a person (or every person of an organisation) from the database: their calendars, their
entries in other people's attendee lists, their register rows, accounts, and any text that names them.

The tables are found from the schema itself (``Base.metadata``): every row that points at a person or
an organisation, and every text column that could spell a name or an address, so a table added later
is not forgotten. ``services/privacy.py`` calls these in order, inside one transaction, and brings the
figures up to date through the normal refresh.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Column, ColumnElement, String, Table, Text, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..models import (
    Attendance,
    Base,
    CalendarImport,
    CalendarSource,
    MeetingAddress,
    MeetingCopy,
    Organisation,
    Person,
    PersonAlias,
    Proposal,
    ReplacedCopy,
    SourceEvent,
    UndoneImport,
    User,
)
from . import bulk, monthly
from .meetings import address_key


@dataclass
class Subject:
    """Who is to be erased: the register's people, every address and name they go by, and their
    organisation when it is the organisation that goes."""

    person_ids: list[int]
    addresses: set[str]  # lower case: main addresses and aliases
    names: set[str]  # as the register spells them
    organisation_id: int | None = None
    organisation: str = ""

    @property
    def keys(self) -> set[str]:
        """How meetings list them (``meetings.address_key``)."""
        return {address_key(a, None) for a in self.addresses} | {address_key(None, n) for n in self.names}

    def words(self) -> list[str]:
        """What a text may spell them by, longest first (an alias may hold a name); each also as iCalendar
        text escapes it (``Adams\\, Alice``), as a connected calendar's kept objects hold it."""
        found = self.addresses | {n for n in self.names if n.strip()}
        if self.organisation:
            found.add(self.organisation)
        found |= {escaped(w) for w in found}
        return sorted(found, key=len, reverse=True)


@dataclass
class Erased:
    """What an erasure removed or rewrote, in counts only."""

    counts: Counter = field(default_factory=Counter)

    def add(self, what: str, n: int) -> None:
        if n:
            self.counts[what] += n


def escaped(text: str) -> str:
    """``text`` as an iCalendar TEXT value writes it (RFC 5545 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def find_person(session: Session, email: str) -> Subject | None:
    """The person with this address (or alias), or None."""
    wanted = email.strip().lower()
    person_id = session.scalar(select(Person.id).where(func.lower(Person.email) == wanted))
    if person_id is None:
        person_id = session.scalar(select(PersonAlias.person_id).where(func.lower(PersonAlias.email) == wanted))
    if person_id is None:
        known_as = {wanted} if session.scalar(select(User.id).where(func.lower(User.email) == wanted)) else set()
        return Subject([], known_as, set()) if known_as else None  # an account with no register row
    return _subject(session, [person_id])


def find_organisation(session: Session, name: str) -> Subject | None:
    """Every person of the organisation with this name (any case), or None."""
    org = session.execute(
        select(Organisation.id, Organisation.name).where(func.lower(Organisation.name) == name.strip().lower())
    ).first()
    if org is None:
        return None
    people = list(session.scalars(select(Person.id).where(Person.organisation_id == org.id)))
    subject = _subject(session, people)
    subject.organisation_id, subject.organisation = org.id, org.name
    return subject


def _subject(session: Session, person_ids: list[int]) -> Subject:
    addresses: set[str] = set()
    names: set[str] = set()
    for chunk in bulk.chunks(sorted(person_ids)):
        for email, name in session.execute(select(Person.email, Person.name).where(Person.id.in_(chunk))):
            addresses.add(email.lower())
            names.add(name)
        addresses.update(
            a.lower() for a in session.scalars(select(PersonAlias.email).where(PersonAlias.person_id.in_(chunk)))
        )
    return Subject(sorted(person_ids), addresses, names)


def their_meetings(session: Session, subject: Subject) -> set[int]:
    """Meetings that list them, hold a copy from their calendar, or cost their time."""
    found = set(session.scalars(select(MeetingAddress.meeting_id).where(MeetingAddress.key.in_(sorted(subject.keys)))))
    found.update(
        session.scalars(
            select(MeetingCopy.meeting_id).where(func.lower(MeetingCopy.owner_email).in_(subject.addresses))
        )
    )
    for chunk in bulk.chunks(subject.person_ids):
        found.update(session.scalars(select(Attendance.meeting_id).where(Attendance.person_id.in_(chunk))))
    return found


def remove_attendances(session: Session, subject: Subject, erased: Erased) -> None:
    """Their costed rows, taken out of the monthly sums as they go."""
    for chunk in bulk.chunks(subject.person_ids):
        mine = Attendance.person_id.in_(chunk)
        rows = session.execute(select(*monthly.SUMMED).where(mine)).all()
        meetings = set(session.scalars(select(Attendance.meeting_id).where(mine)))
        monthly.removed(session, rows, meetings)
        erased.add("attendance rows", len(rows))
        bulk.execute(session, delete(Attendance).where(mine))
    monthly.bring_up_to_date(session)


def remove_calendars(session: Session, subject: Subject, erased: Erased) -> None:
    """Their calendar imports, every copy those hold, what the imports replaced, and their undone imports."""
    owners = sorted(subject.addresses)
    imports = list(session.scalars(select(CalendarImport.id).where(func.lower(CalendarImport.owner_email).in_(owners))))
    erased.add("calendar imports", len(imports))
    erased.add("calendar copies", _count(session, MeetingCopy, func.lower(MeetingCopy.owner_email).in_(owners)))
    bulk.execute(session, delete(MeetingCopy).where(func.lower(MeetingCopy.owner_email).in_(owners)))
    for chunk in bulk.chunks(imports):
        gone = or_(ReplacedCopy.import_id.in_(chunk), ReplacedCopy.previous_import_id.in_(chunk))
        bulk.execute(session, delete(ReplacedCopy).where(gone))
        bulk.execute(session, delete(MeetingCopy).where(MeetingCopy.import_id.in_(chunk)))
        bulk.execute(session, delete(CalendarImport).where(CalendarImport.id.in_(chunk)))
    undone = UndoneImport.owner_email.in_(owners)
    erased.add("undone imports", _count(session, UndoneImport, undone))
    bulk.execute(session, delete(UndoneImport).where(undone))


def remove_sources(session: Session, subject: Subject, erased: Erased) -> None:
    """Their connected calendars, and every calendar object those kept: nothing of them is read again."""
    for chunk in bulk.chunks(subject.person_ids):
        sources = select(CalendarSource.id).where(CalendarSource.person_id.in_(chunk))
        erased.add("connected calendar objects", _count(session, SourceEvent, SourceEvent.source_id.in_(sources)))
        bulk.execute(session, delete(SourceEvent).where(SourceEvent.source_id.in_(sources)))
        erased.add("connected calendars", _count(session, CalendarSource, CalendarSource.person_id.in_(chunk)))
        bulk.execute(session, delete(CalendarSource).where(CalendarSource.person_id.in_(chunk)))


def strip_lists(session: Session, subject: Subject, meeting_ids: set[int], mark: str, erased: Erased) -> None:
    """Other people's copies keep the meeting but lose them from the attendee list (and their names from
    the title); so do kept copies (undo history) and stored readings, which go if they name them."""
    pattern = _pattern(subject.words())
    updates = []
    for chunk in bulk.chunks(sorted(meeting_ids)):
        query = select(MeetingCopy.id, MeetingCopy.title, MeetingCopy.attendees).where(
            MeetingCopy.meeting_id.in_(chunk)
        )
        for cid, title, attendees in session.execute(query):
            listed = json.loads(attendees)
            kept = [a for a in listed if not _is_them(a, subject)]
            new_title = pattern.sub(mark, title)
            if kept != listed or new_title != title:
                updates.append({"id": cid, "title": new_title, "attendees": json.dumps(kept)})
                erased.add("attendee entries", len(listed) - len(kept))
    bulk.execute(session, update(MeetingCopy), updates)
    erased.add("copies of others' meetings changed", len(updates))
    bulk.execute(session, delete(MeetingAddress).where(MeetingAddress.key.in_(sorted(subject.keys))))
    _strip_replaced(session, subject, pattern, mark, erased)
    _strip_undone(session, subject, pattern, mark, erased)
    _drop_readings(session, subject, erased)


def _is_them(entry: list, subject: Subject) -> bool:
    email, name = (entry + ["", ""])[:2]
    if email:
        return email.strip().lower() in subject.addresses
    return " ".join((name or "").lower().split()) in {" ".join(n.lower().split()) for n in subject.names}


def _stripped(copy: dict, subject: Subject, pattern: re.Pattern, mark: str) -> dict:
    out = dict(copy)
    if "attendees" in out:
        out["attendees"] = json.dumps([a for a in json.loads(out["attendees"] or "[]") if not _is_them(a, subject)])
    if out.get("title"):
        out["title"] = pattern.sub(mark, out["title"])
    return out


def _strip_replaced(session: Session, subject: Subject, pattern: re.Pattern, mark: str, erased: Erased) -> None:
    updates = []
    for rid, text in session.execute(
        select(ReplacedCopy.id, ReplacedCopy.copy).where(_mentions(ReplacedCopy.copy, subject))
    ):
        updates.append({"id": rid, "copy": json.dumps(_stripped(json.loads(text), subject, pattern, mark))})
    bulk.execute(session, update(ReplacedCopy), updates)
    erased.add("kept copies changed", len(updates))


def _strip_undone(session: Session, subject: Subject, pattern: re.Pattern, mark: str, erased: Erased) -> None:
    for uid, packed in session.execute(select(UndoneImport.id, UndoneImport.snapshot)).all():
        text = zlib.decompress(packed).decode()
        if not pattern.search(text):
            continue
        body = json.loads(text)
        body["copies"] = [_stripped(c, subject, pattern, mark) for c in body.get("copies", [])]
        packed = zlib.compress(pattern.sub(mark, json.dumps(body)).encode(), 6)
        bulk.execute(session, update(UndoneImport).where(UndoneImport.id == uid).values(snapshot=packed))
        erased.add("undone imports changed", 1)


def _drop_readings(session: Session, subject: Subject, erased: Erased) -> None:
    """Stored readings are a cache of a file's events: one that names them is let go (the owner's next
    import reads the whole file again)."""
    pattern = _pattern(subject.words())
    query = select(CalendarImport.id, CalendarImport.readings).where(CalendarImport.readings.is_not(None))
    hits = [
        iid
        for iid, packed in session.execute(query)
        if packed and pattern.search(zlib.decompress(packed).decode("utf-8", "replace"))
    ]
    for chunk in bulk.chunks(hits):
        bulk.execute(session, update(CalendarImport).where(CalendarImport.id.in_(chunk)).values(readings=None))
    erased.add("stored readings let go", len(hits))


def remove_rows(session: Session, subject: Subject, erased: Erased) -> None:
    """Their accounts, then every row that points at them or (for an organisation) at it: deleted, or
    the pointer cleared where it may be empty; then the register rows themselves."""
    users: ColumnElement[bool] = func.lower(User.email).in_(sorted(subject.addresses))
    if subject.organisation_id is not None:  # its accounts go with it, never left to belong to the host
        users = or_(users, User.organisation_id == subject.organisation_id)
    erased.add("user accounts", _count(session, User, users))
    bulk.execute(session, delete(User).where(users))
    targets = [(cast(Table, Person.__table__), subject.person_ids)]
    if subject.organisation_id is not None:
        targets.append((cast(Table, Organisation.__table__), [subject.organisation_id]))
    for target, ids in targets:
        for table, column in _pointing_at(target):
            for chunk in bulk.chunks(ids):
                where = column.in_(chunk)
                n = _count(session, table, where)
                if column.nullable:
                    bulk.execute(session, update(table).where(where).values({column.name: None}))
                else:
                    bulk.execute(session, delete(table).where(where))
                erased.add(f"{table.name} rows", n)
        for chunk in bulk.chunks(ids):
            bulk.execute(session, delete(target).where(target.c.id.in_(chunk)))
    erased.add("people", len(subject.person_ids))
    erased.add("organisations", subject.organisation_id is not None)


def leave_proposals(session: Session, subject: Subject, erased: Erased) -> None:
    """Proposed partnerships list the people who would sit on them by id: they are taken off."""
    gone = set(subject.person_ids)
    updates = []
    for pid, people in session.execute(select(Proposal.id, Proposal.people)):
        listed = json.loads(people or "[]")
        kept = [p for p in listed if p not in gone]
        if kept != listed:
            updates.append({"id": pid, "people": json.dumps(kept)})
    bulk.execute(session, update(Proposal), updates)
    erased.add("proposals changed", len(updates))


def clear_addresses(session: Session, subject: Subject, erased: Erased) -> None:
    """Any column holding exactly one of their addresses (a partnership's lead, say) is cleared where it
    may be empty; the text pass (``scrub_text``) rewrites the rest."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.nullable and isinstance(column.type, String) and column.type.length == 320:
                where = func.lower(column).in_(sorted(subject.addresses))
                n = _count(session, table, where)
                bulk.execute(session, update(table).where(where).values({column.name: None}))
                erased.add(f"{table.name}.{column.name} cleared", n)


def scrub_text(session: Session, words: Iterable[str], mark: str, erased: Erased) -> None:
    """Every text column of every table: each of ``words`` (any case, as a whole word) becomes ``mark``."""
    wanted = [w for w in words if w]
    if not wanted:
        return
    pattern = _pattern(wanted)
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        for column in table.columns:
            if not isinstance(column.type, String | Text) or column in keys:
                continue
            like = or_(*(func.lower(column).contains(w.lower(), autoescape=True) for w in wanted))
            updates = []
            for row in session.execute(select(*keys, column).where(like)):
                text = row[-1]
                new = pattern.sub(mark, text)
                if new != text:
                    updates.append({**{f"k_{k.name}": v for k, v in zip(keys, row[:-1], strict=False)}, "v": new})
            if updates:
                statement = (
                    update(table)
                    .where(*(k == bindparam(f"k_{k.name}") for k in keys))
                    .values({column.name: bindparam("v")})
                )
                session.connection().execute(statement, updates)
                erased.add("text fields rewritten", len(updates))


def _pattern(words: Iterable[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w) or r"(?!x)x"
    return re.compile(rf"(?<![\w.@-])(?:{alternatives})(?![\w@-]|\.\w)", re.IGNORECASE)


def _mentions(column, subject: Subject):
    return or_(*(func.lower(column).contains(w.lower(), autoescape=True) for w in subject.words()))


def _pointing_at(target: Table) -> list[tuple[Table, Column]]:
    """Every column of the schema with a foreign key to ``target``'s id."""
    found: list[tuple[Table, Column]] = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table is target for fk in column.foreign_keys):
                found.append((table, column))
    return found


def _count(session: Session, table, where) -> int:
    selectable = table.__table__ if hasattr(table, "__table__") else table
    return int(session.scalar(select(func.count()).select_from(selectable).where(where)) or 0)
