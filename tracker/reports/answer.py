"""The director's answer: each partnership's cost and hours, its headline result against target, the cost
per result where that is fair, and the trend of its hours, costliest first.

Nothing here judges a result: ``results.cost_against_results`` (and ``domain.results``) does, and this
reader only picks each partnership's headline (``PartnershipResult.headline``) and adds the trend that
the hats page works out for people (``hats.trend``) to partnerships.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.results import MeasureResult
from .hats import month_end, trend, whole_months
from .partnerships import PartnershipFigure
from .results import ResultRow, cost_against_results
from .sums import figures

UNPROVEN = ("activity", "nothing")  # statuses the answer flags: no results, or only activity


@dataclass(frozen=True)
class AnswerRow:
    figures: ResultRow  # its cost, hours, meetings, people and judged results
    trend: Decimal | None  # change in hours a month over the period's whole months (``hats.trend``)

    @property
    def headline(self) -> MeasureResult | None:
        return self.figures.result.headline

    @property
    def status(self) -> str:
        return self.figures.result.status

    @property
    def flagged(self) -> bool:
        """No results reported, or only activity: the answer says so in the partnership's own row."""
        return self.status in UNPROVEN


def answer(
    session: Session, tree: list[PartnershipFigure], period: Period, today: date, filters: Filters = NO_FILTERS
) -> list[AnswerRow]:
    """Every partnership that met or reported in the period, costliest first (then by name)."""
    monthly = hours_a_month(session, period, filters)
    months = whole_months(period)
    rows = [
        AnswerRow(r, trend([monthly[r.id].get(m, Decimal(0)) for m in months]) if months else None)
        for r in cost_against_results(session, tree, period, today, filters)
    ]
    return sorted(rows, key=lambda a: (-a.figures.cost, a.figures.name, a.figures.id))


def hours_a_month(session: Session, period: Period, filters: Filters) -> dict[int, dict[date, Decimal]]:
    """Each partnership's hours in each whole month of the period (part-months would mislead a trend)."""
    months = whole_months(period)
    out: dict[int, dict[date, Decimal]] = defaultdict(dict)
    if months:
        span = Period(months[0], month_end(months[-1]))
        for (month, pid), sums in figures(session, span, filters, "month and partnership").items():
            out[pid][month] = sums.hours
    return out
