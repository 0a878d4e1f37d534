"""A proposed partnership and a gatekeeper's decision, as a form or the shell gives them, checked. Pure.

The one place a proposal's values are read: the web form and ``tracker assess`` both hand their text to
``proposal_entry`` with the registers it is checked against (``Registered``), so the same input gets the
same answer and the same message either way.

- **Places by grade**: items separated by commas, each ``GRADE`` (one place) or ``GRADE x N`` (``×`` or
  ``*`` for ``x``; spaces around it optional, as in ``VSM×2``). The grade comes first: grades may begin
  with a digit (``8C``), so ``N x GRADE`` is refused with a message saying how to write it. N is a whole
  number from 1 to ``MAX_PLACES``, and a grade's places over all its items are at most that too. The grade
  must be one the registers know (the grades register, finance's standard rates or someone's grade in the
  staff register), matched ignoring case as every rate is; it is stored as the register writes it.
- **Members**: people chosen from the staff register (ids), or addresses, each a person's address or any
  of their registered aliases; the same person twice is one member.
- **Length**: ``SHORTEST`` to ``LONGEST`` hours, to the hundredth.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .entries import InvalidEntry, plain_decimal
from .gatekeeper import (
    DECISIONS,
    HOURS_RANGE,
    LONGEST,
    MAX_PLACES,
    QUESTIONS,
    SHORTEST,
    ProposalError,
    meetings_a_year,
)
from .standard_rates import grade_key

Values = Mapping[str, Sequence[str] | str]
# Between an item's grade and its count: "×" or "*", or an "x" with spaces either side or right before the
# number ("VSMx2"); an "x" inside a grade's name ("EXEC", "AX") is none.
SEPARATOR = re.compile(r"\s*[×*]\s*|\s+[xX](?:\s+|$)|\s*[xX](?=\s*[-+−]?[\d.])")
COUNT_FIRST = re.compile(r"^(?P<count>[-+−]?\d+(?:\.\d*)?)\s*(?:[×*]|[xX](?:\s|$))\s*(?P<grade>.*)$")
NO_SEPARATOR = re.compile(r"^(?P<grade>.*\S)\s+(?P<count>\d+)$")  # "VSM 2"
LISTED_GRADES = 30  # a register with no more grades than this lists them when a grade is not found
EXAMPLE = "such as VSM x 2"


@dataclass(frozen=True)
class Registered:
    """What a proposal is checked against, from the registers: every grade they know (``grade_key`` to the
    grade as written) and every address that stands for a person (their own and their aliases, lower case)."""

    grades: Mapping[str, str]
    addresses: Mapping[str, int]


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


def _many(values: Values, key: str) -> list[str]:
    value = values.get(key, ())
    return [str(v).strip() for v in ([value] if isinstance(value, str) else value) if str(v).strip()]


def _unknown_grade(grade: str, registered: Registered) -> str:
    """Why a grade is refused, with the registered grades it is nearest to (or all of them, if few)."""
    said = f"{grade!r} is not a grade in the registers"
    if not registered.grades:
        return f"{said}: no grades are registered, so name the members instead"
    near = difflib.get_close_matches(grade_key(grade), list(registered.grades), n=3, cutoff=0.6)
    if near:
        return f"{said}: did you mean {_either([registered.grades[k] for k in near])}?"
    if len(registered.grades) <= LISTED_GRADES:
        return f"{said}; the grades are {', '.join(sorted(registered.grades.values(), key=str.lower))}"
    return f"{said}; the grades register lists them"


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _count(item: str, raw: str) -> int:
    """The N of ``GRADE x N``: a whole number from 1 to ``MAX_PLACES``."""
    raw = raw.strip()
    if not raw:
        raise InvalidEntry("grade_places", f"{item!r} has no number after the x: write GRADE x N, {EXAMPLE}")
    if re.fullmatch(r"[-−]\d+|0+", raw):
        raise InvalidEntry("grade_places", f"{item!r}: a grade needs at least one place (from 1 to {MAX_PLACES})")
    if not re.fullmatch(r"\+?\d+", raw):
        raise InvalidEntry(
            "grade_places", f"{item!r}: {raw} is not a whole number of places; write one from 1 to {MAX_PLACES}"
        )
    count = int(raw)
    if count > MAX_PLACES:
        raise InvalidEntry(
            "grade_places", f"{item!r}: at most {MAX_PLACES} places a grade, not {count}; name the members instead"
        )
    return count


def _place(item: str, registered: Registered) -> tuple[str, int]:
    """One item, ``GRADE`` or ``GRADE x N``, as (grade, count), the grade one the registers know. Where an
    item splits more than one way ("AX2 x 3"), the split whose grade is registered is the one meant."""
    if grade_key(item) in registered.grades:
        return item, 1
    splits = [(item[: m.start()].strip(), item[m.end() :]) for m in SEPARATOR.finditer(item)]
    for grade, count in reversed(splits):  # the longest grade first
        if grade_key(grade) in registered.grades:
            return grade, _count(item, count)
    if first := COUNT_FIRST.match(item):
        grade, count = first["grade"].strip() or "GRADE", first["count"]
        raise InvalidEntry("grade_places", f"{item!r}: write the grade first, then how many: {grade} x {count}")
    if (bare := NO_SEPARATOR.match(item)) and grade_key(bare["grade"]) in registered.grades:
        raise InvalidEntry(
            "grade_places", f"{item!r}: put an x between the grade and how many: {bare['grade']} x {bare['count']}"
        )
    if splits and not splits[0][0]:
        raise InvalidEntry("grade_places", f"{item!r} has no grade: write GRADE x N, {EXAMPLE}")
    if splits:
        _count(item, splits[-1][1])  # a count that cannot be read is said first: it is wrong whatever the grade
    raise InvalidEntry("grade_places", _unknown_grade(splits[-1][0] if splits else item, registered))


def grade_places(text: str, registered: Registered) -> tuple[tuple[str, int], ...]:
    """``SM x 2, VSM`` -> (("SM", 2), ("VSM", 1)): unnamed places by grade, how many of each, each grade as
    the registers write it. Refuses, naming the item, what cannot be costed: a grade no register knows, a
    count that is not a whole number from 1 to ``MAX_PLACES``, an item that is not ``GRADE [x N]``."""
    places: dict[str, int] = {}
    for item in (p.strip() for p in text.split(",") if p.strip()):
        grade, count = _place(item, registered)
        name = registered.grades[grade_key(grade)]
        places[name] = places.get(name, 0) + count
        if places[name] > MAX_PLACES:
            raise InvalidEntry(
                "grade_places",
                f"{name}: {places[name]} places in all; at most {MAX_PLACES} places a grade, name the members instead",
            )
    return tuple(places.items())


def members(addresses: Sequence[str], chosen: Sequence[str], registered: Registered) -> tuple[int, ...]:
    """The people a proposal names, once each: ``addresses`` (a person's own or any registered alias, any
    case; the shell's) and ``chosen`` (ids from the staff register; the form's)."""
    people: list[int] = []
    for address in addresses:
        person = registered.addresses.get(address.lower())
        if person is None:
            raise InvalidEntry("members", f"{address} is not in the staff register, by address or alias")
        people.append(person)
    known = set(registered.addresses.values())
    for choice in chosen:
        if not choice.isdigit() or int(choice) not in known:
            raise InvalidEntry("people", "choose members from the staff register")
        people.append(int(choice))
    return tuple(dict.fromkeys(people))


def meeting_length(raw: str) -> Decimal:
    """Hours a meeting lasts: ``SHORTEST`` to ``LONGEST``, to the hundredth, the range said in the message."""
    if not raw:
        raise InvalidEntry("hours_each", f"say how long each meeting would last: {HOURS_RANGE}")
    hours = plain_decimal(raw)
    if hours is None:
        raise InvalidEntry("hours_each", f"{raw!r} is not a length in hours: write a number {HOURS_RANGE}, such as 1.5")
    if not SHORTEST <= hours <= LONGEST:
        raise InvalidEntry("hours_each", f"{raw} hours is outside the range: a meeting lasts {HOURS_RANGE}")
    if hours != hours.quantize(Decimal("0.01")):
        raise InvalidEntry("hours_each", f"{raw!r}: write the hours to two decimal places at most, such as 1.75")
    return hours


def proposal_entry(values: Values, registered: Registered) -> ProposalEntry:
    """A proposal as typed: ``members`` (addresses separated by commas) and ``people`` (register ids) name
    members; ``grade_places`` unnamed places; every rule in this module's docstring checked."""
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
    hours = meeting_length(_one(values, "hours_each"))
    addresses = [a.strip() for a in re.split(r"[,;]", _one(values, "members")) if a.strip()]
    people = members(addresses, _many(values, "people"), registered)
    places = grade_places(_one(values, "grade_places"), registered)
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
