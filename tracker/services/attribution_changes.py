"""Every rule or correction recorded with what it moved, and reverted on request.

A change of attribution is made inside ``recorded``: the partnerships' meetings, hours and cost over all
time are read before it and after it (from the monthly sums, so it costs the same whatever the size of
the organisation), and what moved is kept with who, when and how to set it back. Reverting sets back
what the change set (a rule's keyword taken off again; a correction's earlier choice restored) and is
itself recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.attribution import split_list
from ..models import AttributionChange, Partnership
from ..store import monthly
from ..store.overrides import clear_override, current_override, set_override
from . import attendances


class NotYours(PermissionError):
    """Only the person who made a change, or an administrator, may revert it."""


class NothingToRevert(ValueError):
    """The change was reverted already, or set nothing that can be set back."""


@dataclass
class Undo:
    """What reverting a change sets back (filled in while the change is made), and the change recorded."""

    what: dict
    change: AttributionChange | None = None
    skip: bool = False  # the block changed nothing that decides attribution: nothing to record


@contextmanager
def recorded(session: Session, *, by: str, kind: str, summary: str) -> Iterator[Undo]:
    """Make a change of attribution inside this block; it is recorded with what it moved."""
    before = monthly.totals_by_partnership(session)
    undo = Undo({})
    yield undo
    session.flush()
    if undo.skip:
        return
    after = monthly.totals_by_partnership(session)
    undo.change = AttributionChange(
        made_at=datetime.now(UTC),
        made_by=by,
        kind=kind,
        summary=summary,
        undo=json.dumps(undo.what),
        moved=json.dumps(_moved(before, after)),
    )
    session.add(undo.change)
    session.flush()


def _moved(before: dict, after: dict) -> list[dict]:
    """The partnerships whose figures changed: ``[meetings, hours, cost, standard cost]`` before and after."""
    zero = (0, Decimal(0), Decimal(0), Decimal(0))
    moved = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k is None, k or 0)):
        was, now = before.get(key, zero), after.get(key, zero)
        if was != now:
            moved.append({"partnership_id": key, "before": [str(v) for v in was], "after": [str(v) for v in now]})
    return moved


RULE_FIELDS = ("keywords", "categories", "priority", "parent_id")  # what decides where a meeting belongs


@contextmanager
def register_rules(session: Session, *, by: str, summary: str) -> Iterator[None]:
    """A change to the partnership register inside this block is recorded, if it changed any rule (a
    partnership's keywords, categories, priority or place in the tree), with the rules as they stood."""
    before = _rules(session)
    with recorded(session, by=by, kind="register", summary=summary) as change:
        yield
        session.flush()
        after = _rules(session)
        was = {str(pid): fields for pid, fields in before.items() if after.get(pid) != fields}
        change.what = {"register": was} if was else {}
        change.skip = not was and after.keys() == before.keys()


def _rules(session: Session) -> dict[int, dict]:
    columns = (Partnership.id, *(getattr(Partnership, f) for f in RULE_FIELDS))
    return {pid: dict(zip(RULE_FIELDS, rest, strict=True)) for pid, *rest in session.execute(select(*columns))}


def override_undo(session: Session, *, series_key: str | None, meeting_id: int | None) -> dict:
    """What reverting a correction of this series or occurrence sets back: the correction before it, or none."""
    earlier = current_override(session, series_key=series_key, meeting_id=meeting_id)
    return {
        "override": {"series_key": series_key, "meeting_id": meeting_id},
        "had": earlier is not None,
        "partnership_id": earlier.partnership_id if earlier is not None else None,
    }


def revert(session: Session, change_id: int, *, by: str, any_change: bool) -> AttributionChange:
    """Set back what the change set, as a change of its own. ``any_change``: the reverter is an administrator."""
    change = session.get(AttributionChange, change_id)
    if change is None or change.kind == "revert":
        raise NothingToRevert("that change cannot be reverted")
    if not any_change and change.made_by.lower() != by.lower():
        raise NotYours("only the person who made a change, or an administrator, can revert it")
    undo = json.loads(change.undo or "{}")
    if change.reverted_by is not None or not undo:
        raise NothingToRevert("that change was reverted already, or changed nothing that can be set back")
    with recorded(session, by=by, kind="revert", summary=f"Reverted: {change.summary}") as reverting:
        if "register" in undo:
            for pid, fields in undo["register"].items():
                partnership = session.get(Partnership, int(pid))
                if partnership is not None:
                    for name, value in fields.items():
                        setattr(partnership, name, value)
        elif "keyword" in undo:
            partnership = session.get(Partnership, undo["partnership_id"])
            if partnership is not None:
                words = split_list(partnership.keywords)
                partnership.keywords = ";".join(w for w in words if w.lower() != undo["keyword"].lower())
        else:
            where = undo["override"]
            if undo["had"]:
                set_override(session, **where, partnership_id=undo["partnership_id"], by=by)
            else:
                clear_override(session, **where)
        session.flush()
        attendances.refresh(session, attendances.Touched(attribution=True))
    assert reverting.change is not None
    change.reverted_by = reverting.change.id
    session.flush()
    return reverting.change
