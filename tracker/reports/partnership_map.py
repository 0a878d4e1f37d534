"""The partnership map: which partnerships share senior people and purpose, and which to merge or join up.

Read from the same sums by partnership and person as every other page (``sums.figures``), so a pair's
shared hours add up to figures the partnership pages show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import overlap
from ..domain.attribution import keyword_words
from ..domain.periods import NO_FILTERS, Filters, Period
from ..models import Partnership, Person
from .sums import figures


@dataclass(frozen=True)
class MapPair:
    a_id: int
    a: str
    b_id: int
    b: str
    shared_people: tuple[str, ...]  # names, most hours in the two first
    shared_hours: Decimal
    overlap: Decimal
    purpose_similarity: Decimal
    shared_words: tuple[str, ...]
    related: str  # "sub-group", "same parent" or ""


@dataclass(frozen=True)
class MapNode:
    id: int
    name: str
    parent_id: int | None
    hours: Decimal
    people: int


@dataclass(frozen=True)
class PartnershipMap:
    nodes: list[MapNode]  # every partnership, in register order
    pairs: list[MapPair]  # strongest candidates first

    @property
    def linked(self) -> list[MapPair]:
        """The pairs that share at least one person: the network's edges."""
        return [p for p in self.pairs if p.shared_people]


def partnership_map(session: Session, period: Period, filters: Filters = NO_FILTERS) -> PartnershipMap:
    """Every partnership, and every pair sharing a person or a purpose word, over the period."""
    hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (pid, person), sums in figures(session, period, filters, "partnership and person").items():
        hours[pid][person] = sums.hours
    registered = list(session.scalars(select(Partnership).order_by(Partnership.position, Partnership.name)))
    texts = {p.id: " ".join([p.purpose or "", *keyword_words(p.keywords)]) for p in registered}
    names = {p.id: p.name for p in registered}
    parents = {p.id: p.parent_id for p in registered}
    found = overlap.pairs(hours, texts)
    people = _names(session, {person for pair in found for person in pair.shared_people})
    pairs = [
        MapPair(
            pair.a,
            names[pair.a],
            pair.b,
            names[pair.b],
            tuple(
                people[p]
                for p in sorted(pair.shared_people, key=lambda p: (-(hours[pair.a][p] + hours[pair.b][p]), people[p]))
            ),
            pair.shared_hours,
            pair.overlap,
            pair.purpose_similarity,
            tuple(sorted(pair.shared_words)),
            _relation(parents, pair.a, pair.b),
        )
        for pair in found
    ]
    nodes = [
        MapNode(
            p.id,
            p.name,
            p.parent_id,
            sum(hours.get(p.id, {}).values(), Decimal(0)),
            len(hours.get(p.id, {})),
        )
        for p in registered
    ]
    return PartnershipMap(nodes, pairs)


def _relation(parents: dict[int, int | None], a: int, b: int) -> str:
    if parents.get(a) == b or parents.get(b) == a:
        return "sub-group"
    if parents.get(a) is not None and parents.get(a) == parents.get(b):
        return "same parent"
    return ""


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(sorted(ids)))).all())
