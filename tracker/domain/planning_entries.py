"""Entries of the partnership map's registers (front-line comparators, funding streams) and its scenarios,
checked with the same rules and messages as the other registers' (``entries``). Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .entries import InvalidEntry, Row, amount, period_dates, plain_decimal, text
from .scenarios import KINDS as SCENARIO_KINDS

MAX_COMPARATOR = Decimal("10000000")  # what one unit of front-line service costs: under £10m
MAX_FUNDING = Decimal("100000000000")  # money a partnership steers: under £100bn


@dataclass(frozen=True)
class ComparatorEntry:
    """What one unit of a front-line service costs: "Social worker day", "day", £220, and the source."""

    name: str
    unit: str
    cost_per_unit: Decimal
    source: str


def comparator_entry(row: Row) -> ComparatorEntry:
    entry = ComparatorEntry(
        text(row, "name", max_length=200, required=True),
        text(row, "unit", max_length=60, required=True),
        amount(row, "cost_per_unit", maximum=MAX_COMPARATOR),
        text(row, "source", max_length=2000),
    )
    if entry.cost_per_unit <= 0:
        raise InvalidEntry("cost_per_unit", "must be more than £0")
    return entry


@dataclass(frozen=True)
class FundingEntry:
    """Money a partnership steers: from where, how much, over which days, on what conditions."""

    partnership: str
    source: str
    amount: Decimal
    period_start: date
    period_end: date
    conditions: str


def funding_entry(row: Row) -> FundingEntry:
    start, end = period_dates(row)
    return FundingEntry(
        text(row, "partnership", max_length=200, required=True),
        text(row, "source", max_length=200, required=True),
        amount(row, "amount", maximum=MAX_FUNDING),
        start,
        end,
        text(row, "conditions", max_length=4000),
    )


@dataclass(frozen=True)
class ScenarioEntry:
    """A scenario as its form or the shell gives it (see ``scenarios.KINDS`` for what each kind needs)."""

    name: str
    kind: str
    partnerships: tuple[int, ...]
    members: tuple[int, ...] = ()  # merge: the merged board's members (none: everyone on any of them)
    meetings: Decimal | None = None  # less often, merge: meetings a year
    hours: Decimal | None = None  # shorter, merge: how long each meeting lasts
    person: int | None = None  # deputy: who sends one
    grade: str = ""  # deputy: the deputy's grade

    def params(self) -> dict:
        return {
            "partnerships": list(self.partnerships),
            "members": list(self.members),
            "meetings": None if self.meetings is None else str(self.meetings),
            "hours": None if self.hours is None else str(self.hours),
            "person": self.person,
            "grade": self.grade,
        }


def _ids(values: Sequence[str] | str, key: str) -> tuple[int, ...]:
    items = values.replace(";", ",").split(",") if isinstance(values, str) else list(values)
    found = []
    for item in (str(v).strip() for v in items):
        if not item:
            continue
        if not item.isdigit():
            raise InvalidEntry(key, f"{item!r} is not one of the choices")
        found.append(int(item))
    return tuple(dict.fromkeys(found))


def _positive(raw: str, key: str, what: str) -> Decimal | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    value = plain_decimal(raw)
    if value is None or value < 0 or value > 10000:
        raise InvalidEntry(key, f"{raw!r} is not {what}")
    return value


def scenario_entry(values: Mapping[str, Sequence[str] | str]) -> ScenarioEntry:
    """A scenario from a form's fields (lists for the multiple choices) or a shell's options."""

    def one(key: str) -> str:
        value = values.get(key, "")
        return (value if isinstance(value, str) else (value[0] if value else "")).strip()

    kind = one("kind")
    if kind not in SCENARIO_KINDS:
        raise InvalidEntry("kind", "choose what the scenario changes")
    name = one("name")
    if not name:
        raise InvalidEntry("name", "cannot be empty: name the scenario so it can be found again")
    if len(name) > 200:
        raise InvalidEntry("name", "is longer than 200 characters")
    partnerships = _ids(values.get("partnerships", ()), "partnerships")
    if kind == "merge" and len(partnerships) < 2:
        raise InvalidEntry("partnerships", "choose at least two partnerships to merge")
    if kind != "merge" and not partnerships:
        raise InvalidEntry("partnerships", "choose a partnership")
    if kind not in ("merge", "send_one") and len(partnerships) > 1:
        raise InvalidEntry("partnerships", "choose one partnership (only a merge takes several)")
    meetings = _positive(one("meetings"), "meetings", "a number of meetings a year (0 to 10,000)")
    hours = _positive(one("hours"), "hours", "a number of hours")
    if kind == "less_often" and meetings is None:
        raise InvalidEntry("meetings", "say how many times a year it would meet")
    if kind == "shorter" and not hours:
        raise InvalidEntry("hours", "say how long each meeting would last, in hours")
    person = _ids(one("person"), "person")
    grade = one("grade")
    if kind == "deputy" and not person:
        raise InvalidEntry("person", "choose who would send a deputy")
    if kind == "deputy" and not grade:
        raise InvalidEntry("grade", "choose the deputy's grade")
    return ScenarioEntry(
        name,
        kind,
        partnerships,
        _ids(values.get("members", ()), "members") if kind == "merge" else (),
        meetings if kind in ("less_often", "merge") else None,
        hours if kind in ("shorter", "merge") else None,
        person[0] if kind == "deputy" and person else None,
        grade if kind == "deputy" else "",
    )
