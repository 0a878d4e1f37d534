"""A proposed partnership and a gatekeeper's decision, as a form or the shell gives them, checked. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .entries import InvalidEntry, plain_decimal
from .gatekeeper import DECISIONS, QUESTIONS, ProposalError, meetings_a_year

PLACE = re.compile(r"^\s*(?P<grade>[^,]+?)\s*(?:[x×*]\s*(?P<count>\d{1,3}))?\s*$", re.IGNORECASE)
Values = Mapping[str, Sequence[str] | str]


@dataclass(frozen=True)
class ProposalEntry:
    name: str
    purpose: str
    lead: str
    every: str
    hours_each: Decimal
    people: tuple[int, ...]
    grade_places: tuple[tuple[str, int], ...]
    sub_groups: tuple[str, ...] = ()
    answers: dict[str, str] = field(default_factory=dict)
    review_on: date | None = None


def _one(values: Values, key: str) -> str:
    value = values.get(key, "")
    return (value if isinstance(value, str) else (value[0] if value else "")).strip()


def grade_places(text: str) -> tuple[tuple[str, int], ...]:
    """``SM2 x 2, VSM`` -> (("SM2", 2), ("VSM", 1)): unnamed places by grade, how many of each."""
    places: dict[str, int] = {}
    for part in (p for p in text.split(",") if p.strip()):
        found = PLACE.match(part)
        if not found or not found["grade"].strip():
            raise InvalidEntry("grade_places", f"{part.strip()!r} is not a grade and a number, such as SM2 x 2")
        count = int(found["count"] or 1)
        if count < 1:
            raise InvalidEntry("grade_places", f"{part.strip()!r}: a grade needs at least one place")
        places[found["grade"].strip()] = places.get(found["grade"].strip(), 0) + count
    return tuple(places.items())


def proposal_entry(values: Values) -> ProposalEntry:
    name = _one(values, "name")
    if not name:
        raise InvalidEntry("name", "cannot be empty")
    if len(name) > 200:
        raise InvalidEntry("name", "is longer than 200 characters")
    purpose = _one(values, "purpose")
    if not purpose:
        raise InvalidEntry("purpose", "say what it is for: the gatekeeper weighs it against existing partnerships")
    every = _one(values, "every")
    try:
        meetings_a_year(every)
    except ProposalError as exc:
        raise InvalidEntry("every", str(exc)) from None
    raw_hours = _one(values, "hours_each")
    hours = plain_decimal(raw_hours)
    if hours is None or not 0 < hours <= 24 or hours != hours.quantize(Decimal("0.01")):
        raise InvalidEntry("hours_each", f"{raw_hours!r} is not a length in hours, such as 1.5")
    raw_people = values.get("people", ())
    people = tuple(
        dict.fromkeys(int(p) for p in ([raw_people] if isinstance(raw_people, str) else raw_people) if str(p).isdigit())
    )
    places = grade_places(_one(values, "grade_places"))
    if not people and not places:
        raise InvalidEntry("people", "name at least one member, or a place by grade")
    review = _one(values, "review_on")
    try:
        review_on = date.fromisoformat(review) if review else None
    except ValueError:
        raise InvalidEntry("review_on", f"{review!r} is not a date: write it as YYYY-MM-DD") from None
    sub_groups = tuple(line.strip() for line in _one(values, "sub_groups").splitlines() if line.strip())
    answers = {key: _one(values, key)[:4000] for key in QUESTIONS if _one(values, key)}
    return ProposalEntry(
        name, purpose[:4000], _one(values, "lead")[:200], every, hours, people, places, sub_groups, answers, review_on
    )


@dataclass(frozen=True)
class DecisionEntry:
    decision: str
    notes: str
    referred_to: int | None


def decision_entry(values: Values) -> DecisionEntry:
    decision = _one(values, "decision")
    if decision not in DECISIONS:
        raise InvalidEntry("decision", "choose a decision")
    notes = _one(values, "notes")
    if decision != "approve" and not notes:
        raise InvalidEntry("notes", "say why, or what must change: the register keeps the reason")
    referred = _one(values, "referred_to")
    if decision == "refer" and not referred.isdigit():
        raise InvalidEntry("referred_to", "choose the partnership it is referred to")
    return DecisionEntry(decision, notes[:4000], int(referred) if decision == "refer" else None)
