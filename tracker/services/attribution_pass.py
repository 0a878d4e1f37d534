"""Attributing every meeting again after the rules or overrides change: labels only, the time stays.

Who attended and for how long do not depend on the partnership, so a rule change updates the
meetings whose partnership changes and relabels their attendance rows, nothing more. Titles
repeat (a series is one title), so each distinct title is matched once.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain.attribution import Attribution, Rule, attribute, split_list
from ..models import Meeting
from ..store import attendance_rows


def attribute_meetings(
    session: Session, rules: list[Rule], by_meeting: dict[int, Attribution], by_series: dict[str, Attribution]
) -> None:
    query = select(
        Meeting.id,
        Meeting.title,
        Meeting.categories,
        Meeting.private,
        Meeting.series_key,
        Meeting.partnership_id,
        Meeting.attribution,
    )
    session.flush()  # the rows are updated in bulk below: write pending changes first, then forget loaded ones
    known: dict[tuple[str, str, bool], Attribution] = {}
    changed: dict[int, Attribution] = {}
    for mid, title, categories, private, series, partnership_id, reason in session.execute(query):
        result = by_meeting.get(mid) or by_series.get(series)
        if result is None:
            key = (title, categories, private)
            if key not in known:
                known[key] = attribute(title, split_list(categories), rules, private=private)
            result = known[key]
        if (result.partnership_id, result.reason) != (partnership_id, reason):
            changed[mid] = result
    rows = [{"id": mid, "partnership_id": a.partnership_id, "attribution": a.reason} for mid, a in changed.items()]
    for i in range(0, len(rows), 1000):
        session.execute(update(Meeting), rows[i : i + 1000])
    attendance_rows.relabel(session, {mid: a.partnership_id for mid, a in changed.items()})
    session.expire_all()
