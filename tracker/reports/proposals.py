"""The gatekeeper's register as its pages read it, and the existing partnerships a proposal overlaps."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import gatekeeper, overlap
from ..domain.periods import NO_FILTERS, Period
from ..models import Partnership, Person, Proposal
from .sums import figures


def proposals(session: Session) -> list[Proposal]:
    """Newest first; undecided ones are the gatekeeper's queue."""
    return list(session.scalars(select(Proposal).order_by(Proposal.created_at.desc(), Proposal.id.desc())))


def proposal(session: Session, proposal_id: int) -> Proposal | None:
    return session.get(Proposal, proposal_id)


@dataclass(frozen=True)
class Asked:
    """A stored proposal's members and answers, read back from its JSON."""

    people: tuple[int, ...]
    grade_places: tuple[tuple[str, int], ...]
    answers: dict[str, str]
    sub_groups: tuple[str, ...]


def asked(item: Proposal) -> Asked:
    return Asked(
        tuple(json.loads(item.people)),
        tuple((g, int(n)) for g, n in json.loads(item.grade_places)),
        json.loads(item.answers),
        tuple(line for line in item.sub_groups.splitlines() if line.strip()),
    )


def names_of(session: Session, people: tuple[int, ...]) -> dict[int, str]:
    if not people:
        return {}
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(people))).all())


@dataclass(frozen=True)
class OverlapRow:
    partnership_id: int
    partnership: str
    shared_people: tuple[str, ...]
    overlap: Decimal
    purpose_similarity: Decimal
    shared_words: tuple[str, ...]

    @property
    def score(self) -> Decimal:
        return overlap.candidate_score(self.overlap, self.purpose_similarity)


def overlapping(
    session: Session, period: Period, person_hours: Mapping[int, Decimal], purpose: str, limit: int = 10
) -> list[OverlapRow]:
    """Existing partnerships sharing members or purpose with a proposal, strongest first. The proposal's
    members' hours a year are set against each partnership's over the period scaled to a year."""
    hours: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (pid, person), sums in figures(session, period, NO_FILTERS, "partnership and person").items():
        hours[pid][person] = period.per_year(sums.hours)
    text = gatekeeper.purpose_text(purpose)
    names = {p.id: p.name for p in session.scalars(select(Partnership))}
    people = names_of(session, tuple(person_hours))
    rows = []
    for partnership in session.scalars(select(Partnership).order_by(Partnership.name)):
        likeness = overlap.purpose_likeness(
            text, gatekeeper.purpose_text(partnership.purpose or "", partnership.keywords)
        )
        members = hours.get(partnership.id, {})
        shared = sorted((p for p in person_hours if p in members), key=lambda p: people.get(p, ""))
        if not shared and not likeness.shared:
            continue
        rows.append(
            OverlapRow(
                partnership.id,
                names[partnership.id],
                tuple(people.get(p, "?") for p in shared),
                overlap.weighted_overlap(person_hours, members),
                likeness.similarity,
                likeness.shared,
            )
        )
    return sorted(rows, key=lambda r: (-r.score, r.partnership))[:limit]


def alike(session: Session, name: str, purpose: str) -> list[gatekeeper.Likeness]:
    """The existing partnerships a proposal is named like, or whose purpose is like its own: a warning on
    its assessment and from ``tracker assess`` (``domain.gatekeeper.alike``)."""
    existing = [
        gatekeeper.Existing(p.id, p.name, p.purpose or "", p.keywords or "")
        for p in session.scalars(select(Partnership).order_by(Partnership.name))
    ]
    return gatekeeper.alike(name, purpose, existing)
