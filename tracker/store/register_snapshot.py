"""The staff register as plain values, loaded once per change: who is who (by address or name) and what they cost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.costing import OnCosts, default_oncosts, financial_year, hourly_rate, salary_on
from ..domain.standard_rates import Band, Source, grade_key, standard_rate
from ..models import Grade, OnCostRate, Person, PersonAlias, Salary, StandardRate


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
    bands: dict[str, Band] = field(default_factory=dict)  # by grade_key
    set_rates: dict[tuple[str, int], Decimal] = field(default_factory=dict)  # (grade_key, year): finance's
    grade_names: list[str] = field(default_factory=list)  # the grades register's, as written
    set_rate_names: dict[str, str] = field(default_factory=dict)  # grade_key: as finance wrote it
    oncosts: dict[tuple[int, int], OnCosts] = field(default_factory=dict)
    _rates: dict[tuple, tuple[Fraction | None, str]] = field(default_factory=dict, repr=False, compare=False)
    _standard: dict[tuple, tuple[Fraction | None, Source]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, session: Session) -> RegisterSnapshot:
        reg = cls()
        history: dict[int, list[tuple[date, Decimal]]] = {}
        for s in session.scalars(select(Salary).order_by(Salary.effective_from)):
            history.setdefault(s.person_id, []).append((s.effective_from, s.annual_salary))
        for p in session.scalars(select(Person).order_by(Person.id)):
            reg.people[p.id] = PersonInfo(
                p.id, p.name, p.email, p.fte, p.grade, p.organisation_id, tuple(history.get(p.id, ()))
            )
            reg.by_email[p.email.lower()] = p.id
            reg.by_name.setdefault(" ".join(p.name.lower().split()), p.id)
        for alias in session.scalars(select(PersonAlias).order_by(PersonAlias.id)):
            reg.by_email.setdefault(alias.email.lower(), alias.person_id)
        for g in session.scalars(select(Grade)):
            reg.bands[grade_key(g.name)] = Band(g.band_min, g.band_max)
            reg.grade_names.append(g.name)
        for set_rate in session.scalars(select(StandardRate)):
            reg.set_rates[(grade_key(set_rate.grade), set_rate.financial_year)] = set_rate.hourly_rate
            reg.set_rate_names[grade_key(set_rate.grade)] = set_rate.grade
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
        """Hourly rate on a day and its basis: ``salary``, ``grade`` (band midpoint) or ``none``.

        Worked out once per person, pay and financial year: a rate changes only with those.
        """
        person = self.people[person_id]
        salary = salary_on(person.salaries, day)
        key = (person_id, salary, financial_year(day), full_time_hours)
        if key not in self._rates:
            self._rates[key] = self._rate(person, salary, day, full_time_hours)
        return self._rates[key]

    def _rate(
        self, person: PersonInfo, salary: Decimal | None, day: date, full_time_hours: Fraction
    ) -> tuple[Fraction | None, str]:
        basis = "salary"
        if salary is None:
            band = self.bands.get(grade_key(person.grade))
            salary = band.midpoint if band else None
            basis = "grade"
        if salary is None:
            return None, "none"
        oncosts = self.oncosts_for(person.organisation_id, day)
        return hourly_rate(salary, person.fte, oncosts, full_time_hours), basis

    def year_rate(self, person_id: int, year: int, full_time_hours: Fraction) -> Fraction | None:
        """A person's hourly rate over a financial year: each day's rate, averaged over the days it has one
        (a pay rise in the year counts for the days after it)."""
        start, end = date(year, 4, 1), date(year + 1, 4, 1)
        changes = sorted({day for day, _ in self.people[person_id].salaries if start < day < end})
        total, days = Fraction(0), 0
        for first, after in pairwise([start, *changes, end]):
            rate, _ = self.rate(person_id, first, full_time_hours)
            if rate is not None:
                total += rate * (after - first).days
                days += (after - first).days
        return total / days if days else None

    def grade_rate(
        self, grade: str, organisation_id: int | None, year: int, full_time_hours: Fraction
    ) -> tuple[Fraction | None, Source]:
        """A grade's standard rate in a financial year for an organisation (its on-costs load a band's
        midpoint), and where it comes from (``domain.standard_rates``)."""
        key = (grade_key(grade), organisation_id, year, full_time_hours)
        if key not in self._standard:
            oncosts = self.oncosts_for(organisation_id, date(year, 4, 1))
            self._standard[key] = standard_rate(grade, year, self.set_rates, self.bands, oncosts, full_time_hours)
        return self._standard[key]

    def standard_rate(self, person_id: int, day: date, full_time_hours: Fraction) -> Fraction | None:
        """The standard rate a person's time on a day is costed at for those who may not see pay: their
        grade's, never anything of their own pay."""
        person = self.people[person_id]
        return self.grade_rate(person.grade, person.organisation_id, financial_year(day), full_time_hours)[0]

    def standard_changes(self, before: RegisterSnapshot, years: Iterable[int], full_time_hours: Fraction) -> set[int]:
        """The people whose standard rate in any of these years a register change moved: a set rate or a
        band changed, or their grade or organisation did (a pay change moves none)."""
        changed: set[int] = set()
        for year in years:
            day = date(year, 4, 1)
            for person in self.people.keys() & before.people.keys():
                if self.standard_rate(person, day, full_time_hours) != before.standard_rate(
                    person, day, full_time_hours
                ):
                    changed.add(person)
        return changed

    def keys_of(self, person_id: int) -> set[str]:
        """Every address key that stands for this person: addresses, aliases and display name."""
        keys = {email for email, pid in self.by_email.items() if pid == person_id}
        return keys | {"name:" + name for name, pid in self.by_name.items() if pid == person_id}

    def changes_since(self, before: RegisterSnapshot) -> tuple[set[int], set[str]]:
        """What a register change did: the people whose rate may differ, and the address keys that now
        stand for someone else (or no one)."""
        priced = {pid for pid in self.people.keys() | before.people.keys() if self._pay_of(pid) != before._pay_of(pid)}
        emails = {
            k for k in self.by_email.keys() | before.by_email.keys() if self.by_email.get(k) != before.by_email.get(k)
        }
        names = {k for k in self.by_name.keys() | before.by_name.keys() if self.by_name.get(k) != before.by_name.get(k)}
        return priced, emails | {"name:" + k for k in names}

    def moved_since(self, before: RegisterSnapshot) -> set[int]:
        """The people in another organisation (or none) than before: their calendars are in other scopes."""
        both = self.people.keys() & before.people.keys()
        return {pid for pid in both if self.people[pid].organisation_id != before.people[pid].organisation_id}

    def _pay_of(self, person_id: int) -> tuple | None:
        """Everything a person's hourly rate depends on."""
        person = self.people.get(person_id)
        if person is None:
            return None
        grade = self.bands.get(grade_key(person.grade))
        oncosts = sorted((y, o) for (org, y), o in self.oncosts.items() if org == person.organisation_id)
        return (person.fte, person.salaries, grade, person.organisation_id, tuple(oncosts))
