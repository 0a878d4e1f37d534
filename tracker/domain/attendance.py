"""Who attended a meeting, by the rules in the README. Pure.

A person's own calendar is authoritative for them over the span of days it covers;
elsewhere the attendee lists of the other copies decide. Declining takes a person out, and so does
a cancellation or "free" in their own copy; another person's copy never cancels a meeting for them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from importers.exclusions import Excludable, ends_before_start
from importers.exclusions import exclusion as exclusion  # the rule lives with the readers; re-exported

DECLINED = "DECLINED"


@dataclass(frozen=True)
class Standing:
    """What one calendar says of a meeting besides who attends: its STATUS (``CANCELLED``...) and
    whether it is shown as free (TRANSP:TRANSPARENT, Outlook's "Show time as" free)."""

    status: str | None = None
    transparent: bool = False


@dataclass(frozen=True)
class Copy:
    """One calendar's copy of the meeting: whose calendar, whom it lists, and what it says of it."""

    owner_id: int | None
    attendees: tuple[tuple[int, str | None], ...]  # (person_id, partstat) of registered people
    newest_first_rank: int = 0
    standing: Standing = Standing()


def standing_for(person_id: int, copies: Sequence[Copy], shown: Standing) -> Standing:
    """Whether the meeting is cancelled or free for this person: as their own calendar's copy says,
    when one was imported; otherwise as the meeting shows (its newest copy).

    Their own copy decides whatever another copy says, either way: someone else's calendar may hold
    a cancelled meeting that is not theirs (or an older, un-cancelled one), and their own calendar is
    the record of what they gave their time to (as it is for declining, in ``who_attended``)."""
    own = next((c for c in sorted(copies, key=lambda c: c.newest_first_rank) if c.owner_id == person_id), None)
    return own.standing if own is not None else shown


@dataclass(frozen=True)
class Verdict:
    person_id: int
    attends: bool
    reason: str  # "own calendar", "invited", "declined", "not in own calendar"


def excluded_for(meeting: Excludable, standing: Standing, counted: Collection[str]) -> str | None:
    """Why nobody with this ``standing`` (``standing_for``) is costed at the meeting: its
    status and "free" as that person's calendar says, everything else as the meeting is."""
    return exclusion(
        status=standing.status,
        private=meeting.private,
        all_day=meeting.all_day,
        transparent=standing.transparent,
        negative=ends_before_start(meeting.start, meeting.end),
        counted=counted,
    )


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
