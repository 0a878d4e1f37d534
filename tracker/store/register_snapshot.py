"""The staff register as plain values, loaded once per change: who is who (by address or name) and what they cost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.costing import OnCosts, default_oncosts, financial_year, hourly_rate, salary_on
from ..models import Grade, OnCostRate, Person, PersonAlias, Salary


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    email: str
    fte: Decimal
    grade: str
    organisation_id: int | None
    salaries: tuple[tuple[date, Decimal], ...]


@dataclass
class RegisterSnapshot:
    people: dict[int, PersonInfo] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    grade_pay: dict[str, Decimal] = field(default_factory=dict)
    oncosts: dict[tuple[int, int], OnCosts] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> RegisterSnapshot:
        reg = cls()
        history: dict[int, list[tuple[date, Decimal]]] = {}
        for s in session.scalars(select(Salary).order_by(Salary.effective_from)):
            history.setdefault(s.person_id, []).append((s.effective_from, s.annual_salary))
        for p in session.scalars(select(Person)):
            reg.people[p.id] = PersonInfo(
                p.id, p.name, p.email, p.fte, p.grade, p.organisation_id, tuple(history.get(p.id, ()))
            )
            reg.by_email[p.email.lower()] = p.id
            reg.by_name.setdefault(" ".join(p.name.lower().split()), p.id)
        for alias in session.scalars(select(PersonAlias)):
            reg.by_email.setdefault(alias.email.lower(), alias.person_id)
        for g in session.scalars(select(Grade)):
            reg.grade_pay[g.name.lower()] = (g.band_min + g.band_max) / 2
        for r in session.scalars(select(OnCostRate)):
            reg.oncosts[(r.organisation_id, r.financial_year)] = OnCosts(
                r.employer_ni_rate, r.ni_threshold, r.pension_rate, r.apprenticeship_levy_rate, r.other_rate
            )
        return reg

    def person_for(self, email: str | None, name: str | None) -> int | None:
        """By address or alias, case-insensitively; by exact display name when there is no address."""
        if email:
            return self.by_email.get(email.strip().lower())
        if name:
            return self.by_name.get(" ".join(name.lower().split()))
        return None

    def unknown_among(self, attendees: Iterable[tuple[str, str | None]]) -> dict[str, str]:
        """The people listed as ``(email, name)`` who match nobody, keyed by address (or by name when
        there is none), with the name they were listed under."""
        unknown: dict[str, str] = {}
        for address, name in attendees:
            if (address or name) and self.person_for(address, name) is None:
                unknown.setdefault(address or " ".join((name or "").split()), name or "")
        return unknown

    def oncosts_for(self, organisation_id: int | None, day: date) -> OnCosts:
        year = financial_year(day)
        if organisation_id is not None and (organisation_id, year) in self.oncosts:
            return self.oncosts[(organisation_id, year)]
        return default_oncosts(year)

    def rate(self, person_id: int, day: date, full_time_hours: Fraction) -> tuple[Fraction | None, str]:
        """Hourly rate on a day and its basis: ``salary``, ``grade`` (band midpoint) or ``none``."""
        person = self.people[person_id]
        salary = salary_on(person.salaries, day)
        basis = "salary"
        if salary is None:
            salary = self.grade_pay.get(person.grade.lower()) if person.grade else None
            basis = "grade"
        if salary is None:
            return None, "none"
        oncosts = self.oncosts_for(person.organisation_id, day)
        return hourly_rate(salary, person.fte, oncosts, full_time_hours), basis
