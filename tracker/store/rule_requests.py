"""Title rules waiting for an administrator, and where each meeting sits: what a rule's preview compares
before and after it, to name the meetings it would move."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Meeting, RuleRequest


def partnership_of_meetings(session: Session) -> dict[int, int | None]:
    """Every meeting's partnership (None: none), by meeting id."""
    return dict(session.execute(select(Meeting.id, Meeting.partnership_id)).all())


def add_request(session: Session, *, by: str, partnership_id: int, keyword: str, moved: str) -> RuleRequest:
    """A rule asked for now, waiting; ``moved`` is the JSON of what its preview showed."""
    request = RuleRequest(
        asked_at=datetime.now(UTC),
        asked_by=by,
        partnership_id=partnership_id,
        keyword=keyword,
        moved=moved,
        status="pending",
    )
    session.add(request)
    session.flush()
    return request


def find_request(session: Session, request_id: int) -> RuleRequest | None:
    return session.get(RuleRequest, request_id)


def find_pending(session: Session, *, by: str, partnership_id: int, keyword: str) -> RuleRequest | None:
    """The same rule, asked for by the same person, still waiting (in any case)."""
    waiting = session.scalars(
        select(RuleRequest).where(
            RuleRequest.status == "pending",
            RuleRequest.asked_by == by,
            RuleRequest.partnership_id == partnership_id,
        )
    )
    return next((r for r in waiting if r.keyword.lower() == keyword.lower()), None)


def decide(session: Session, request: RuleRequest, *, by: str, status: str, change_id: int | None = None) -> None:
    """An administrator's decision on a waiting request: ``approved`` (with the change it made) or ``refused``."""
    request.status = status
    request.decided_by = by
    request.decided_at = datetime.now(UTC)
    request.change_id = change_id
    session.flush()
