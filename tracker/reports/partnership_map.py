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
from ..domain.gatekeeper import purpose_text
from ..domain.overlap import FOLD_BACK_IN, MERGE
from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import hours as hours_of
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
    shared_words: tuple[str, ...]  # as written in the purposes and keywords
    related: str  # "sub-group" (of its parent), "below" (further down), "same parent" or ""
    kind: str = MERGE  # or FOLD_BACK_IN: one sits below the other

    @property
    def fold_back_in(self) -> bool:
        return self.kind == FOLD_BACK_IN


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
    pairs: list[MapPair]  # look-alikes to merge, strongest first; then those to fold back in, strongest first

    @property
    def linked(self) -> list[MapPair]:
        """The pairs that share at least one person: the network's edges."""
        return [p for p in self.pairs if p.shared_people]

    @property
    def to_merge(self) -> list[MapPair]:
        """Look-alikes sharing people, neither below the other: candidates to merge or join up."""
        return [p for p in self.pairs if p.shared_people and not p.fold_back_in]

    @property
    def alike(self) -> list[MapPair]:
        """Look-alikes in purpose with no one in common, neither below the other."""
        return [p for p in self.pairs if not p.shared_people and not p.fold_back_in]

    @property
    def to_fold_back_in(self) -> list[MapPair]:
        """Pairs where one sits below the other, sharing people or purpose: candidates to fold back in."""
        return [p for p in self.pairs if p.fold_back_in]


def partnership_map(session: Session, period: Period, filters: Filters = NO_FILTERS) -> PartnershipMap:
    """Every partnership, and every pair sharing a person or a purpose word, over the period."""
    seconds: dict[int, dict[int, int]] = defaultdict(dict)  # exact time: sums and shares rounded once, shown
    for (pid, person), sums in figures(session, period, filters, "partnership and person").items():
        seconds[pid][person] = sums.seconds
    registered = list(session.scalars(select(Partnership).order_by(Partnership.position, Partnership.name)))
    texts = {p.id: purpose_text(p.purpose or "", p.keywords) for p in registered}
    names = {p.id: p.name for p in registered}
    parents = {p.id: p.parent_id for p in registered}
    found = overlap.pairs(seconds, texts, parents)
    people = _names(session, {person for pair in found for person in pair.shared_people})
    pairs = [
        MapPair(
            pair.a,
            names[pair.a],
            pair.b,
            names[pair.b],
            tuple(
                people[p]
                for p in sorted(
                    pair.shared_people, key=lambda p: (-(seconds[pair.a][p] + seconds[pair.b][p]), people[p])
                )
            ),
            pair.shared_hours,
            pair.overlap,
            pair.purpose_similarity,
            pair.shared_words,
            _relation(parents, pair.a, pair.b),
            pair.kind,
        )
        for pair in found
    ]
    nodes = [
        MapNode(
            p.id,
            p.name,
            p.parent_id,
            hours_of(sum(seconds.get(p.id, {}).values())),
            len(seconds.get(p.id, {})),
        )
        for p in registered
    ]
    return PartnershipMap(nodes, pairs)


def _relation(parents: dict[int, int | None], a: int, b: int) -> str:
    if parents.get(a) == b or parents.get(b) == a:
        return "sub-group"
    if a in overlap.ancestors(b, parents) or b in overlap.ancestors(a, parents):
        return "below"
    if parents.get(a) is not None and parents.get(a) == parents.get(b):
        return "same parent"
    return ""


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(sorted(ids)))).all())
