"""Writing a person's correction of attribution: one occurrence, or a whole series, to a partnership or none."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AttributionOverride


def set_override(
    session: Session, *, series_key: str | None, meeting_id: int | None, partnership_id: int | None, by: str
) -> AttributionOverride:
    """One override per occurrence or series: a new correction replaces the last one."""
    if (series_key is None) == (meeting_id is None):
        raise ValueError("an override is for one occurrence or for one series")
    where = (
        AttributionOverride.meeting_id == meeting_id
        if meeting_id is not None
        else AttributionOverride.series_key == series_key
    )
    override = session.scalar(select(AttributionOverride).where(where))
    if override is None:
        override = AttributionOverride(series_key=series_key if meeting_id is None else None, meeting_id=meeting_id)
        session.add(override)
    override.partnership_id = partnership_id
    override.made_by = by
    override.made_at = datetime.now(UTC)
    session.flush()
    return override


def current_override(session: Session, *, series_key: str | None, meeting_id: int | None) -> AttributionOverride | None:
    """The correction in force for this occurrence or series, if any."""
    if meeting_id is not None:
        return session.scalar(select(AttributionOverride).where(AttributionOverride.meeting_id == meeting_id))
    return session.scalar(select(AttributionOverride).where(AttributionOverride.series_key == series_key))


def clear_override(session: Session, *, series_key: str | None, meeting_id: int | None) -> None:
    """Take away the correction of this occurrence or series: the rules decide again."""
    found = current_override(session, series_key=series_key, meeting_id=meeting_id)
    if found is not None:
        session.delete(found)
        session.flush()


def read_overrides(session: Session) -> list[AttributionOverride]:
    """Every correction in force, earliest first."""
    return list(session.scalars(select(AttributionOverride).order_by(AttributionOverride.made_at)))
