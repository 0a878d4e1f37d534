"""Who attended a meeting, by the rules in the README. Pure.

A person's own calendar is authoritative for them over the span of days it covers;
elsewhere the attendee lists of the other copies decide. Declining takes a person out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from importers.exclusions import exclusion as exclusion  # the rule lives with the readers; re-exported

DECLINED = "DECLINED"


@dataclass(frozen=True)
class Copy:
    """One calendar's copy of the meeting: whose calendar, and whom it lists."""

    owner_id: int | None
    attendees: tuple[tuple[int, str | None], ...]  # (person_id, partstat) of registered people
    newest_first_rank: int = 0


@dataclass(frozen=True)
class Verdict:
    person_id: int
    attends: bool
    reason: str  # "own calendar", "invited", "declined", "not in own calendar"


def who_attended(
    day: date,
    copies: Sequence[Copy],
    own_spans: Mapping[int, Sequence[tuple[date, date]]],
) -> list[Verdict]:
    """A verdict for every registered person the meeting's copies mention."""
    ordered = sorted(copies, key=lambda c: c.newest_first_rank)
    people: list[int] = []
    for copy in ordered:
        for pid in ([copy.owner_id] if copy.owner_id is not None else []) + [p for p, _ in copy.attendees]:
            if pid not in people:
                people.append(pid)
    verdicts = []
    for pid in people:
        if any(start <= day <= end for start, end in own_spans.get(pid, ())):
            own = next((c for c in ordered if c.owner_id == pid), None)
            if own is None:
                verdicts.append(Verdict(pid, False, "not in own calendar"))
                continue
            partstat = next((s for p, s in own.attendees if p == pid), None)
            declined = (partstat or "").upper() == DECLINED
            verdicts.append(Verdict(pid, not declined, "declined" if declined else "own calendar"))
            continue
        partstat = None
        listed = False
        for copy in ordered:
            for p, s in copy.attendees:
                if p == pid:
                    listed, partstat = True, s
                    break
            if listed:
                break
        declined = (partstat or "").upper() == DECLINED
        verdicts.append(Verdict(pid, not declined, "declined" if declined else "invited"))
    return verdicts
