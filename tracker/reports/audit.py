"""The audit trail read back: a page at a time for the admin page, all of it for the download; and the
names an entry gives in words for the ids a request carried (whose it was, which organisation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    AttributionChange,
    AuditEntry,
    CalendarImport,
    CalendarSource,
    Comparator,
    FundingStream,
    LibraryEntry,
    Meeting,
    Organisation,
    Partnership,
    Person,
    Proposal,
    Scenario,
    UndoneImport,
    User,
)

# A request's id argument (in its address, form or query) -> the row it names and how that row reads.
NAMED: dict[str, tuple[type, Callable[[Any], str]]] = {
    "person_id": (Person, lambda p: f"{p.name} ({p.email})"),
    "partnership_id": (Partnership, lambda p: p.name),
    "user_id": (User, lambda u: u.email),
    "import_id": (CalendarImport, lambda i: f"{i.filename} ({i.owner_email}'s calendar)"),
    "undone_id": (UndoneImport, lambda i: f"{i.filename} ({i.owner_email}'s calendar)"),
    "scenario_id": (Scenario, lambda s: s.name),
    "proposal_id": (Proposal, lambda p: p.name),
    "entry_id": (LibraryEntry, lambda e: e.title),
    "comparator_id": (Comparator, lambda c: c.name),
    "stream_id": (FundingStream, lambda f: f"{f.source} ({f.partnership.name})"),
    "change_id": (AttributionChange, lambda c: c.summary),
    "meeting_id": (Meeting, lambda m: f"the meeting {m.title!r}"),
    "organisation": (Organisation, lambda o: o.name),
    "source_id": (CalendarSource, lambda s: f"connected calendar {s.id} ({s.person.email}'s)"),
}


def name_of(session: Session, key: str, value: object) -> str | None:
    """What the id ``value`` given as ``key`` names, in words (``user_id`` 3 -> "alice@council.gov.uk"),
    or None when ``key`` is not an id or the row does not exist (any more)."""
    if key not in NAMED or not str(value).isdigit():
        return None
    model, words = NAMED[key]
    row = session.get(model, int(str(value)))
    return None if row is None else words(row)[:300]


def page(session: Session, *, offset: int, limit: int) -> list[AuditEntry]:
    """Newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(session.scalars(query.offset(offset).limit(limit)))


def count(session: Session) -> int:
    return session.scalar(select(func.count(AuditEntry.id))) or 0


def every(session: Session) -> Iterator[AuditEntry]:
    """Oldest first, a few hundred at a time, for the download."""
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id).execution_options(yield_per=500)
    yield from session.scalars(query)
