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
from decimal import Decimal

from sqlalchemy.orm import Session

from ..models import AttributionChange
from ..store import bulk, changes, monthly, registers
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
def recorded(
    session: Session, *, by: str, kind: str, summary: str, corrected: attendances.Touched | None = None
) -> Iterator[Undo]:
    """Make a change of attribution inside this block; it is recorded with what it moved. A correction
    says which series and meetings it touches (``corrected``): what no partnership has is then recorded for
    those meetings alone, not summed over every unattributed attendance before and after."""
    moving = None if corrected is None else (corrected.corrected_series, corrected.corrected_meetings)
    before = monthly.totals_by_partnership(session, moving)
    undo = Undo({})
    yield undo
    bulk.write_pending(session)
    if undo.skip:
        return
    after = monthly.totals_by_partnership(session, moving)
    moved = _moved(before, after, loose_of_these=moving is not None)
    undo.change = changes.add_change(session, by=by, kind=kind, summary=summary, undo=undo.what, moved=moved)


def _moved(before: dict, after: dict, *, loose_of_these: bool) -> list[dict]:
    """The partnerships whose figures changed: ``[meetings, hours, cost, standard cost]`` before and after;
    what no partnership has marked ``of_these`` where it counts only the meetings the change could move."""
    zero = (0, Decimal(0), Decimal(0), Decimal(0))
    moved = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k is None, k or 0)):
        was, now = before.get(key, zero), after.get(key, zero)
        if was != now:
            item = {"partnership_id": key, "before": [str(v) for v in was], "after": [str(v) for v in now]}
            moved.append(item | ({"of_these": True} if key is None and loose_of_these else {}))
    return moved


@contextmanager
def register_rules(session: Session, *, by: str, summary: str) -> Iterator[None]:
    """A change to the partnership register inside this block is recorded, if it changed any rule (a
    partnership's keywords, categories, priority or place in the tree), with the rules as they stood."""
    before = registers.read_rules(session)
    with recorded(session, by=by, kind="register", summary=summary) as change:
        yield
        bulk.write_pending(session)
        after = registers.read_rules(session)
        was = {str(pid): fields for pid, fields in before.items() if after.get(pid) != fields}
        change.what = {"register": was} if was else {}
        change.skip = not was and after.keys() == before.keys()


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
    change = changes.find_change(session, change_id)
    if change is None or change.kind == "revert":
        raise NothingToRevert("that change cannot be reverted")
    if not any_change and change.made_by.lower() != by.lower():
        raise NotYours("only the person who made a change, or an administrator, can revert it")
    undo = json.loads(change.undo or "{}")
    if change.reverted_by is not None or not undo:
        raise NothingToRevert("that change was reverted already, or changed nothing that can be set back")
    summary = f"Reverted: {change.summary}"
    corrected = _corrected(undo)
    with recorded(session, by=by, kind="revert", summary=summary, corrected=corrected) as reverting:
        if "register" in undo:
            registers.restore_rules(session, {int(pid): fields for pid, fields in undo["register"].items()})
        elif "keyword" in undo:
            registers.remove_keyword(session, undo["partnership_id"], undo["keyword"])
        else:  # one correction, or several series ticked together
            _set_back(session, undo.get("overrides", [undo]), by=by)
        # a rule changed: every meeting may move
        attendances.refresh(session, corrected or attendances.Touched(attribution=True))
    assert reverting.change is not None
    changes.mark_reverted(session, change, reverting.change)
    return reverting.change


def _corrected(undo: dict) -> attendances.Touched | None:
    """The series and meetings reverting a correction touches (None: a rule's change, which may move any)."""
    if "register" in undo or "keyword" in undo:
        return None
    touched = attendances.Touched(attribution=True)
    for each in undo.get("overrides", [undo]):
        where = each["override"]
        if where["series_key"] is not None:
            touched.corrected_series.add(where["series_key"])
        if where["meeting_id"] is not None:
            touched.corrected_meetings.add(where["meeting_id"])
    return touched


def _set_back(session: Session, corrections: list[dict], *, by: str) -> None:
    """Each correction as it was before the change."""
    for each in corrections:
        where = each["override"]
        if each["had"]:
            set_override(session, **where, partnership_id=each["partnership_id"], by=by)
        else:
            clear_override(session, **where)
