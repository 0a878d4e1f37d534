"""Correcting attribution: a person's override of one occurrence or a whole series, or a title made a rule."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..domain.attribution import plain_keyword
from ..domain.local_time import local_day, short_day
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
    session: Session,
    *,
    series_keys: Sequence[str] = (),
    meeting_id: int | None = None,
    partnership_id: int | None,
    by: str,
) -> None:
    """Send one occurrence (``meeting_id``) or whole series (``series_keys``, one or the many a reviewer
    ticked) to a partnership, or to none (``None``): one change, recorded with what it moved, and reverted
    as one."""
    target = _partnership(session, partnership_id).name if partnership_id is not None else "no partnership"
    summary = f"{_described(session, series_keys, meeting_id)} to {target}"
    undo = _undo(session, series_keys, meeting_id)
    touched, kind = _touched(series_keys, meeting_id), _kind(series_keys, meeting_id)
    with attribution_changes.recorded(session, by=by, kind=kind, summary=summary, corrected=touched) as change:
        change.what = undo
        for key in series_keys:
            set_override(session, series_key=key, meeting_id=None, partnership_id=partnership_id, by=by)
        if meeting_id is not None:
            set_override(session, series_key=None, meeting_id=meeting_id, partnership_id=partnership_id, by=by)
        attendances.refresh(session, touched)


def follow_rules(session: Session, *, series_keys: Sequence[str] = (), meeting_id: int | None = None, by: str) -> bool:
    """Take away the correction of one occurrence or of series, so the rules decide again; recorded with what
    it moved. Returns False when none of them had a correction to take away."""
    keys = [key for key in series_keys if current_override(session, series_key=key, meeting_id=None) is not None]
    meeting = meeting_id
    if meeting is not None and current_override(session, series_key=None, meeting_id=meeting) is None:
        meeting = None
    if not keys and meeting is None:
        return False
    summary = f"{_described(session, keys, meeting)} back to the rules"
    undo = _undo(session, keys, meeting)
    touched, kind = _touched(keys, meeting), _kind(keys, meeting)
    with attribution_changes.recorded(session, by=by, kind=kind, summary=summary, corrected=touched) as change:
        change.what = undo
        for key in keys:
            clear_override(session, series_key=key, meeting_id=None)
        if meeting is not None:
            clear_override(session, series_key=None, meeting_id=meeting)
        attendances.refresh(session, touched)
    return True


def _kind(series_keys: Sequence[str], meeting_id: int | None) -> str:
    if meeting_id is not None and not series_keys:
        return "meeting"
    return "series"


def _touched(series_keys: Sequence[str], meeting_id: int | None) -> attendances.Touched:
    """Only these series' and this meeting's attribution can change: the rules are as they were."""
    return attendances.Touched(
        attribution=True,
        corrected_series=set(series_keys),
        corrected_meetings=set() if meeting_id is None else {meeting_id},
    )


def _undo(session: Session, series_keys: Sequence[str], meeting_id: int | None) -> dict:
    """What reverting sets back: one correction's earlier choice, or (several) each one's."""
    each = [attribution_changes.override_undo(session, series_key=key, meeting_id=None) for key in series_keys]
    if meeting_id is not None:
        each.append(attribution_changes.override_undo(session, series_key=None, meeting_id=meeting_id))
    return each[0] if len(each) == 1 else {"overrides": each}


NAMED = 3  # series named in a change's summary; the rest counted


def _described(session: Session, series_keys: Sequence[str], meeting_id: int | None) -> str:
    """'Series "HWB"', '3 series: "HWB", "CSP" and "Budget"' or 'Meeting "HWB" of 3 Mar 2025', for a
    change's summary."""
    if meeting_id is not None and not series_keys:
        meeting = meetings.find_meeting(session, meeting_id)
        if meeting is None:
            raise ValueError(f"meeting {meeting_id} is not stored")
        return f'Meeting "{meeting.title}" of {short_day(local_day(meeting.start))}'
    titles = [f'"{meetings.find_series_title(session, key) or key}"' for key in series_keys[:NAMED]]
    if len(series_keys) == 1:
        return f"Series {titles[0]}"
    rest = len(series_keys) - len(titles)
    named = ", ".join(titles[:-1]) + " and " + titles[-1] if not rest else ", ".join(titles) + f" and {rest} more"
    return f"{len(series_keys)} series: {named}"


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
