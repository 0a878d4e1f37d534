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
    session: Session,
    rules: list[Rule],
    by_meeting: dict[int, Attribution],
    by_series: dict[str, Attribution],
    *,
    only: tuple[set[str], set[int]] | None = None,
) -> None:
    """Attribute every meeting again, or ``only`` those of these series and these meetings: a correction
    changes nothing else, so a reviewer's save reads a few series, not the whole organisation's meetings."""
    known: dict[tuple[str, str, bool], Attribution] = {}
    changed: dict[int, Attribution] = {}
    inputs = meetings.read_attribution_inputs(session, only=only)
    for mid, title, categories, private, series, partnership_id, reason in inputs:
        result = by_meeting.get(mid) or by_series.get(series)
        if result is None:
            key = (title, categories, private)
            if key not in known:
                known[key] = attribute(title, split_list(categories), rules, private=private)
            result = known[key]
        if (result.partnership_id, result.reason) != (partnership_id, reason):
            changed[mid] = result
    meetings.write_attributions(session, changed)
