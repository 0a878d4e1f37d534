"""Saved scenarios and what each would save a year, worked out from the figures of the period asked for, with
the basis each figure stands on: how the period is scaled to a year, and what the change is modelled at."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import scenarios
from ..domain.annual import number
from ..domain.periods import Filters, Period
from ..domain.scenarios import KINDS, Board, Outcome, ScenarioError
from ..models import Partnership, Person, Scenario
from .scenario_inputs import boards, delegations, grade_rate


@dataclass(frozen=True)
class FreedRow:
    person_id: int
    person: str
    hours: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class ScenarioResult:
    id: int
    name: str
    kind: str
    created_by: str
    what: str  # the scenario in words: "Merge A and B: members Alice, Carol; 12 meetings a year"
    outcome: Outcome | None  # None: it cannot be modelled over this period (``problem`` says why)
    problem: str
    freed: tuple[FreedRow, ...]
    basis: tuple[str, ...] = ()  # what its figures stand on, said beside them: the year, then the change

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def people(self) -> int:
        """The fewest people any of its cost figures covers: what decides whether they may be shown."""
        return self.outcome.fewest_people if self.outcome else 0

    @property
    def affected(self) -> int:
        """The senior people whose time it changes."""
        return len(self.freed)


def saved(session: Session) -> list[Scenario]:
    return list(session.scalars(select(Scenario).order_by(Scenario.name)))


def scenario(session: Session, scenario_id: int) -> Scenario | None:
    return session.get(Scenario, scenario_id)


def results(session: Session, period: Period, ids: list[int] | None = None) -> list[ScenarioResult]:
    """The saved scenarios (or those of ``ids``, in that order) modelled over the period."""
    items = {s.id: s for s in saved(session)}
    chosen = [items[i] for i in ids if i in items] if ids is not None else list(items.values())
    partnership_names = dict(session.execute(select(Partnership.id, Partnership.name)).all())
    people_names = dict(session.execute(select(Person.id, Person.name)).all())
    return [result(session, period, s, partnership_names, people_names) for s in chosen]


def result(
    session: Session,
    period: Period,
    scenario: Scenario,
    partnership_names: dict[int, str],
    people_names: dict[int, str],
) -> ScenarioResult:
    params = json.loads(scenario.params)
    chosen = tuple(p for p in params.get("partnerships", []) if p in partnership_names)
    what = _words(scenario.kind, params, partnership_names, people_names)
    try:
        if not chosen:
            raise ScenarioError("its partnerships are no longer in the register")
        outcome, said = _model(session, period, scenario.kind, params, chosen, partnership_names)
    except ScenarioError as exc:
        return ScenarioResult(scenario.id, scenario.name, scenario.kind, scenario.created_by, what, None, str(exc), ())
    freed = tuple(FreedRow(f.person, people_names.get(f.person, "?"), f.hours, f.cost) for f in outcome.freed)
    basis = (period.year_basis, *said)
    return ScenarioResult(
        scenario.id, scenario.name, scenario.kind, scenario.created_by, what, outcome, "", freed, basis
    )


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


Modelled = tuple[Outcome, tuple[str, ...]]  # what a change gives, and what it is modelled at, in words


def _model(
    session: Session, period: Period, kind: str, params: dict, chosen: tuple[int, ...], names: dict[int, str]
) -> Modelled:
    if kind == "send_one":
        found = delegations(session, period, Filters(partnership_ids=chosen), a_year=True)
        return scenarios.send_one(found), (
            "one of each organisation stays at each meeting: the longest time there, then the dearest",
        )
    found_boards = boards(session, period, chosen)
    missing = [p for p in chosen if p not in found_boards]
    if missing and kind != "merge":
        raise ScenarioError("it held no meetings in this period to model from")
    if kind == "merge":
        if len(found_boards) < 2:
            raise ScenarioError("fewer than two of its partnerships met in this period")
        merged = [found_boards[p] for p in chosen if p in found_boards]
        told = (_number(params.get("meetings")), _number(params.get("hours")))
        outcome = scenarios.merge(merged, params.get("members") or None, *told)
        return outcome, (_merged_words(merged, *told, names),)
    board = found_boards[chosen[0]]
    if kind == "stop":
        return scenarios.stop(board), ()
    if kind == "less_often":
        meetings = Decimal(params["meetings"])
        held = number(board.meetings, 1)
        return scenarios.less_often(board, meetings), (
            f"{meetings:f} meetings a year for the {held} it holds: each seat × {meetings:f}/{held}",
        )
    if kind == "shorter":
        hours, booked = Decimal(params["hours"]), number(board.slot)
        return scenarios.shorter(board, hours), (
            f"{hours:f} h for its scheduled slot of {booked} h: each seat × {hours:f}/{booked}",
        )
    if kind == "deputy":
        rate = grade_rate(session, period, params["grade"])
        if rate is None:
            raise ScenarioError(f"no one of grade {params['grade']} has costed time in this period to take a rate from")
        return scenarios.deputy(board, params["person"], rate), (
            f"the deputy sits the same hours at grade {params['grade']}'s rate over the period",
        )
    raise ScenarioError(f"unknown kind of scenario {kind!r}")


def _merged_words(merged: list[Board], meetings: Decimal | None, hours: Decimal | None, names: dict[int, str]) -> str:
    """The merged board as modelled: "12 meetings a year (the most of any: A) of 1.5 h (the longest
    scheduled slot: B), each member for the whole meeting at their own rate"."""
    held, length = scenarios.merged_board(merged, meetings, hours)
    often = "as told" if meetings is not None else f"the most of any: {_which(merged, held, 'meetings', names)}"
    long = "as told" if hours is not None else f"the longest scheduled slot: {_which(merged, length, 'slot', names)}"
    return (
        f"the merged board: {number(held, 1)} meetings a year ({often}) of {number(length)} h ({long}),"
        " each member for the whole meeting at their own rate"
    )


def _which(merged: list[Board], value: Decimal, field: str, names: dict[int, str]) -> str:
    return " and ".join(names.get(b.id, "?") for b in merged if getattr(b, field) == value)


def _words(kind: str, params: dict, partnerships: dict[int, str], people: dict[int, str]) -> str:
    names = [partnerships.get(p, "(removed)") for p in params.get("partnerships", [])]
    joined = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    if kind == "merge":
        members = params.get("members") or []
        told = [f"members {', '.join(people.get(m, '?') for m in members)}" if members else "all their members"]
        if params.get("meetings"):
            told.append(f"{Decimal(params['meetings']):f} meetings a year")
        if params.get("hours"):
            told.append(f"{Decimal(params['hours']):f} hours each")
        return f"Merge {joined}: {'; '.join(told)}"
    if kind == "less_often":
        return f"{joined} meets {Decimal(params['meetings']):f} times a year"
    if kind == "shorter":
        return f"{joined}'s meetings last {Decimal(params['hours']):f} hours"
    if kind == "deputy":
        return f"{people.get(params['person'], '?')} sends a deputy of grade {params['grade']} to {joined}"
    if kind == "stop":
        return f"Stop {joined}"
    return f"One person per organisation at {joined}"
