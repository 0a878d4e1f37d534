"""Connected calendars as people read about them: the sources listed (never a secret, only whether there is
one), and what the public privacy notice says (which organisations agreed; counts, naming nobody)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.source_addresses import KIND_NAMES, shown
from ..domain.source_schedule import CLAIM_HOLDS
from ..models import CalendarSource, Organisation, Person, SourceEvent


@dataclass(frozen=True)
class Listed:
    """One source as lists show it: never its secret, only whether it has one."""

    id: int
    owner: str
    organisation: str
    kind: str
    url: str
    username: str
    has_secret: bool
    paused: bool
    paused_reason: str
    failures: int
    last_synced_at: datetime | None
    last_tried_at: datetime | None
    last_result: str
    last_error: str
    next_run_at: datetime | None
    objects: int
    syncing_since: datetime | None = None

    @property
    def address(self) -> str:
        """As shown: its server and last path part, never a private link's key (``source_addresses.shown``)."""
        return shown(self.url)


def listing(session: Session, organisation_id: int | None = None, source_id: int | None = None) -> list[Listed]:
    """Every source (or one organisation's staff's, or one), by owner then id."""
    counts = select(SourceEvent.source_id, func.count().label("n")).group_by(SourceEvent.source_id).subquery("counts")
    query = (
        select(CalendarSource, Person.email, Organisation.name, counts.c.n)
        .join(Person, Person.id == CalendarSource.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(counts, counts.c.source_id == CalendarSource.id)
        .order_by(Person.email, CalendarSource.id)
    )
    if organisation_id is not None:
        query = query.where(Person.organisation_id == organisation_id)
    if source_id is not None:
        query = query.where(CalendarSource.id == source_id)
    claims_from = datetime.now(UTC) - CLAIM_HOLDS  # an older claim is a sync whose process died: not shown
    return [
        Listed(
            s.id,
            email,
            organisation or "",
            s.kind,
            s.url,
            s.username,
            s.secret is not None,
            s.paused,
            s.paused_reason,
            s.failures,
            s.last_synced_at,
            s.last_tried_at,
            s.last_result,
            s.last_error,
            s.next_run_at,
            n or 0,
            s.syncing_since if s.syncing_since and s.syncing_since > claims_from else None,
        )  # fmt: skip
        for s, email, organisation, n in session.execute(query)
    ]


def exists(session: Session, source_id: int) -> bool:
    return session.get(CalendarSource, source_id) is not None


@dataclass(frozen=True)
class Agreed:
    organisation: str
    connected: list[tuple[str, int]]  # kind in words, how many calendars (not paused)


def agreed_organisations(session: Session) -> list[Agreed]:
    """Each organisation that has agreed, by name, with its connected calendars counted by kind."""
    names = list(
        session.scalars(select(Organisation.name).where(Organisation.sources_agreed).order_by(Organisation.name))
    )
    counts = session.execute(
        select(Organisation.name, CalendarSource.kind, func.count())
        .join(Person, Person.id == CalendarSource.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .where(CalendarSource.paused.is_(False), Organisation.sources_agreed)
        .group_by(Organisation.name, CalendarSource.kind)
    )
    by_org: dict[str, list[tuple[str, int]]] = {name: [] for name in names}
    for name, kind, n in counts:
        by_org[name].append((KIND_NAMES.get(kind, kind), n))
    return [Agreed(name, sorted(by_org[name])) for name in names]
