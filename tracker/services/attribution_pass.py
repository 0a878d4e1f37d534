"""Attributing every meeting again after the rules or overrides change: labels only, the time stays.

Who attended and for how long do not depend on the partnership, so a rule change updates the
meetings whose partnership changes and relabels their attendance rows, nothing more. Titles
repeat (a series is one title), so each distinct title is matched once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.attribution import Attribution, Rule, attribute, split_list
from ..store import meetings


def attribute_meetings(
    session: Session, rules: list[Rule], by_meeting: dict[int, Attribution], by_series: dict[str, Attribution]
) -> None:
    known: dict[tuple[str, str, bool], Attribution] = {}
    changed: dict[int, Attribution] = {}
    for mid, title, categories, private, series, partnership_id, reason in meetings.read_attribution_inputs(session):
        result = by_meeting.get(mid) or by_series.get(series)
        if result is None:
            key = (title, categories, private)
            if key not in known:
                known[key] = attribute(title, split_list(categories), rules, private=private)
            result = known[key]
        if (result.partnership_id, result.reason) != (partnership_id, reason):
            changed[mid] = result
    meetings.write_attributions(session, changed)
