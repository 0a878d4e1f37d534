"""On-costs in force, per organisation, as a person reads them (set here, or the UK default)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .costing import OnCosts, default_oncosts, financial_year
from .models import OnCostRate, Organisation


def _pct(value) -> str:
    return f"{value * 100:.2f}%".replace(".00%", "%")


def describe(o: OnCosts) -> str:
    return (
        f"NI {_pct(o.employer_ni_rate)} above £{o.ni_threshold:,.0f}, pension {_pct(o.pension_rate)}, "
        f"levy {_pct(o.apprenticeship_levy_rate)}, other {_pct(o.other_rate)}"
    )


def oncost_table(session: Session, year: int | None = None) -> list[str]:
    year = year if year is not None else financial_year(date.today())
    label = f"{year}/{(year + 1) % 100:02d}"
    lines = [f"Financial year {label}", f"  default: {describe(default_oncosts(year))}"]
    rates = {r.organisation_id: r for r in session.scalars(select(OnCostRate).where(OnCostRate.financial_year == year))}
    for org in session.scalars(select(Organisation).order_by(Organisation.name)):
        rate = rates.get(org.id)
        if rate is None:
            lines.append(f"  {org.name}: default")
        else:
            lines.append(
                f"  {org.name}: "
                + describe(
                    OnCosts(
                        rate.employer_ni_rate,
                        rate.ni_threshold,
                        rate.pension_rate,
                        rate.apprenticeship_levy_rate,
                        rate.other_rate,
                    )
                )
            )
    return lines
