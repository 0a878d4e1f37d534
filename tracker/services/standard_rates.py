"""The standard rates in force: each group of a financial year, who is in it by grade and organisation, and
its rate. Published on the definitions page: a group's rate is an average over at least the minimum group
size, the figure anyone may subtract their way to, and no more."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from ..domain.settings import Settings
from ..store.register_snapshot import RegisterSnapshot
from ..store.registers import read_organisation_names


@dataclass(frozen=True)
class StandardRateRow:
    organisations: tuple[str, ...]
    grades: tuple[str, ...]
    people: int
    hourly_rate: Decimal


def standard_rate_rows(session: Session, financial_year: int, settings: Settings) -> list[StandardRateRow]:
    """The year's groups, lowest rate first (none when the register has fewer people than the minimum)."""
    names = read_organisation_names(session)
    groups = RegisterSnapshot.load(session).standard_groups(
        financial_year, settings.productive_hours, settings.min_people_for_cost
    )
    rows = [
        StandardRateRow(
            tuple(
                sorted(names.get(o, "no organisation") if o is not None else "no organisation" for o in g.organisations)
            ),
            tuple(sorted(g.grades)),
            len(g.people),
            Decimal(g.rate.numerator) / Decimal(g.rate.denominator),
        )
        for g in groups
    ]
    return sorted(rows, key=lambda r: (r.hourly_rate, r.organisations, r.grades))
