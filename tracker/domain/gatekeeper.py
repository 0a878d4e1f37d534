"""The gatekeeper: a proposed partnership's projected cost, and the questions to answer before it is set up.

Reviews of partnership working asked that every proposal be examined before a partnership is created:
does the issue really need several organisations at once, could one (or two jointly) deliver it more
simply, which existing partnership could take it on, what results will it report and when will it be
reviewed. Pure.

A year is 52 weeks, as people count meetings and as scenarios scale what was observed (``annual``): weekly
is 52 a year, every 4 weeks 13, monthly 12, quarterly 4. A place is one person's seat at every meeting: a
named person, or an unnamed place at a grade.

A proposal named like an existing partnership, or for much the same purpose, is warned about, never
refused: the gatekeeper decides whether the existing one could take it on (``alike``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import annual
from .attribution import keyword_words, split_list
from .overlap import purpose_likeness

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


class ProposalError(ValueError):
    pass


def meetings_a_year(every: str) -> Decimal:
    """``N-weeks`` (every N weeks: 52/N a year), ``week``, ``fortnight``, ``month`` or ``quarter``."""
    found = FREQUENCY.match(every or "")
    if not found:
        raise ProposalError(f"{every!r} is not a frequency: write N-weeks (such as 4-weeks), month or quarter")
    weeks, named = found.groups()
    if named:
        return annual.NAMED[named.lower()]
    if int(weeks) < 1:
        raise ProposalError("meetings cannot be less than a week apart here: write 1-weeks for weekly")
    return annual.every_weeks(int(weeks))


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
    """A proposal's year: ``cost`` is None when any place has no rate at the basis shown, and
    ``unrated`` says which places those are, so a page or the shell can name them."""

    meetings: Decimal  # a year
    hours_each: Decimal
    places: tuple[Place, ...]
    sub_groups: int = 0  # shown, not costed: each needs senior time of its own
    people_costed: int = 0  # the register's people whose rates the cost is made of: who it covers
    every: str = ""  # the frequency asked for (``meetings_a_year``), which its basis line names

    @property
    def basis(self) -> str:
        """What its figures a year are made of, said beside them: "a year: every 4 weeks = 13 meetings ×
        1.5 h × 5 places"."""
        meetings = (
            annual.nominal_basis(frequency_words(self.every), self.meetings)
            if FREQUENCY.match(self.every)
            else f"a year: {annual.number(self.meetings)} meetings"
        )
        places = len(self.places)
        return f"{meetings} × {annual.number(self.hours_each)} h × {places} place{'s' if places != 1 else ''}"

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

    def unrated(self) -> tuple[tuple[str, int], ...]:
        """The unnamed places with no rate, as (grade, how many), in the order given."""
        counts: dict[str, int] = {}
        for p in self.places:
            if p.rate is None and p.person is None:
                counts[p.grade] = counts.get(p.grade, 0) + 1
        return tuple(counts.items())

    def unrated_people(self) -> tuple[int, ...]:
        """The named members with no rate (no salary, and a grade with no rate at the basis shown)."""
        return tuple(p.person for p in self.places if p.rate is None and p.person is not None)

    def person_hours(self) -> dict[int, Decimal]:
        """Each named member's hours a year: what overlap with existing partnerships is measured on."""
        return {p.person: self.meetings * self.hours_each for p in self.places if p.person is not None}


def project(
    meetings: Decimal,
    hours_each: Decimal,
    places: Sequence[Place],
    sub_groups: int = 0,
    people_costed: int = 0,
    every: str = "",
) -> Projection:
    """A proposal's year. The length is checked against a day, not ``SHORTEST``..``LONGEST``: a proposal
    stored before that range was set still shows its figures (new ones are held to it on entry)."""
    if hours_each <= 0 or hours_each > 24:
        raise ProposalError(f"each meeting must last more than 0 and at most 24 hours, not {hours_each}")
    if not places:
        raise ProposalError("name at least one member, or a place by grade")
    return Projection(meetings, hours_each, tuple(places), sub_groups, people_costed, every)


# What a meeting of a proposed partnership may last, in hours: a quarter of an hour (a board meets for no
# less) to a working day (an away-day is the longest a board sits at once; 24 hours a meeting is a typing
# slip, not a plan). Said in the form's hint, the shell's help and every message about it.
SHORTEST, LONGEST = Decimal("0.25"), Decimal("8")
HOURS_RANGE = f"between {SHORTEST} and {LONGEST} hours"
MAX_PLACES = 50  # unnamed places at one grade: a body larger than this names its members
PURPOSE_ALIKE = Decimal("0.5")  # purpose similarity at which a proposal is warned about: half the words shared

# Words of a partnership's name that say what kind of body it is, not what it is for: "Town Centre Forum"
# is named like "Town Centre Board". With the small words, left out when names are compared.
NAME_FILLER = frozenset(
    """
    a an and the of for in on to with at by
    alliance board committee forum group meeting network panel partnership steering subgroup sub task
    taskforce team
    """.split()
)


def name_words(name: str) -> frozenset[str]:
    """The words of a name that say what it is for: lower case, "&" read as "and", kind-of-body and
    small words left out, a plural "s" dropped so "Carers Board" is named like "Carer Partnership"."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")):
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word not in NAME_FILLER and len(word) > 1:
            words.add(word)
    return frozenset(words)


def names_alike(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two names' words (``name_words``) are alike when they are the same, or the shorter's two or more
    words are all in the longer ("Community Safety" and "Community Safety and Crime Board")."""
    if not first or not second:
        return False
    if first == second:
        return True
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= 2 and shorter <= longer


def purpose_text(purpose: str, keywords: str | None = "") -> str:
    """A partnership's purpose and plain keywords as purpose similarity compares them: the same text the
    map and a proposal's table of overlaps weigh (``overlap.purpose_likeness``). Each keyword on its own
    line, so its first word is taken as opening it."""
    return "\n".join([purpose or "", *keyword_words(keywords)])


@dataclass(frozen=True)
class Existing:
    """An existing partnership as a proposal is compared with it."""

    id: int
    name: str
    purpose: str
    keywords: str  # the register's ``;``-separated cell


@dataclass(frozen=True)
class Likeness:
    """An existing partnership a proposal is like: by name, by purpose (similarity ``PURPOSE_ALIKE`` or
    more), or both. A warning for the gatekeeper, not a reason to refuse."""

    partnership_id: int
    partnership: str
    by_name: bool
    purpose_similarity: Decimal

    @property
    def by_purpose(self) -> bool:
        return self.purpose_similarity >= PURPOSE_ALIKE

    def words(self, similarity: str) -> str:
        """What it is alike in, as a page and the shell say it; ``similarity`` is the figure as shown."""
        said = []
        if self.by_name:
            said.append("a name like this one")
        if self.by_purpose:
            said.append(f"a purpose like this one (purpose similarity {similarity})")
        return " and ".join(said)


def alike(name: str, purpose: str, existing: Sequence[Existing]) -> list[Likeness]:
    """The existing partnerships a proposal is named like (its name against each one's name and each of
    its keywords, which are what meeting titles are matched by) or whose purpose is like its own; by
    name first, then the most similar purpose, then by name."""
    mine, text = name_words(name), purpose_text(purpose)
    found = []
    for other in existing:
        named = names_alike(mine, name_words(other.name)) or any(
            names_alike(mine, name_words(keyword))
            for keyword in split_list(other.keywords)
            if not keyword.lower().startswith("re:")  # a pattern, not a name
        )
        similarity = purpose_likeness(text, purpose_text(other.purpose, other.keywords)).similarity
        if named or similarity >= PURPOSE_ALIKE:
            found.append(Likeness(other.id, other.name, named, similarity))
    return sorted(found, key=lambda f: (not f.by_name, -f.purpose_similarity, f.partnership))
