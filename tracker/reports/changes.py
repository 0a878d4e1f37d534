"""The record of attribution changes, as the review page lists them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AttributionChange, Partnership

SHOWN = 100  # the newest changes listed


@dataclass(frozen=True)
class Moved:
    partnership: str
    meetings: tuple[int, int]  # before, after
    hours: tuple[Decimal, Decimal]
    cost: tuple[Decimal, Decimal]  # at actual pay
    standard_cost: tuple[Decimal, Decimal]


@dataclass(frozen=True)
class ChangeRow:
    id: int
    made_at: datetime
    made_by: str
    kind: str
    summary: str
    moved: tuple[Moved, ...]
    revertible: bool
    reverted_by: int | None


def changes(session: Session, made_by: str | None = None) -> list[ChangeRow]:
    """The newest changes, of one person's making or (``made_by`` None) everyone's."""
    query = select(AttributionChange).order_by(AttributionChange.id.desc()).limit(SHOWN)
    if made_by is not None:
        query = query.where(AttributionChange.made_by == made_by)
    found = session.scalars(query).all()
    names = dict(session.execute(select(Partnership.id, Partnership.name)).all())
    return [
        ChangeRow(
            c.id,
            c.made_at,
            c.made_by,
            c.kind,
            c.summary,
            tuple(_moved(m, names) for m in json.loads(c.moved or "[]")),
            c.kind != "revert" and c.reverted_by is None and json.loads(c.undo or "{}") != {},
            c.reverted_by,
        )
        for c in found
    ]


def _moved(item: dict, names: dict[int, str]) -> Moved:
    pid = item["partnership_id"]
    if pid is None:  # a correction records what no partnership has of the meetings it could move alone
        name = "No partnership (of the meetings corrected)" if item.get("of_these") else "No partnership"
    else:
        name = names.get(pid, f"Partnership {pid} (since removed)")
    before, after = item["before"], item["after"]
    return Moved(
        name,
        (int(before[0]), int(after[0])),
        (Decimal(before[1]), Decimal(after[1])),
        (Decimal(before[2]), Decimal(after[2])),
        (Decimal(before[3]), Decimal(after[3])),
    )
