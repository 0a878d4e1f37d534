"""The hats each senior person wears: how many partnerships, their hours and cost, the share of their
working time, and whether it is growing; and the seats one representative per organisation would free.

Both read the sums every page reads (``sums.figures``) or the attendance rows under the same scope.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.paging import Shown, shown
from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import hours as hours_of
from ..models import Organisation, Partnership, Person
from ..reports.settings import load_settings
from .scenario_inputs import send_one_sums
from .sums import figures, next_month, split

HATS_SHOWN = 50  # people a page of the hats list: a locality's 500 on one page were 466 kB


@dataclass(frozen=True)
class HatRow:
    person_id: int
    person: str
    organisation: str
    partnerships: int
    meetings: int
    hours: Decimal
    cost: Decimal | None  # None: some of this time could not be costed
    available_hours: Decimal  # their working time over the period (FTE x productive hours x share of a year)
    trend: Decimal | None  # change in hours a month over the period's whole months (``trend``); None: too few

    @property
    def share_of_time(self) -> Decimal | None:
        return self.hours / self.available_hours if self.available_hours else None


def hat_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[HatRow]:
    """Everyone with partnership time in the period, the people on most partnerships first (then most hours);
    working time at the productive hours of the settings in force."""
    productive_hours = load_settings(session).productive_hours
    by_partnership = figures(session, period, filters, "partnership and person")
    totals = figures(session, period, filters, "person")
    counts: dict[int, int] = defaultdict(int)
    for _, person in by_partnership:
        counts[person] += 1
    months = whole_months(period)
    monthly: dict[int, dict[date, Decimal]] = defaultdict(dict)
    if months:
        for (month, person), sums in figures(session, Period(months[0], month_end(months[-1])), filters,
                                             "month and person").items():  # fmt: skip
            monthly[person][month] = sums.hours
    yearly = Decimal(productive_hours.numerator) / Decimal(productive_hours.denominator)
    people = session.execute(
        select(Person.id, Person.name, func.coalesce(Organisation.name, ""), Person.fte)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Person.id.in_(sorted(p for (p,) in totals)))
    )
    rows = []
    for pid, name, organisation, fte in people:
        sums = totals[(pid,)]
        hours_a_month = [monthly[pid].get(m, Decimal(0)) for m in months]  # months without time as 0
        rows.append(
            HatRow(
                pid,
                name,
                organisation,
                counts[pid],
                sums.meetings,
                sums.hours,
                None if sums.uncosted else sums.cost,
                yearly * fte * period.days / 365,
                trend(hours_a_month),
            )
        )
    return sorted(rows, key=lambda r: (-r.partnerships, -r.hours, r.person, r.person_id))


def hats_page(session: Session, period: Period, filters: Filters, page: int = 1) -> Shown[HatRow]:
    """One page of ``hat_rows``, in their order: everyone with partnership time is on exactly one page."""
    return shown(hat_rows(session, period, filters), page, HATS_SHOWN)


def trend(monthly: list[Decimal]) -> Decimal | None:
    """The second half's mean hours a month over the first half's, less one (+0.25: a quarter more time);
    with an odd count the middle month is left out. None with fewer than two months or none at first."""
    half = len(monthly) // 2
    if half == 0:
        return None
    first, second = sum(monthly[:half], Decimal(0)), sum(monthly[-half:], Decimal(0))
    return second / first - 1 if first else None


def whole_months(period: Period) -> list[date]:
    """The first days of the months the period covers whole: a trend of part-months would mislead."""
    whole = split(period).months
    if whole is None:
        return []
    months, month = [], whole[0]
    while month <= whole[1]:
        months.append(month)
        month = next_month(month)
    return months


def month_end(first: date) -> date:
    return next_month(first) - timedelta(days=1)


@dataclass(frozen=True)
class SendOneRow:
    """Where one organisation sent several people to the same meeting of a partnership: the seats one
    representative each would free, and the time and cost that saves."""

    partnership_id: int
    partnership: str
    meetings: int  # meetings with two or more people of one organisation
    extra_seats: int  # people beyond one per organisation, summed over those meetings
    seconds_saved: int
    cost_saved: Decimal | None  # None: some of those people could not be costed
    people: int  # the people who would stay away: whose time the saving covers
    hours_a_year: Decimal  # the saving scaled to a year (x 364 / the period's days: ``domain.annual``)
    cost_a_year: Decimal | None
    a_year: str  # what those stand on, said beside them (``Period.year_basis``)

    @property
    def hours_saved(self) -> Decimal:
        return hours_of(self.seconds_saved)


def send_one(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[SendOneRow]:
    """Per partnership, largest saving first: each delegation keeps the one whose time is longest (of those,
    the dearest), the rule of the "send one" scenario (``scenario_inputs``), summed in the database."""
    names = dict(session.execute(select(Partnership.id, Partnership.name)).all())
    rows = [
        SendOneRow(
            s.partnership_id,
            names[s.partnership_id],
            s.meetings,
            s.extra_seats,
            s.seconds,
            s.cost,
            s.people,
            period.per_year(s.hours),
            None if s.cost is None else period.per_year(s.cost),
            period.year_basis,
        )
        for s in send_one_sums(session, period, filters)
    ]
    return sorted(rows, key=lambda r: (-r.seconds_saved, r.partnership))


def saved_in_all(period: Period, rows: list[SendOneRow]) -> tuple[Decimal, Decimal]:
    """The hours the rows save, and a year of them: from their exact seconds, rounded once where shown."""
    hours = hours_of(sum(r.seconds_saved for r in rows))
    return hours, period.per_year(hours)
