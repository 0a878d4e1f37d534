"""Figures per person: time in each partnership, who wears which hats, and who could not be costed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.paging import page_of
from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import hours as hours_of
from ..models import Attendance, Partnership, Person
from . import basis
from .scope import scoped
from .sums import Sums, figures


@dataclass(frozen=True)
class PersonRow:
    partnership: str
    person_id: int
    person: str
    email: str
    hours: Decimal
    cost: Decimal | None  # None: some of this time could not be costed


def people_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[PersonRow]:
    """Each person's time in each partnership, by partnership then person."""
    sums = figures(session, period, filters, "partnership and person")
    partnerships, people = _names(session, sums)
    rows = [
        PersonRow(partnerships[pid], person, *people[person], s.hours, None if s.uncosted else s.cost)
        for (pid, person), s in sums.items()
    ]
    return sorted(rows, key=lambda r: (r.partnership, r.person, r.email))


def _names(session: Session, sums: dict[tuple, Sums]) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """The partnerships' names and the people's (name, email) that these sums are about."""
    partnership_ids = sorted({pid for pid, _ in sums})
    person_ids = sorted({person for _, person in sums})
    partnerships = dict(
        session.execute(select(Partnership.id, Partnership.name).where(Partnership.id.in_(partnership_ids))).all()
    )
    people = {
        pid: (name, email)
        for pid, name, email in session.execute(
            select(Person.id, Person.name, Person.email).where(Person.id.in_(person_ids))
        )
    }
    return partnerships, people


@dataclass(frozen=True)
class PersonFigure:
    partnership_id: int
    partnership: str
    meetings: int
    hours: Decimal
    cost: Decimal | None


def person_partnerships(session: Session, period: Period, person_id: int) -> list[PersonFigure]:
    """One person's partnerships, most hours first."""
    sums = figures(session, period, Filters(person_id=person_id), "partnership and person")
    partnerships, _ = _names(session, sums)
    rows = [
        PersonFigure(pid, partnerships[pid], s.meetings, s.hours, None if s.uncosted else s.cost)
        for (pid, _), s in sums.items()
    ]
    return sorted(rows, key=lambda r: (-r.hours, r.partnership))


# People a page of the hats matrix shows. At a locality's size (120 partnerships, 200 people) the whole
# matrix was 3.9 MB of page; a page of the ten on most partnerships, with the columns they are on, 185 kB
# (twenty: 406 kB, twelve: 227 kB), within the 300 kB a page may be (benchmarks/bench_crawl.py).
HATS_PAGE = 10


@dataclass(frozen=True)
class HatsMatrix:
    """Hours of each person (rows) in each partnership (columns): who wears which hats."""

    people: list[str]
    partnerships: list[str]
    hours: dict[tuple[str, str], Decimal]

    def grid(self) -> list[list[Decimal | None]]:
        return [[self.hours.get((p, q)) for q in self.partnerships] for p in self.people]

    def page(self, number: int, size: int | None = None) -> HatsPage:
        """Page ``number`` (held to the pages there are) of the people, those on most partnerships first (then
        most hours, then by name), with only the partnerships they are on as columns."""
        size = size or HATS_PAGE
        worn: dict[str, list[Decimal]] = {person: [] for person in self.people}
        for (person, _), spent in self.hours.items():
            worn[person].append(spent)
        ordered = sorted(self.people, key=lambda p: (-len(worn[p]), -sum(worn[p]), p))
        number, pages = page_of(number, len(ordered), size)
        shown = ordered[(number - 1) * size : number * size]
        on_page = set(shown)
        hours = {(p, q): h for (p, q), h in self.hours.items() if p in on_page}
        columns = sorted({q for _, q in hours})
        first, last = ((number - 1) * size + 1, (number - 1) * size + len(shown)) if shown else (0, 0)
        return HatsPage(HatsMatrix(shown, columns, hours), number, pages, first, last, len(ordered))


@dataclass(frozen=True)
class HatsPage:
    """One page of the hats matrix: which of ``total`` people it holds (``first`` to ``last``, from 1)."""

    matrix: HatsMatrix
    number: int
    pages: int
    first: int
    last: int
    total: int


def hats(session: Session, period: Period, filters: Filters = NO_FILTERS) -> HatsMatrix:
    """People are rows by name; two people of the same name are told apart by their address."""
    sums = figures(session, period, filters, "partnership and person")
    partnerships, people = _names(session, sums)
    namesakes: dict[str, set[int]] = {}
    for person, (name, _) in people.items():
        namesakes.setdefault(name, set()).add(person)
    hours = {}
    for (pid, person), s in sums.items():
        name, email = people[person]
        hours[(name if len(namesakes[name]) == 1 else f"{name} <{email}>", partnerships[pid])] = s.hours
    return HatsMatrix(sorted({p for p, _ in hours}), sorted({q for _, q in hours}), hours)


@dataclass(frozen=True)
class UncostedRow:
    person: str
    email: str
    attendances: int
    hours: Decimal


def uncosted_rows(session: Session, period: Period, filters: Filters = NO_FILTERS) -> list[UncostedRow]:
    """People whose partnership time has no salary or grade to cost it: reported, never zero."""
    query = (
        select(Person.name, Person.email, func.count(Attendance.id), func.sum(Attendance.seconds))
        .join(Person, Person.id == Attendance.person_id)
        .where(basis.cost(session, Attendance).is_(None))
        .group_by(Person.name, Person.email)
        .order_by(Person.name)
    )
    return [
        UncostedRow(name, email, n, hours_of(int(seconds or 0)))
        for name, email, n, seconds in session.execute(scoped(query, period, filters))
    ]
