"""Bringing attributions and costed attendances up to date with what is stored: the one place that does it.

Every service that changes calendars, registers, rules or settings says what it touched
(``Touched``) and calls ``refresh`` once, at its end. Only those meetings are worked out
again, and only the people and days they affect, so an upload costs the same in an
organisation of fifty people or five thousand. ``rebuild`` works everything out afresh
(``tracker recompute``); a test proves that the two always leave the same tables.

Why that is exact: a person's share of double-booked time depends only on the meetings running at
the same moment, so recomputing the meetings that overlap what changed, and those that overlap them,
and so on, gives exactly what recomputing everything would.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..domain.costing import share_overlaps
from ..domain.local_time import local_day
from ..domain.rounding import cost_pence, pence, pounds, whole_seconds
from ..store import attendance_rows, bulk, meetings, monthly, statistics
from ..store.meetings import drop_empty, index_addresses, meetings_listing
from ..store.register_snapshot import RegisterSnapshot
from .attribution_pass import attribute_meetings
from .verdicts import (
    Context,
    Interval,
    Verdict,
    attribute_meeting,
    context,
    costed_intervals,
    work_out,
)

LONGEST_EVENT = timedelta(days=31)  # how far back a costed event may start and still reach a moment
REBUILD_SHARE = 0.5  # when a change reaches more than this share of all meetings, rebuild instead
GATHERED_BEFORE_ASKING = 50_000  # changed meetings an import holds before asking whether they are most
WORK_CHUNK = 2000  # meetings loaded at a time


@dataclass
class Touched:
    """What a change did, so that only what it can affect is worked out again."""

    meetings: set[int] = field(default_factory=set)  # a copy added, changed or taken out (gone ones too)
    spans: list[tuple[str, date, date]] = field(default_factory=list)  # (owner, days) their own calendar now covers
    registers_before: RegisterSnapshot | None = None  # the staff register before a change to it
    attribution: bool = False  # rules or overrides changed: attribute meetings again (the time stays)
    # Only corrections of these series and meetings changed (the rules did not): only their meetings are
    # attributed again. Both empty: every meeting is.
    corrected_series: set[str] = field(default_factory=set)
    corrected_meetings: set[int] = field(default_factory=set)
    everything: bool = False  # settings changed, or most meetings did: work everything out afresh
    asked_at: int = field(default_factory=lambda: GATHERED_BEFORE_ASKING)  # when ``gather`` next asks how many

    def gather(self, session: Session, changed: set[int]) -> None:
        """Add an import's changed meetings. Once they are most of those stored, ``refresh`` will work
        everything out afresh, so they are no longer kept: a locality's zip changes a million meetings, and
        their ids held 80 MB of the import's memory. Asked at doubling counts, so asking costs little."""
        if self.everything:
            return
        self.meetings |= changed
        if len(self.meetings) < self.asked_at:
            return
        if meetings.at_least(session, math.ceil(len(self.meetings) / REBUILD_SHARE)):
            self.asked_at = 2 * len(self.meetings)
        else:
            self.everything, self.meetings = True, set()


@contextmanager
def register_change(session: Session) -> Iterator[None]:
    """Around a change to the staff register, grades or on-costs: afterwards, the people whose pay or
    addresses it changed (and the meetings those addresses are on) are brought up to date."""
    before = RegisterSnapshot.load(session)
    yield
    bulk.write_pending(session)
    refresh(session, Touched(registers_before=before))


def refresh(session: Session, touched: Touched, registry: RegisterSnapshot | None = None) -> None:
    """Bring up to date what ``touched`` can affect. ``registry`` saves loading the staff register again."""
    if touched.everything:
        rebuild(session, registry)
        return
    if not (touched.meetings or touched.spans or touched.attribution or touched.registers_before):
        return  # nothing changed (an unchanged file again)
    ctx = context(session, registry or RegisterSnapshot.load(session))
    if touched.attribution:
        only = (touched.corrected_series, touched.corrected_meetings)
        attribute_meetings(session, ctx.rules, ctx.by_meeting, ctx.by_series, only=only if any(only) else None)
    paid: set[int] = set()  # whose pay changed
    standard: set[int] = set()  # whose standard rate changed
    wanted = set(touched.meetings)
    if touched.registers_before is not None:
        paid, keys = ctx.registry.changes_since(touched.registers_before)
        standard = ctx.registry.standard_changes(
            touched.registers_before, attendance_rows.financial_years(session), ctx.settings.productive_hours
        )
        wanted |= meetings_listing(session, keys)
    for owner, first, last in touched.spans:
        person = ctx.registry.person_for(owner, None)
        if person is not None:
            wanted |= meetings.meetings_listing_between(session, ctx.registry.keys_of(person), first, last)
    if not meetings.at_least(session, math.ceil(len(wanted) / REBUILD_SHARE)):  # wanted > share x all
        rebuild(session, ctx.registry)  # a bulk load: working everything out at once is quicker
        return
    monthly.worked_out(session, wanted)
    if touched.registers_before is not None:  # a calendar whose owner moved is in another manager's queue
        moved = ctx.registry.moved_since(touched.registers_before)
        monthly.worked_out(session, meetings_listing(session, {k for p in moved for k in ctx.registry.keys_of(p)}))
    before = attendance_rows.attended_by(session, wanted)
    drop_empty(session, touched.meetings)
    verdicts = _work_out(session, wanted, ctx, touched.meetings)
    seeds, had = _reached(wanted, before, verdicts, session)
    attending = _by_person(verdicts)
    for person, stretches in seeds.items():
        attends = {mid: verdicts[mid] for mid in attending.get(person, ())}
        _cost_person(session, ctx, person, stretches, attends, set(verdicts), had[person])
    for person in paid | standard:  # the seeded too: their rows outside the stretches reached keep old prices
        _reprice(session, ctx, person, pay=person in paid, at_standard=person in standard)
    monthly.bring_up_to_date(session)
    bulk.write_pending(session)


def _reached(
    wanted: set[int], before: list[attendance_rows.Costed], verdicts: dict[int, Verdict], session: Session
) -> tuple[dict[int, list[Interval]], dict[int, set[int]]]:
    """Whose time the worked-out meetings change, over which stretches, and which of their rows to replace.

    A person still costed at a meeting over the same stretch of time keeps their row (relabelled if the
    meeting now counts for another partnership): nothing of theirs changes. Everyone else, joining,
    leaving or moved, is recomputed around the stretch the meeting covered and the one it covers now.
    """
    was: dict[int, dict[int, attendance_rows.Costed]] = defaultdict(dict)
    for row in before:
        was[row.meeting_id][row.person_id] = row
    seeds: dict[int, list[Interval]] = defaultdict(list)
    had: dict[int, set[int]] = defaultdict(set)
    relabel: dict[int, int | None] = {}
    gone = Verdict(None, frozenset(), ())
    for mid in wanted:
        verdict = verdicts.get(mid, gone)
        now = (verdict.intervals[0][0], verdict.intervals[-1][1]) if verdict.intervals else None
        for person in was[mid].keys() | verdict.attending:
            old = was[mid].get(person)
            if old is not None and person in verdict.attending and (old.start, old.end) == now:
                if old.partnership_id != verdict.partnership_id:
                    relabel[mid] = verdict.partnership_id
                continue
            if old is not None:
                had[person].add(mid)
                seeds[person].append((old.start, old.end or old.start + timedelta(days=1)))
            if person in verdict.attending:
                seeds[person].extend(verdict.intervals)
    attendance_rows.relabel(session, relabel)
    return seeds, had


def attribute_only(session: Session, meeting_ids: set[int]) -> None:
    """Attribute these meetings (what a preview shows) without working out anyone's time."""
    ctx = context(session, RegisterSnapshot())
    for meeting in meetings.load_with_copies(session, meeting_ids):
        attribute_meeting(meeting, ctx)
    bulk.write_pending(session)


def rebuild(session: Session, registry: RegisterSnapshot | None = None) -> None:
    """Work out every attribution and attendance afresh from the stored copies, registers and settings."""
    ctx = context(session, registry or RegisterSnapshot.load(session))
    every = meetings.read_meeting_ids(session)
    drop_empty(session, every)
    verdicts = _work_out(session, every, ctx, None)
    attendance_rows.clear(session)
    # Each person's meetings by id, their verdicts looked up a person at a time: a locality's bulk load
    # holds a verdict for every meeting, and a dict a person of them as well doubled what it held.
    for person, ids in _by_person(verdicts).items():
        attendance_rows.add_unsummed(session, _rows(ctx, person, {mid: verdicts[mid] for mid in ids}))
    statistics.written(session, len(verdicts))
    monthly.rebuild(session)
    bulk.write_pending(session)


def _work_out(session: Session, ids: set[int], ctx: Context, index: set[int] | None) -> dict[int, Verdict]:
    """Each meeting worked out (and, for those in ``index``, or all when it is None, who it lists recorded),
    a chunk at a time: the objects a chunk loaded are let go once it is done, so a bulk load of a
    directorate's calendars holds verdicts, not a hundred thousand meetings with their copies."""
    verdicts: dict[int, Verdict] = {}
    for chunk in bulk.chunks(sorted(ids), WORK_CHUNK):
        held_before = meetings.held_in_session(session, chunk)  # what the caller holds stays attached
        loaded = meetings.load_with_copies(session, set(chunk))
        index_addresses(session, [m for m in loaded if index is None or m.id in index])
        costed = _costed_at(session, [m.id for m in loaded if m.retired_on is not None])
        verdicts.update((m.id, work_out(m, ctx, costed.get(m.id, frozenset()))) for m in loaded)
        meetings.let_go(session, loaded, keep=held_before)  # with the attributions work_out wrote
    return verdicts


def _costed_at(session: Session, retired: list[int]) -> dict[int, frozenset[int]]:
    """Who is costed at each retired meeting now: what its verdict keeps, as its lists are gone."""
    people: dict[int, set[int]] = defaultdict(set)
    for row in attendance_rows.attended_by(session, retired):
        people[row.meeting_id].add(row.person_id)
    return {mid: frozenset(held) for mid, held in people.items()}


def _by_person(verdicts: dict[int, Verdict]) -> dict[int, list[int]]:
    """The worked-out meetings each person is costed at, by id, in the verdicts' order."""
    people: dict[int, list[int]] = defaultdict(list)
    for meeting_id, verdict in verdicts.items():
        for person in verdict.attending:
            people[person].append(meeting_id)
    return people


def _days_of(intervals: Iterable[Interval]) -> set[date]:
    """The local days some stretch of costed time falls on."""
    days: set[date] = set()
    for start, end in intervals:
        day, last = local_day(start), local_day(max(start, end - timedelta(microseconds=1)))
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def _cost_person(
    session: Session,
    ctx: Context,
    person: int,
    seeds: list[Interval],
    attends: dict[int, Verdict],
    worked_out: set[int],
    had: set[int],
) -> None:
    """Work out again the person's meetings that run at the same time as what changed, the meetings that
    run at the same time as those, and so on: a share of double-booked time depends on nothing else.
    ``attends`` are the worked-out meetings the person is costed at, ``worked_out`` all that were."""
    seeded = _ByDay(seeds)
    involved = {mid: v for mid, v in attends.items() if mid in had or seeded.meets(v.intervals)}
    frontier = _ByDay([*seeds, *(iv for v in involved.values() for iv in v.intervals)])
    held: dict[int, Verdict] = {}
    loaded: tuple[date, date] | None = None
    while frontier.days:
        first, last = min(frontier.days) - LONGEST_EVENT, max(frontier.days)
        if loaded is None or first < loaded[0] or last > loaded[1]:  # read the person's rows once, widening
            loaded = (min(first, loaded[0]), max(last, loaded[1])) if loaded else (first, last)
            held = {
                h.meeting_id: Verdict(
                    h.partnership_id, frozenset(), costed_intervals(h.start, h.end, h.all_day, ctx.settings)
                )
                for h in attendance_rows.held_between(session, person, *loaded)
                if h.meeting_id not in worked_out
            }
        added = {
            mid: v for mid, v in {**held, **attends}.items() if mid not in involved and frontier.meets(v.intervals)
        }
        involved.update(added)
        frontier = _ByDay([iv for v in added.values() for iv in v.intervals])
    attendance_rows.replace(session, person, set(involved) | had, _rows(ctx, person, involved))


class _ByDay:
    """Stretches of time filed under the local days they touch, to find what runs at the same moment."""

    def __init__(self, intervals: Iterable[Interval]) -> None:
        self.on: dict[date, list[Interval]] = defaultdict(list)
        for interval in intervals:
            for day in _days_of([interval]):
                self.on[day].append(interval)
        self.days = set(self.on)

    def meets(self, intervals: Iterable[Interval]) -> bool:
        """Whether any of these runs at the same moment as a filed stretch (or is the same zero-length one)."""
        return any(
            (a < d and c < b) or (a, b) == (c, d)
            for a, b in intervals
            for day in _days_of([(a, b)])
            for c, d in self.on.get(day, ())
        )


def _rows(ctx: Context, person: int, held: dict[int, Verdict]) -> list[dict]:
    """A person's attendance rows for these meetings, sharing overlapping time equally between them."""
    hours = share_overlaps([(mid, start, end) for mid, v in held.items() for start, end in v.intervals])
    rows = []
    for mid, verdict in held.items():
        start, end = verdict.intervals[0][0], verdict.intervals[-1][1]
        day = local_day(start)
        rows.append(
            {
                "meeting_id": mid,
                "person_id": person,
                "partnership_id": verdict.partnership_id,
                "start": start,
                "end": end,
                "local_day": day,
                "month": day.replace(day=1),
                "seconds": (seconds := whole_seconds(hours[mid])),
                **_prices(ctx, person, day, seconds),
            }
        )
    return rows


PAY_COLUMNS = ("hourly_rate", "cost", "rate_basis")
STANDARD_COLUMNS = ("standard_rate", "standard_cost")


def _reprice(session: Session, ctx: Context, person: int, *, pay: bool, at_standard: bool) -> None:
    """A person's pay or their grade's standard rate changed but not their time: each row priced again at
    what changed only. A pay change writes no standard cost, so not even its last digit can move."""
    columns = (PAY_COLUMNS if pay else ()) + (STANDARD_COLUMNS if at_standard else ())
    prices = [
        {"id": row_id, **{k: v for k, v in _prices(ctx, person, day, seconds).items() if k in columns}}
        for row_id, day, seconds in attendance_rows.priced(session, person)
    ]
    attendance_rows.set_prices(session, prices)


def _prices(ctx: Context, person: int, day: date, seconds: int) -> dict:
    """A row's rate and cost at the person's pay, and at their grade's standard rate: each where there is
    one, and neither depending on the other (a salary changes no standard cost). Each rate is rounded once
    to the penny and each cost once from the row's seconds at it (``domain.rounding``)."""
    rate, basis = ctx.registry.rate(person, day, ctx.settings.productive_hours)
    standard = ctx.registry.standard_rate(person, day, ctx.settings.productive_hours)
    rate_pence = None if rate is None else pence(rate)
    standard_pence = None if standard is None else pence(standard)
    return {
        "hourly_rate": None if rate_pence is None else pounds(rate_pence),
        "cost": None if rate_pence is None else pounds(cost_pence(seconds, rate_pence)),
        "rate_basis": basis,
        "standard_rate": None if standard_pence is None else pounds(standard_pence),
        "standard_cost": None if standard_pence is None else pounds(cost_pence(seconds, standard_pence)),
    }
