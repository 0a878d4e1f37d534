"""Everything held about one person, for a subject access request: read from the schema itself.

Every table is searched by the columns that can point at a person: a foreign key to the person, or an
address column (``String(320)``, the schema's length for an email). A table added later is searched
without anyone remembering to. Beside those, the copies of other people's calendars that list them,
the meetings they are costed at (title, times, partnership), and audit entries that mention them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Column, LargeBinary, String, Table, func, or_, select
from sqlalchemy.orm import Session

from ..models import Attendance, AuditEntry, Base, Meeting, MeetingAddress, MeetingCopy, Partnership, Person
from .cell_text import neutralise

ADDRESS_LENGTH = 320  # every column that holds an email address is String(320)
SECRET = {("app_user", "password_hash"), ("calendar_source", "secret")}  # held, never handed out: said to be there


def person_columns(table: Table) -> list[Column]:
    """The columns of ``table`` that can point at a person: a foreign key to them, or an address."""
    person = Person.__table__
    return [
        c
        for c in table.columns
        if any(fk.column.table is person for fk in c.foreign_keys)
        or (table is person and c.name == "id")
        or (isinstance(c.type, String) and c.type.length == ADDRESS_LENGTH)
    ]


def searched_tables() -> list[str]:
    """Every table searched for a person (the test of completeness compares it with the schema)."""
    return [t.name for t in Base.metadata.sorted_tables if person_columns(t)]


def everything(session: Session, person_ids: list[int], addresses: set[str], names: set[str]) -> dict[str, Any]:
    """Every row about the person, table by table, plus the meetings they are listed at or costed at."""
    held: dict[str, Any] = {}
    lowered = sorted(a.lower() for a in addresses)
    for name in searched_tables():
        table = Base.metadata.tables[name]
        columns = person_columns(table)
        where = []
        for c in columns:
            if isinstance(c.type, String):
                where.append(func.lower(c).in_(lowered))
            elif person_ids:
                where.append(c.in_(person_ids))
        if not where:
            continue
        rows = [_row(table, r) for r in session.execute(select(table).where(or_(*where))).mappings()]
        if rows:
            held[table.name] = rows
    held["listed_in_copies"] = _listed(session, lowered, names)
    held["meetings_costed"] = _costed(session, person_ids)
    held["audit_entries_mentioning"] = _mentioned(session, lowered)
    return held


def _row(table: Table, row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        column = table.c[name]
        if (table.name, name) in SECRET:
            out[name] = "(held, not shown)"
        elif isinstance(column.type, LargeBinary):
            out[name] = None if value is None else f"({len(value)} bytes of stored readings or history)"
        else:
            out[name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _listed(session: Session, addresses: list[str], names: set[str]) -> list[dict[str, Any]]:
    """Copies of anyone's calendar whose attendee list names them: title, times, attendees as held."""
    keys = [*addresses, *("name:" + " ".join(n.lower().split()) for n in names)]
    meetings = select(MeetingAddress.meeting_id).where(MeetingAddress.key.in_(keys))
    query = (
        select(MeetingCopy.owner_email, MeetingCopy.title, MeetingCopy.start, MeetingCopy.end, MeetingCopy.attendees)
        .where(MeetingCopy.meeting_id.in_(meetings))
        .order_by(MeetingCopy.start, MeetingCopy.owner_email)
    )
    return [
        {"calendar_of": o, "title": t, "start": s.isoformat(), "end": e.isoformat(), "attendees": json.loads(a)}
        for o, t, s, e, a in session.execute(query)
    ]


def _costed(session: Session, person_ids: list[int]) -> list[dict[str, Any]]:
    """Each meeting their time is costed at: what it was, where it counts, their hours and its cost."""
    query = (
        select(
            Meeting.title,
            Meeting.start,
            Meeting.end,
            Partnership.name,
            Attendance.seconds,
            Attendance.hourly_rate,
            Attendance.cost,
            Attendance.standard_rate,
            Attendance.standard_cost,
            Attendance.rate_basis,
        )  # fmt: skip
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .outerjoin(Partnership, Partnership.id == Attendance.partnership_id)
        .where(Attendance.person_id.in_(person_ids))
        .order_by(Meeting.start)
    )
    names = ("title", "start", "end", "partnership", "seconds", "hourly_rate", "cost", "standard_rate",
             "standard_cost", "rate_basis")  # fmt: skip
    return [dict(zip(names, map(_plain, row), strict=True)) for row in session.execute(query)]


def _mentioned(session: Session, addresses: list[str]) -> list[dict[str, Any]]:
    """Audit entries done by others that name them (an import of their calendar, a change to their row)."""
    if not addresses:
        return []
    about = or_(
        *(
            func.lower(c).contains(a, autoescape=True)
            for a in addresses
            for c in (AuditEntry.target, AuditEntry.details)
        )
    )
    query = select(AuditEntry).where(about, func.lower(AuditEntry.actor).not_in(addresses)).order_by(AuditEntry.at)
    return [
        _row(cast(Table, AuditEntry.__table__), r)
        for r in session.execute(query.with_only_columns(*AuditEntry.__table__.c)).mappings()
    ]


def as_json(held: dict[str, Any]) -> str:
    return json.dumps(held, indent=2, sort_keys=True, ensure_ascii=False)


def as_zip(held: dict[str, Any]) -> bytes:
    """One CSV per section (values that are lists, such as attendees, as JSON in their cell)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section, rows in sorted(held.items()):
            archive.writestr(f"{section}.csv", _csv(rows))
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise(value) if isinstance(value, str) else value


def _csv(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
    return "\ufeff" + out.getvalue()
