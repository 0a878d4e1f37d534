"""Title rules asked for by partnerships' leads and held for an administrator, as the rule requests page lists them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Partnership, RuleRequest

SHOWN = 100  # the newest requests listed


@dataclass(frozen=True)
class AskedShift:
    """One partnership's meetings and hours before and after, as the preview the lead confirmed showed them."""

    partnership: str
    meetings: tuple[int, int]
    hours: tuple[Decimal, Decimal]

    @property
    def meetings_change(self) -> int:
        return self.meetings[1] - self.meetings[0]

    @property
    def hours_change(self) -> Decimal:
        return self.hours[1] - self.hours[0]


@dataclass(frozen=True)
class RequestRow:
    id: int
    asked_at: datetime
    asked_by: str
    partnership: str
    keyword: str
    status: str
    decided_by: str | None
    decided_at: datetime | None
    change_id: int | None
    asked: tuple[AskedShift, ...]


def rule_requests(session: Session, *, asked_by: str | None = None, status: str | None = None) -> list[RequestRow]:
    """The newest requests, oldest waiting first: of one person's asking, or (``asked_by`` None) everyone's."""
    query = select(RuleRequest).order_by(RuleRequest.id.desc()).limit(SHOWN)
    if asked_by is not None:
        query = query.where(RuleRequest.asked_by == asked_by)
    if status is not None:
        query = query.where(RuleRequest.status == status)
    names = dict(session.execute(select(Partnership.id, Partnership.name)).all())
    rows = [
        RequestRow(
            r.id,
            r.asked_at,
            r.asked_by,
            names.get(r.partnership_id, f"Partnership {r.partnership_id}"),
            r.keyword,
            r.status,
            r.decided_by,
            r.decided_at,
            r.change_id,
            tuple(_asked(item, names) for item in json.loads(r.moved or "[]")),
        )
        for r in session.scalars(query)
    ]
    return sorted(rows, key=lambda r: (r.status != "pending", r.id if r.status == "pending" else -r.id))


def _asked(item: dict, names: dict[int, str]) -> AskedShift:
    pid = item["partnership_id"]
    name = "No partnership" if pid is None else names.get(pid, f"Partnership {pid} (since removed)")
    before, after = item["before"], item["after"]
    return AskedShift(name, (int(before[0]), int(after[0])), (Decimal(before[1]), Decimal(after[1])))
