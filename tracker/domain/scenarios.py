"""What a change to the partnership map would save, modelled before anything changes. Pure.

Every scenario starts from a year of the partnerships as they are: each person's hours and cost in each
(a period's figures scaled to a year, ``annual``), how many meetings each holds a year and its scheduled
slot: how long its meetings are booked for on average (end - start, each meeting once). The slot, not the
average seat: a person booked into two meetings at once has the overlap shared between them, so their
seat is shorter than the meeting, and a board modelled at its average seat would meet for less time than
anyone booked. A scenario says what the year would be instead:

- **stop**: the partnership no longer meets; all of its time is freed.
- **less often**: it meets ``meetings`` times a year; every seat scales by new meetings / old.
- **shorter**: its meetings last ``hours``; every seat scales by new length / its scheduled slot.
- **deputy**: one person sends a deputy of another grade; their hours are freed, the deputy's time costs
  the same hours at the deputy's rate, so the money saved is the difference.
- **merge**: two or more partnerships become one board of the union of their members (or a chosen few of
  them), meeting as often as the most frequent of them for as long as the longest scheduled slot, unless
  told otherwise; each member sits the whole meeting, costed at their own rate over the merged partnerships.
- **send one**: each organisation sends one person to each meeting; the first of each ``Delegation`` stays
  (its reader puts first the one whose time is longest, of those the dearest), the others' time is freed.

Costs are at whichever basis the figures were read at; a cost is None where some time has no rate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .local_time import ZONE

KINDS = {
    "merge": "Merge partnerships",
    "less_often": "Meet less often",
    "shorter": "Shorter meetings",
    "deputy": "A deputy attends instead",
    "stop": "Stop a partnership",
    "send_one": "One person per organisation",
}


@dataclass(frozen=True)
class Seat:
    """A person's time in one partnership over a year."""

    partnership: int
    person: int
    hours: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class Board:
    """A partnership over a year: meetings held, its scheduled slot (the average booked length of those
    meetings, in hours, each meeting once whoever attended) and who sat, for how long."""

    id: int
    meetings: Decimal
    slot: Decimal
    seats: tuple[Seat, ...]


def scheduled_hours(start: datetime, end: datetime, all_day: bool) -> Decimal:
    """How long a meeting is booked for, in hours, from its costed start and end: a timed meeting's end -
    start; an all-day event (costed as a working day from 09:00 on each of its days, ``costed_intervals``)
    its days x that working day, not the nights between."""
    if not all_day:
        return Decimal(int((end - start).total_seconds())) / 3600
    first, last = start.astimezone(ZONE), end.astimezone(ZONE)
    days = (last.date() - first.date()).days + 1
    day = last - datetime.combine(last.date(), first.time(), ZONE)
    return days * Decimal(int(day.total_seconds())) / 3600


def slot(lengths: Sequence[Decimal]) -> Decimal:
    """A partnership's scheduled slot: the average booked length of its meetings, each meeting once."""
    return sum(lengths, Decimal(0)) / len(lengths) if lengths else Decimal(0)


@dataclass(frozen=True)
class Delegation:
    """The people of one organisation at one meeting: (person, hours, cost) each, the one who stays first."""

    partnership: int
    meeting: int
    members: tuple[tuple[int, Decimal, Decimal | None], ...]


@dataclass(frozen=True)
class Freed:
    person: int
    hours: Decimal
    cost: Decimal | None


@dataclass(frozen=True)
class Outcome:
    """A year before and after, and whose senior time the change frees (most hours first)."""

    hours_before: Decimal
    cost_before: Decimal | None
    hours_after: Decimal
    cost_after: Decimal | None
    freed: tuple[Freed, ...] = field(default=())
    people_before: int = 0  # whose time each cost covers: before, after (a deputy counts as one)
    people_after: int = 0

    @property
    def fewest_people(self) -> int:
        """The fewest people any of its costs covers (an empty "after" reveals nothing): a cost figure may
        be shown only if this many people is enough, or the others would give it away by subtraction."""
        counts = [self.people_before, len(self.freed), *([self.people_after] if self.people_after else [])]
        return min(counts)

    @property
    def hours_saved(self) -> Decimal:
        return self.hours_before - self.hours_after

    @property
    def cost_saved(self) -> Decimal | None:
        if self.cost_before is None or self.cost_after is None:
            return None
        return self.cost_before - self.cost_after


class ScenarioError(ValueError):
    """A scenario that cannot be modelled, and why, in words for its form."""


def _cost(values: Iterable[Decimal | None]) -> Decimal | None:
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _outcome(before: Sequence[Seat], after: Sequence[Seat]) -> Outcome:
    """Totals of the seats before and after, and each person's hours and cost freed between them."""
    was: dict[int, list[Seat]] = defaultdict(list)
    now: dict[int, list[Seat]] = defaultdict(list)
    for seat in before:
        was[seat.person].append(seat)
    for seat in after:
        now[seat.person].append(seat)
    people_before, people_after = len(was), len(now)  # before the lookups below add empty lists
    freed = []
    for person in set(was) | set(now):
        hours = sum((s.hours for s in was[person]), Decimal(0)) - sum((s.hours for s in now[person]), Decimal(0))
        then, later = _cost(s.cost for s in was[person]), _cost(s.cost for s in now[person])
        cost = None if then is None or later is None else then - later
        if hours or cost:
            freed.append(Freed(person, hours, cost))
    freed.sort(key=lambda f: (-f.hours, f.person))
    return Outcome(
        sum((s.hours for s in before), Decimal(0)),
        _cost(s.cost for s in before),
        sum((s.hours for s in after), Decimal(0)),
        _cost(s.cost for s in after),
        tuple(freed),
        people_before,
        people_after,
    )


def _scaled(board: Board, factor: Decimal) -> list[Seat]:
    return [
        Seat(s.partnership, s.person, s.hours * factor, None if s.cost is None else s.cost * factor)
        for s in board.seats
    ]


def stop(board: Board) -> Outcome:
    return _outcome(board.seats, [])


def less_often(board: Board, meetings: Decimal) -> Outcome:
    if meetings < 0:
        raise ScenarioError("meetings a year cannot be negative")
    if not board.meetings:
        raise ScenarioError("it held no meetings in the period to scale from")
    return _outcome(board.seats, _scaled(board, meetings / board.meetings))


def shorter(board: Board, hours: Decimal) -> Outcome:
    if hours <= 0:
        raise ScenarioError("a meeting must last some time: stop the partnership instead")
    if not board.slot:
        raise ScenarioError("it held no meetings in the period to scale from")
    return _outcome(board.seats, _scaled(board, hours / board.slot))


def deputy(board: Board, person: int, deputy_rate: Decimal | None) -> Outcome:
    """``person``'s seat is taken by a deputy at ``deputy_rate`` an hour (None: no rate known)."""
    seats = [s for s in board.seats if s.person == person]
    if not seats:
        raise ScenarioError("that person does not attend this partnership in the period")
    (seat,) = seats
    others = [s for s in board.seats if s.person != person]
    stand_in = Seat(board.id, -1, seat.hours, None if deputy_rate is None else seat.hours * deputy_rate)
    outcome = _outcome(board.seats, [*others, stand_in])
    # The deputy's time is not senior time freed or spent: only the person they stand in for is listed.
    freed = tuple(f for f in outcome.freed if f.person != -1)
    return Outcome(
        outcome.hours_before,
        outcome.cost_before,
        outcome.hours_after,
        outcome.cost_after,
        freed,
        outcome.people_before,
        outcome.people_after,
    )


def merge(
    boards: Sequence[Board],
    members: Sequence[int] | None = None,
    meetings: Decimal | None = None,
    hours: Decimal | None = None,
) -> Outcome:
    """One board in place of ``boards``: ``members`` (default: everyone who sits on any of them) at
    ``meetings`` a year of ``hours`` each (``merged_board``), each sitting the whole of every meeting."""
    held, length = merged_board(boards, meetings, hours)
    before = [s for b in boards for s in b.seats]
    sitting = {s.person for s in before}
    chosen = sorted(sitting) if not members else list(dict.fromkeys(members))
    strangers = [m for m in chosen if m not in sitting]
    if strangers:
        raise ScenarioError("the merged board's members must sit on at least one of the partnerships merged")
    rates: dict[int, Decimal | None] = {}
    for person in chosen:
        seats = [s for s in before if s.person == person]
        spent, cost = sum((s.hours for s in seats), Decimal(0)), _cost(s.cost for s in seats)
        rates[person] = None if cost is None or not spent else cost / spent
    merged = -min(b.id for b in boards)  # the new board has no id of its own
    after = [
        Seat(merged, p, held * length, None if rates[p] is None else held * length * rates[p])  # type: ignore[operator]
        for p in chosen
    ]
    return _outcome(before, after)


def merged_board(
    boards: Sequence[Board], meetings: Decimal | None = None, hours: Decimal | None = None
) -> tuple[Decimal, Decimal]:
    """The merged board's meetings a year (default: the most any of ``boards`` held) and their length in
    hours (default: the longest scheduled slot of them)."""
    if len(boards) < 2:
        raise ScenarioError("choose at least two partnerships to merge")
    held = max(b.meetings for b in boards) if meetings is None else meetings
    length = max(b.slot for b in boards) if hours is None else hours
    if held < 0 or length <= 0:
        raise ScenarioError("the merged board must meet for some time")
    return held, length


def send_one(delegations: Sequence[Delegation]) -> Outcome:
    """Each delegation keeps its first member; the others' time is freed."""
    before, after = [], []
    for d in delegations:
        for n, (person, hours, cost) in enumerate(d.members):
            seat = Seat(d.partnership, person, hours, cost)
            before.append(seat)
            if n == 0:
                after.append(seat)
    return _outcome(before, after)
