"""Correcting attribution: a person's override of one occurrence or a whole series, or a title made a rule."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..domain.attribution import plain_keyword
from ..domain.local_time import local_day
from ..models import Partnership
from ..store import meetings, registers
from ..store.overrides import clear_override, current_override, set_override
from . import attendances, attribution_changes


class UnknownPartnership(ValueError):
    """The partnership asked for is not in the register."""


class NotTheLead(PermissionError):
    """A rule moves everyone's meetings: only the partnership's lead (or an administrator) may add one."""


def _partnership(session: Session, partnership_id: int) -> Partnership:
    partnership = registers.find_partnership_by_id(session, partnership_id)
    if partnership is None:
        raise UnknownPartnership(f"partnership {partnership_id} is not in the register")
    return partnership


def override(
    session: Session, *, series_key: str | None, meeting_id: int | None, partnership_id: int | None, by: str
) -> None:
    """Send one occurrence (``meeting_id``) or a whole series to a partnership, or to none (``None``);
    recorded with what it moved."""
    target = _partnership(session, partnership_id).name if partnership_id is not None else "no partnership"
    summary = f"{_described(session, series_key, meeting_id)} to {target}"
    undo = attribution_changes.override_undo(session, series_key=series_key, meeting_id=meeting_id)
    with attribution_changes.recorded(
        session, by=by, kind="meeting" if meeting_id is not None else "series", summary=summary
    ) as change:
        change.what = undo
        set_override(session, series_key=series_key, meeting_id=meeting_id, partnership_id=partnership_id, by=by)
        attendances.refresh(session, attendances.Touched(attribution=True))


def follow_rules(session: Session, *, series_key: str | None, meeting_id: int | None, by: str) -> bool:
    """Take away the correction of one occurrence or a series, so the rules decide again; recorded with what
    it moved. Returns False when there was no correction to take away."""
    if current_override(session, series_key=series_key, meeting_id=meeting_id) is None:
        return False
    summary = f"{_described(session, series_key, meeting_id)} back to the rules"
    undo = attribution_changes.override_undo(session, series_key=series_key, meeting_id=meeting_id)
    with attribution_changes.recorded(
        session, by=by, kind="meeting" if meeting_id is not None else "series", summary=summary
    ) as change:
        change.what = undo
        clear_override(session, series_key=series_key, meeting_id=meeting_id)
        attendances.refresh(session, attendances.Touched(attribution=True))
    return True


def _described(session: Session, series_key: str | None, meeting_id: int | None) -> str:
    """'Series "HWB"' or 'Meeting "HWB" of 3 Mar 2025', for a change's summary."""
    if meeting_id is not None:
        meeting = meetings.find_meeting(session, meeting_id)
        if meeting is None:
            raise ValueError(f"meeting {meeting_id} is not stored")
        return f'Meeting "{meeting.title}" of {local_day(meeting.start):%d %b %Y}'
    title = meetings.find_series_title(session, series_key)
    return f'Series "{title or series_key}"'


@dataclass(frozen=True)
class TitleRule:
    keyword: str
    partnership: str
    moved: list[dict] = field(default_factory=list, compare=False)  # as the change record keeps it
    change_id: int | None = None


def add_title_rule(
    session: Session, title: str, partnership_id: int, *, made_by: str, lead_only: bool = True, note: str = ""
) -> TitleRule:
    """The meeting's title becomes a keyword of the partnership, so its like are attributed by rule from now
    on; recorded with what it moved (``note`` added to the record's summary, in brackets).

    With ``lead_only`` the person asking (``made_by``) must lead the partnership; an administrator may add
    a rule to any partnership."""
    partnership = _partnership(session, partnership_id)
    if lead_only and (partnership.lead_email or "").lower() != made_by.lower():
        raise NotTheLead(f"only the lead of {partnership.name} or an administrator can add a rule for it")
    keyword = plain_keyword(title)
    if not keyword:
        raise ValueError("a rule needs a title")
    summary = f"Rule: titles containing '{keyword}' go to {partnership.name}" + (f" ({note})" if note else "")
    with attribution_changes.recorded(session, by=made_by, kind="rule", summary=summary) as change:
        if registers.add_keyword(session, partnership, keyword):
            change.what = {"partnership_id": partnership.id, "keyword": keyword}
        attendances.refresh(session, attendances.Touched(attribution=True))
    made = change.change
    moved = json.loads(made.moved) if made is not None else []
    return TitleRule(keyword, partnership.name, moved, made.id if made is not None else None)
