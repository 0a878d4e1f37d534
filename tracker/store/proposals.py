"""Writing the gatekeeper's register: proposals as made, and the decisions on them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..domain.entries import InvalidEntry
from ..domain.proposal_entries import DecisionEntry, ProposalEntry
from ..models import Partnership, Proposal


def add_proposal(session: Session, entry: ProposalEntry, by: str) -> Proposal:
    item = Proposal(
        name=entry.name,
        purpose=entry.purpose,
        lead=entry.lead,
        every=entry.every,
        hours_each=entry.hours_each,
        people=json.dumps(list(entry.people)),
        grade_places=json.dumps([list(p) for p in entry.grade_places]),
        sub_groups="\n".join(entry.sub_groups),
        answers=json.dumps(entry.answers),
        review_on=entry.review_on,
        decision_notes="",
        created_by=by,
        created_at=datetime.now(UTC),
    )
    session.add(item)
    session.flush()
    return item


def decide(session: Session, proposal_id: int, entry: DecisionEntry, by: str) -> Proposal:
    item = session.get(Proposal, proposal_id)
    if item is None:
        raise InvalidEntry("proposal", "is not in the register")
    if item.decision is not None:  # the writers' lock makes this check and the write one step
        raise InvalidEntry("decision", f"it was decided already, by {item.decided_by}")
    if item.created_by == by:
        raise InvalidEntry(
            "decision", "the person who proposed it cannot decide it: another director or an administrator must"
        )
    if entry.referred_to is not None and session.get(Partnership, entry.referred_to) is None:
        raise InvalidEntry("referred_to", "is not in the partnership register")
    item.decision, item.decision_notes, item.referred_to_id = entry.decision, entry.notes, entry.referred_to
    item.decided_by, item.decided_at = by, datetime.now(UTC)
    session.flush()
    return item
