"""Keeping the look-alike titles' sums (``UnattributedTitle``) in step with the review queue's series.

A partnership's page offers the unattributed titles that share a word with its keywords, with how many
meetings each holds. They are the series the review queue lists for every calendar (``ReviewSeries`` of
``EVERY_CALENDAR`` that count for no partnership), summed by title: when ``review_series`` sums some series
again, their titles' sums move by the difference, so the cost follows the change, not the locality's size.
``rebuild`` sums them afresh; the property test of ``tests/tracker/test_incremental.py`` holds the two equal.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from ..models import EVERY_CALENDAR, ReviewSeries, UnattributedTitle
from . import bulk


def of_series(session: Session, keys: list[str]) -> Counter[str]:
    """What these series now add to each title's sum."""
    query = _by_title().where(ReviewSeries.series_key.in_(keys))
    return Counter({title: int(meetings) for title, meetings in session.execute(query)})


def moved(session: Session, before: Counter[str], after: Counter[str]) -> None:
    """Each title's sum moved from what some series added ``before`` to what they add ``after``; a title
    whose sum reaches nothing loses its row."""
    changed = sorted(title for title in before.keys() | after.keys() if before[title] != after[title])
    for chunk in bulk.chunks(changed):
        held = dict(
            session.execute(
                select(UnattributedTitle.title, UnattributedTitle.meetings).where(UnattributedTitle.title.in_(chunk))
            ).all()
        )
        bulk.execute(session, delete(UnattributedTitle).where(UnattributedTitle.title.in_(chunk)))
        rows = [{"title": t, "meetings": held.get(t, 0) + after[t] - before[t]} for t in chunk]
        kept = [row for row in rows if row["meetings"] > 0]
        if kept:
            bulk.execute(session, insert(UnattributedTitle), kept)


def rebuild(session: Session) -> None:
    """Every title summed afresh from the series' rows (after they were rebuilt)."""
    bulk.execute(session, delete(UnattributedTitle))
    bulk.execute(session, insert(UnattributedTitle).from_select(["title", "meetings"], _by_title()))


def _by_title() -> Select:
    return (
        select(ReviewSeries.title, func.sum(ReviewSeries.meetings))
        .where(ReviewSeries.scope == EVERY_CALENDAR, ReviewSeries.partnership_id.is_(None))
        .group_by(ReviewSeries.title)
    )
