"""Cost against results: each partnership's meeting cost beside what it reported for the period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import equivalents
from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.results import PartnershipResult, Reading, evaluate
from ..models import Attendance, Measure, OutcomeValue
from . import basis
from .partnerships import PartnershipFigure
from .planning import governed
from .scope import scoped


def readings(session: Session, partnership_id: int | None = None) -> dict[int, list[Reading]]:
    """Every reported value, by partnership (or of one), for ``results.evaluate``."""
    out: dict[int, list[Reading]] = defaultdict(list)
    query = select(Measure, OutcomeValue).join(OutcomeValue, OutcomeValue.measure_id == Measure.id)
    if partnership_id is not None:
        query = query.where(Measure.partnership_id == partnership_id)
    for m, v in session.execute(query):
        out[m.partnership_id].append(
            Reading(
                m.name,
                m.kind,
                m.unit,
                m.target,
                m.direction,
                v.period_start,
                v.period_end,
                v.value,
                m.unit_value,
                m.unit_value_source,
                m.baseline,
            )
        )
    return out


def cost_by_day(session: Session, period: Period, filters: Filters = NO_FILTERS) -> dict[int, dict[date, Decimal]]:
    """Each partnership's own meeting cost by local day in the period (the basis the viewer is shown), so a
    result is set against the cost of its own period only; the days add up to the partnership's cost."""
    query = scoped(
        select(Attendance.partnership_id, Attendance.local_day, func.sum(basis.cost(session, Attendance))).group_by(
            Attendance.partnership_id, Attendance.local_day
        ),
        period,
        filters,
    )
    out: dict[int, dict[date, Decimal]] = defaultdict(dict)
    for pid, day, cost in session.execute(query):
        out[pid][day] = cost or Decimal(0)
    return out


def partnership_result(session: Session, figure: PartnershipFigure, period: Period, today: date) -> PartnershipResult:
    """One partnership's outcomes for the period, judged, each against the meeting cost of its own days."""
    days = cost_by_day(session, period, Filters(partnership_ids=(figure.id,))).get(figure.id, {})
    return evaluate(readings(session, figure.id).get(figure.id, []), days, period.start, period.end, today)


@dataclass(frozen=True)
class ResultRow:
    id: int
    name: str
    cost: Decimal
    hours: Decimal
    meetings: int
    people: frozenset[int]
    result: PartnershipResult
    governed: Decimal = Decimal(0)  # money it steers in the period (``planning.governed``)

    @property
    def cost_per_thousand(self) -> Decimal | None:
        """Meeting cost for each £1,000 governed; None when it governs no money."""
        return equivalents.cost_per_thousand(self.cost, self.governed)

    @property
    def share(self) -> Decimal | None:
        return self.result.share_met

    @property
    def judged(self) -> int:
        return self.result.judged


def cost_against_results(
    session: Session, tree: list[PartnershipFigure], period: Period, today: date, filters: Filters = NO_FILTERS
) -> list[ResultRow]:
    """Every partnership that met or reported in the period, ranked by share of targets met (unjudged last);
    ``filters`` are those the tree was built with, so each result's cost is of the same attendances."""
    by_partnership = readings(session)
    money = governed(session, period)
    days = cost_by_day(session, period, filters)
    rows = []
    for p in tree:
        if not p.meetings and p.id not in by_partnership:
            continue
        result = evaluate(by_partnership.get(p.id, []), days.get(p.id, {}), period.start, period.end, today)
        rows.append(
            ResultRow(
                p.id, p.name, p.cost, p.hours, p.meetings, frozenset(p.people), result, money.get(p.id, Decimal(0))
            )
        )
    rows.sort(key=lambda r: (r.share is None, -(r.share or Decimal(0)), r.name))
    return rows


def measures_by_partnership(session: Session) -> dict[int, list[Measure]]:
    out: dict[int, list[Measure]] = defaultdict(list)
    for m in session.scalars(select(Measure).order_by(Measure.name)):
        out[m.partnership_id].append(m)
    return out


def measures_of(session: Session, partnership_id: int) -> list[Measure]:
    query = select(Measure).where(Measure.partnership_id == partnership_id).order_by(Measure.kind, Measure.name)
    return list(session.scalars(query))


def values_of(session: Session, partnership_id: int) -> list[OutcomeValue]:
    """Every value reported for the partnership's measures, latest period first."""
    query = (
        select(OutcomeValue)
        .join(Measure)
        .where(Measure.partnership_id == partnership_id)
        .order_by(OutcomeValue.period_start.desc())
    )
    return list(session.scalars(query))
