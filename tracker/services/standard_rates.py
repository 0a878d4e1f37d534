"""The standard rates in force in a financial year, as the definitions page publishes them: each grade of
the grades register or of finance's table of rates, its band, and its hourly rate for each organisation
(one rate for all where finance has set it). Made of published figures only: who holds a grade, and what
they are paid, changes nothing here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from ..domain.settings import Settings
from ..domain.standard_rates import SOURCES, Band, grade_key
from ..store.register_snapshot import RegisterSnapshot
from ..store.registers import read_organisation_names

EVERY_ORGANISATION = "every organisation"
NO_ORGANISATION = "no organisation (statutory on-costs)"


@dataclass(frozen=True)
class StandardRateRow:
    grade: str
    band: Band | None
    source: str  # in words: set by finance, or the band's midpoint with on-costs
    rates: tuple[tuple[str, Decimal], ...]  # (organisation, hourly rate)


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def standard_rate_rows(session: Session, financial_year: int, settings: Settings) -> list[StandardRateRow]:
    """Each grade's standard rates in the year, by grade."""
    register = RegisterSnapshot.load(session)
    names = read_organisation_names(session)
    organisations: list[tuple[str, int | None]] = sorted((n, i) for i, n in names.items())
    organisations.append((NO_ORGANISATION, None))
    grades = {grade_key(g): g for g in register.grade_names}
    grades |= {key: register.set_rate_names[key] for key, year in register.set_rates if year == financial_year}
    rows = []
    for key, grade in sorted(grades.items()):
        hours = settings.productive_hours
        _, source = register.grade_rate(grade, None, financial_year, hours)
        if source == "set":
            rate = register.grade_rate(grade, None, financial_year, hours)[0]
            assert rate is not None
            rates: tuple[tuple[str, Decimal], ...] = ((EVERY_ORGANISATION, _decimal(rate)),)
        else:
            rates = _alike(
                (name, _decimal(rate))
                for name, org in organisations
                if (rate := register.grade_rate(grade, org, financial_year, hours)[0]) is not None
            )
        rows.append(StandardRateRow(grade, register.bands.get(key), SOURCES[source], rates))
    return rows


def _alike(rates: Iterable[tuple[str, Decimal]]) -> tuple[tuple[str, Decimal], ...]:
    """Organisations whose on-costs give the same rate, named together (every one of them: said once), so
    a grade on statutory on-costs reads as one rate, not eight copies of it."""
    by_rate: dict[Decimal, list[str]] = {}
    for name, rate in rates:
        by_rate.setdefault(rate, []).append(name)
    if len(by_rate) == 1:
        ((rate, names),) = by_rate.items()
        if len(names) > 1:
            return ((EVERY_ORGANISATION, rate),)
    return tuple((", ".join(names), rate) for rate, names in by_rate.items())
