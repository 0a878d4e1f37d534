"""The gatekeeper's register, and the one place a proposal is costed: its page, its printable assessment
and ``tracker assess`` all take their projection from ``projection``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from .. import unit_of_work
from ..domain.costing import financial_year
from ..domain.gatekeeper import Place, Projection, meetings_a_year, project
from ..domain.local_time import today
from ..domain.proposal_entries import DecisionEntry, ProposalEntry, Registered
from ..domain.standard_rates import grade_key
from ..reports import basis
from ..reports.settings import load_settings
from ..store import proposals
from ..store.register_snapshot import RegisterSnapshot


def save_proposal(session: Session, entry: ProposalEntry, by: str) -> int:
    return proposals.add_proposal(session, entry, by).id


def decide(session: Session, proposal_id: int, entry: DecisionEntry, by: str) -> None:
    proposals.decide(session, proposal_id, entry, by)


def _decimal(value: Fraction | None) -> Decimal | None:
    return None if value is None else Decimal(value.numerator) / Decimal(value.denominator)


def _register(session: Session) -> RegisterSnapshot:
    """The staff register, loaded once a session: a register of proposals projects every one of them."""
    work = unit_of_work.of(session)
    if work.register is None:
        work.register = RegisterSnapshot.load(session)
    return work.register


def registered(session: Session) -> Registered:
    """What a proposal is checked against (``domain.proposal_entries``): the grades the registers know, as
    the grades register writes them, else as the staff register does, else finance's standard rates; and every
    address and alias of the staff register. Read afresh, not the session's remembered snapshot: a
    proposal is checked against the registers as they are now."""
    register = RegisterSnapshot.load(session)
    grades: dict[str, str] = {}
    held = [p.grade for p in register.people.values()]
    for name in [*register.grade_names, *held, *register.set_rate_names.values()]:
        if grade_key(name):
            grades.setdefault(grade_key(name), name.strip())
    return Registered(grades, dict(register.by_email))


def projection(
    session: Session,
    people: Sequence[int],
    grade_places: Sequence[tuple[str, int]],
    every: str,
    hours_each: Decimal,
    sub_groups: int = 0,
) -> Projection:
    """A year of the proposed partnership, each place at the session's basis. At actual pay, a named person
    at their rate over this financial year, a place at a grade at the mean of the rates of the people on
    that grade (none on it: the place cannot be costed). At standard rates, a named person at their grade's
    standard rate, a place at a grade at that grade's standard rate with the statutory on-costs: nothing
    in either depends on anyone's pay or on who holds the grade. At one organisation's own pay, its named
    staff at their rate and every other place (a grade's too: its mean would mix others' pay) at standard."""
    settings = load_settings(session)
    hours = settings.productive_hours
    register = _register(session)
    day = today()
    year = financial_year(day)
    standard = basis.of(session) != basis.ACTUAL

    def rate(person: int) -> Fraction | None:
        if basis.pay_shown(session, register.people[person].organisation_id):
            return register.year_rate(person, year, hours)
        return register.standard_rate(person, day, hours)

    places = [Place(p, register.people[p].grade, _decimal(rate(p))) for p in people if p in register.people]
    costed = {p for p in people if p in register.people and rate(p) is not None}
    for grade, count in grade_places:
        if standard:
            at_grade = _decimal(register.grade_rate(grade, None, year, hours)[0])
            places.extend(Place(None, grade, at_grade) for _ in range(count))
            continue
        on_grade = [p.id for p in register.people.values() if p.grade.lower() == grade.lower()]
        rated = {p: r for p in on_grade if (r := rate(p)) is not None}
        mean = _decimal(sum(rated.values(), Fraction(0)) / len(rated)) if rated else None
        places.extend(Place(None, grade, mean) for _ in range(count))
        costed |= set(rated)
    return project(meetings_a_year(every), hours_each, places, sub_groups, len(costed), every)
