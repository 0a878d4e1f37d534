"""Front-line comparators and funding streams as the pages show them, and the money each partnership
governs over a period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import equivalents
from ..domain.periods import Period
from ..models import Comparator, FundingStream, Partnership
from .settings import load_settings


def comparators(session: Session) -> list[Comparator]:
    return list(session.scalars(select(Comparator).order_by(Comparator.name)))


def front_line(session: Session, hours: Decimal, cost: Decimal | None) -> equivalents.Equivalents:
    """Hours as working days, and a cost (None: not to be shown) as each comparator's units."""
    found = [equivalents.Comparator(c.name, c.unit, c.cost_per_unit, c.source) for c in comparators(session)]
    return equivalents.equivalents(hours, cost, found, load_settings(session).weekly_hours)


def funding_streams(session: Session, partnership_id: int | None = None) -> list[tuple[FundingStream, str]]:
    """Streams with their partnership's name, by partnership then start."""
    query = (
        select(FundingStream, Partnership.name)
        .join(Partnership, Partnership.id == FundingStream.partnership_id)
        .order_by(Partnership.name, FundingStream.period_start, FundingStream.source)
    )
    if partnership_id is not None:
        query = query.where(FundingStream.partnership_id == partnership_id)
    return [(stream, name) for stream, name in session.execute(query)]


def governed(session: Session, period: Period) -> dict[int, Decimal]:
    """Each partnership's money governed in the period: its streams, each in proportion to the days of it
    the period covers."""
    amounts: dict[int, Decimal] = defaultdict(Decimal)
    query = select(FundingStream).where(
        FundingStream.period_start <= period.end, FundingStream.period_end >= period.start
    )
    for stream in session.scalars(query):
        amounts[stream.partnership_id] += equivalents.governed_in(
            stream.amount, stream.period_start, stream.period_end, period
        )
    return dict(amounts)


@dataclass(frozen=True)
class Governance:
    """A partnership's funding streams, the money of them in a period, and its meeting cost set against it."""

    streams: list[FundingStream]
    governed: Decimal
    cost_per_thousand: Decimal | None


def governance(session: Session, period: Period, partnership_id: int, cost: Decimal) -> Governance:
    streams = [stream for stream, _ in funding_streams(session, partnership_id)]
    money = governed(session, period).get(partnership_id, Decimal(0))
    return Governance(streams, money, equivalents.cost_per_thousand(cost, money))
