"""Standard rates: hourly rates averaged over a grade, so a cost shown at them reveals nobody's pay. Pure.

A person's standard rate in a financial year is the mean of the hourly rates of everyone in their group:
the people of their organisation on their grade. A group of fewer than the minimum group size is merged
with the group of its organisation nearest in pay until it is big enough; an organisation with fewer people
than that is merged with the nearest group of the other organisations. Subtracting two figures costed at
these rates then gives at most a group's average, never one person's rate. When the whole register has
fewer people than the minimum, there are no standard rates at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Member:
    """A person with an hourly rate in the year: their organisation, grade and that rate."""

    person_id: int
    organisation_id: int | None
    grade: str
    rate: Fraction


@dataclass(frozen=True)
class Group:
    """People costed at one standard rate: the grades and organisations they come from, and the rate."""

    organisations: frozenset[int | None]
    grades: frozenset[str]
    people: frozenset[int]
    rate: Fraction


def standard_groups(members: Iterable[Member], minimum: int) -> list[Group]:
    """The groups of a year, each of at least ``minimum`` people (none if there are not that many)."""
    members = list(members)
    minimum = max(minimum, 1)
    if len(members) < minimum:
        return []
    groups: dict[tuple[int | None, str], list[Member]] = {}
    for m in members:
        groups.setdefault((m.organisation_id, m.grade.strip().lower()), []).append(m)
    by_organisation: dict[int | None, list[list[Member]]] = {}
    for (organisation, _), people in sorted(groups.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        by_organisation.setdefault(organisation, []).append(people)
    grouped: list[list[Member]] = []
    for organisation_groups in by_organisation.values():
        grouped.extend(_merge_small(organisation_groups, minimum))
    # An organisation too small for a group of its own is left with one under the minimum: it joins the
    # nearest group of all the organisations.
    return [_group(people) for people in _merge_small(grouped, minimum)]


def _merge_small(groups: list[list[Member]], minimum: int) -> list[list[Member]]:
    """Merge the smallest group under ``minimum`` into the nearest in mean rate, until none is under it or
    one is left. Ties go to the lower mean, then the lower person id, so order never matters."""
    groups = [list(g) for g in groups]
    while len(groups) > 1:
        under = [g for g in groups if len(g) < minimum]
        if not under:
            break
        smallest = min(under, key=lambda g: (len(g), _mean(g), _first(g)))
        others = [g for g in groups if g is not smallest]
        nearest = min(others, key=lambda g: (abs(_mean(g) - _mean(smallest)), _mean(g), _first(g)))
        nearest.extend(smallest)
        groups = others
    return groups


def _mean(group: list[Member]) -> Fraction:
    return sum((m.rate for m in group), Fraction(0)) / len(group)


def _first(group: list[Member]) -> int:
    return min(m.person_id for m in group)


def _group(people: list[Member]) -> Group:
    return Group(
        frozenset(m.organisation_id for m in people),
        frozenset(m.grade.strip() or "no grade" for m in people),
        frozenset(m.person_id for m in people),
        _mean(people),
    )


def rates_of(groups: Iterable[Group]) -> dict[int, Fraction]:
    """Each grouped person's standard rate."""
    return {person: group.rate for group in groups for person in group.people}
