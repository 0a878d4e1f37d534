"""Correcting attribution: a person's override of one occurrence or a whole series, or a title made a rule."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.attribution import plain_keyword, split_list
from ..models import Partnership
from ..store.overrides import set_override
from . import attendances


class UnknownPartnership(ValueError):
    """The partnership asked for is not in the register."""


class NotTheLead(PermissionError):
    """A rule moves everyone's meetings: only the partnership's lead (or an administrator) may add one."""


def _partnership(session: Session, partnership_id: int) -> Partnership:
    partnership = session.get(Partnership, partnership_id)
    if partnership is None:
        raise UnknownPartnership(f"partnership {partnership_id} is not in the register")
    return partnership


def override(
    session: Session, *, series_key: str | None, meeting_id: int | None, partnership_id: int | None, by: str
) -> None:
    """Send one occurrence (``meeting_id``) or a whole series to a partnership, or to none (``None``)."""
    if partnership_id is not None:
        _partnership(session, partnership_id)
    set_override(session, series_key=series_key, meeting_id=meeting_id, partnership_id=partnership_id, by=by)
    attendances.refresh(session, attendances.Touched(attribution=True))


@dataclass(frozen=True)
class TitleRule:
    keyword: str
    partnership: str


def add_title_rule(session: Session, title: str, partnership_id: int, *, by: str | None = None) -> TitleRule:
    """The meeting's title becomes a keyword of the partnership, so its like are attributed by rule from now on.

    ``by`` is the manager asking, who must lead the partnership; ``None`` for someone who may add a rule
    to any partnership (an administrator, or the register itself)."""
    partnership = _partnership(session, partnership_id)
    if by is not None and (partnership.lead_email or "").lower() != by.lower():
        raise NotTheLead(f"only the lead of {partnership.name} or an administrator can add a rule for it")
    keyword = plain_keyword(title)
    if not keyword:
        raise ValueError("a rule needs a title")
    words = split_list(partnership.keywords)
    if keyword.lower() not in (w.lower() for w in words):
        partnership.keywords = ";".join([*words, keyword])
    session.flush()
    attendances.refresh(session, attendances.Touched(attribution=True))
    return TitleRule(keyword, partnership.name)
