"""The gatekeeper: a proposed partnership's projected cost, and the questions to answer before it is set up.

Reviews of partnership working asked that every proposal be examined before a partnership is created:
does the issue really need several organisations at once, could one (or two jointly) deliver it more
simply, which existing partnership could take it on, what results will it report and when will it be
reviewed. Pure.

A year is 52 weeks here, as people count meetings: weekly is 52 a year, every 4 weeks 13, monthly 12,
quarterly 4. A place is one person's seat at every meeting: a named person, or an unnamed place at a grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

QUESTIONS = {
    "needs_many": "Does the issue really need several organisations working on it at the same time?",
    "simpler": "Could one organisation, or two working jointly, deliver it more simply?",
    "existing": "Which existing partnership could take it on instead?",
    "results": "What results will it report: who will be better off, and how will we know?",
}
DECISIONS = {
    "approve": "Approve",
    "approve_with_changes": "Approve with changes",
    "refer": "Refer to an existing partnership",
    "decline": "Decline",
}
FREQUENCY = re.compile(r"^\s*(?:(\d{1,2})-weeks?|(week|fortnight|month|quarter))\s*$", re.IGNORECASE)
PER_YEAR = {"week": Decimal(52), "fortnight": Decimal(26), "month": Decimal(12), "quarter": Decimal(4)}


class ProposalError(ValueError):
    pass


def meetings_a_year(every: str) -> Decimal:
    """``N-weeks`` (every N weeks: 52/N a year), ``week``, ``fortnight``, ``month`` or ``quarter``."""
    found = FREQUENCY.match(every or "")
    if not found:
        raise ProposalError(f"{every!r} is not a frequency: write N-weeks (such as 4-weeks), month or quarter")
    weeks, named = found.groups()
    if named:
        return PER_YEAR[named.lower()]
    if int(weeks) < 1:
        raise ProposalError("meetings cannot be less than a week apart here: write 1-weeks for weekly")
    return Decimal(52) / int(weeks)


def frequency_words(every: str) -> str:
    weeks, named = FREQUENCY.match(every).groups()  # type: ignore[union-attr]
    if named:
        return {"week": "weekly", "fortnight": "fortnightly", "month": "monthly", "quarter": "quarterly"}[named.lower()]
    return "weekly" if int(weeks) == 1 else f"every {int(weeks)} weeks"


@dataclass(frozen=True)
class Place:
    """A seat at every meeting: ``person`` (an id) named, or an unnamed place at ``grade``."""

    person: int | None
    grade: str
    rate: Decimal | None  # hourly, at the basis being shown; None: cannot be costed


@dataclass(frozen=True)
class Projection:
    meetings: Decimal  # a year
    hours_each: Decimal
    places: tuple[Place, ...]
    sub_groups: int = 0  # shown, not costed: each needs senior time of its own
    people_costed: int = 0  # the register's people whose rates the cost is made of: who it covers

    @property
    def hours(self) -> Decimal:
        """Senior hours a year: meetings x length x places."""
        return self.meetings * self.hours_each * len(self.places)

    @property
    def cost(self) -> Decimal | None:
        """A year's cost: each place's hours at its rate; None if any place has no rate."""
        rates = [p.rate for p in self.places]
        if any(r is None for r in rates):
            return None
        return sum((self.meetings * self.hours_each * r for r in rates if r is not None), Decimal(0))

    def person_hours(self) -> dict[int, Decimal]:
        """Each named member's hours a year: what overlap with existing partnerships is measured on."""
        return {p.person: self.meetings * self.hours_each for p in self.places if p.person is not None}


def project(
    meetings: Decimal, hours_each: Decimal, places: Sequence[Place], sub_groups: int = 0, people_costed: int = 0
) -> Projection:
    if hours_each <= 0 or hours_each > 24:
        raise ProposalError("each meeting must last more than 0 and at most 24 hours")
    if not places:
        raise ProposalError("name at least one member, or a place by grade")
    return Projection(meetings, hours_each, tuple(places), sub_groups, people_costed)
