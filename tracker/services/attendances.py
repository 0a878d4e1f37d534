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

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.attendance import Copy, exclusion, who_attended
from ..domain.attribution import Attribution, Rule, attribute, split_list
from ..domain.costing import share_overlaps
from ..domain.local_time import ZONE, local_day
from ..domain.settings import Settings
from ..domain.tree import walk
from ..models import AttributionOverride, CalendarImport, Meeting, MeetingAddress, Partnership
from ..store import attendance_rows
from ..store.meetings import drop_empty, index_addresses, meetings_listing, newest
from ..store.register_snapshot import RegisterSnapshot
from ..store.settings import load_settings
from .attribution_pass import attribute_meetings

Interval = tuple[datetime, datetime]
LONGEST_EVENT = timedelta(days=31)  # how far back a costed event may start and still reach a moment


@dataclass
class Touched:
    """What a change did, so that only what it can affect is worked out again."""

    meetings: set[int] = field(default_factory=set)  # a copy added, changed or taken out (gone ones too)
    spans: list[tuple[str, date, date]] = field(default_factory=list)  # (owner, days) their own calendar now covers
    registers_before: RegisterSnapshot | None = None  # the staff register before a change to it
    attribution: bool = False  # rules or overrides changed: attribute meetings again (the time stays)
    everything: bool = False  # settings changed: work everything out afresh


@dataclass
class _Context:
    settings: Settings
    registry: RegisterSnapshot
    rules: list[Rule]
    by_meeting: dict[int, Attribution]
    by_series: dict[str, Attribution]
    spans: dict[int, list[tuple[date, date]]]


@dataclass(frozen=True)
class _Verdict:
    """One meeting worked out: its partnership, who is costed at it, over which stretches of time."""

    partnership_id: int | None
    attending: frozenset[int]
    intervals: tuple[Interval, ...]


@contextmanager
def register_change(session: Session) -> Iterator[None]:
    """Around a change to the staff register, grades or on-costs: afterwards, the people whose pay or
    addresses it changed (and the meetings those addresses are on) are brought up to date."""
    before = RegisterSnapshot.load(session)
    yield
    session.flush()
    refresh(session, Touched(registers_before=before))


def refresh(session: Session, touched: Touched, registry: RegisterSnapshot | None = None) -> None:
    """Bring up to date what ``touched`` can affect. ``registry`` saves loading the staff register again."""
    if touched.everything:
        rebuild(session, registry)
        return
    ctx = _context(session, registry or RegisterSnapshot.load(session))
    if touched.attribution:
        attribute_meetings(session, ctx.rules, ctx.by_meeting, ctx.by_series)
    priced: set[int] = set()
    wanted = set(touched.meetings)
    if touched.registers_before is not None:
        priced, keys = ctx.registry.changes_since(touched.registers_before)
        wanted |= meetings_listing(session, keys)
    for owner, first, last in touched.spans:
        person = ctx.registry.person_for(owner, None)
        if person is not None:
            wanted |= _listing_person_between(session, ctx.registry.keys_of(person), first, last)
    before = attendance_rows.attended_by(session, wanted)
    drop_empty(session, touched.meetings)
    meetings = _load(session, wanted)
    index_addresses(session, [m for m in meetings if m.id in touched.meetings])
    verdicts = {m.id: _work_out(m, ctx) for m in meetings}
    seeds, had = _reached(wanted, before, verdicts, session)
    for person, stretches in seeds.items():
        _cost_person(session, ctx, person, stretches, verdicts, had[person])
    for person in priced - seeds.keys():
        _reprice(session, ctx, person)
    session.flush()


def _reached(
    wanted: set[int], before: list[attendance_rows.Costed], verdicts: dict[int, _Verdict], session: Session
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
    gone = _Verdict(None, frozenset(), ())
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
    ctx = _context(session, RegisterSnapshot())
    for meeting in _load(session, meeting_ids):
        _attribute(meeting, ctx)
    session.flush()


def rebuild(session: Session, registry: RegisterSnapshot | None = None) -> None:
    """Work out every attribution and attendance afresh from the stored copies, registers and settings."""
    ctx = _context(session, registry or RegisterSnapshot.load(session))
    every = set(session.scalars(select(Meeting.id)))
    drop_empty(session, every)
    meetings = _load(session, every)
    index_addresses(session, meetings)
    verdicts = {m.id: _work_out(m, ctx) for m in meetings}
    attendance_rows.clear(session)
    people: dict[int, dict[int, _Verdict]] = defaultdict(dict)
    for meeting_id, verdict in verdicts.items():
        for person in verdict.attending:
            people[person][meeting_id] = verdict
    rows = []
    for person, held in people.items():
        rows.extend(_rows(ctx, person, held))
    attendance_rows.add(session, rows)
    session.flush()


def load_rules(session: Session) -> list[Rule]:
    partnerships = session.scalars(select(Partnership)).all()
    depths = {node: depth for depth, node in walk([(p.id, p.parent_id) for p in partnerships])}
    return [
        Rule.build(
            p.id,
            p.name,
            keywords=split_list(p.keywords),
            categories=split_list(p.categories),
            priority=p.priority,
            depth=depths.get(p.id, 0),
            position=p.position,
        )
        for p in partnerships
    ]


def meeting_exclusion(meeting: Meeting, counted: set[str]) -> str | None:
    """Why nobody is costed for this meeting, honouring the switches that make a reason count."""
    return exclusion(
        status=meeting.status,
        private=meeting.private,
        all_day=meeting.all_day,
        transparent=meeting.transparent,
        negative=meeting.end < meeting.start,
        counted=counted,
    )


def costed_intervals(start: datetime, end: datetime, all_day: bool, settings: Settings) -> tuple[Interval, ...]:
    """A timed meeting's own times; an all-day event (when counted) as one working day from 09:00 on each
    of its days, a working day being a fifth of the full-time week (to the second)."""
    if not all_day:
        return ((start, end),)
    first = start.date()
    days = max(1, (end.date() - first).days)
    daily = timedelta(seconds=round(Fraction(settings.weekly_hours) * 3600 / 5))
    starts = [datetime.combine(first + timedelta(days=n), time(9), ZONE) for n in range(days)]
    return tuple((s, s + daily) for s in starts)


def _context(session: Session, registry: RegisterSnapshot) -> _Context:
    by_meeting: dict[int, Attribution] = {}
    by_series: dict[str, Attribution] = {}
    for o in session.scalars(select(AttributionOverride).order_by(AttributionOverride.made_at)):
        who = f"override by {o.made_by or 'an administrator'}"
        attribution = Attribution(o.partnership_id, who + ("" if o.partnership_id else ": not a partnership meeting"))
        if o.meeting_id is not None:
            by_meeting[o.meeting_id] = attribution
        elif o.series_key:
            by_series[o.series_key] = attribution
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for owner, first, last in session.execute(
        select(CalendarImport.owner_email, CalendarImport.span_start, CalendarImport.span_end)
    ):
        person = registry.person_for(owner, None)
        if person is not None and first and last:
            spans[person].append((first, last))
    return _Context(load_settings(session), registry, load_rules(session), by_meeting, by_series, spans)


def _load(session: Session, ids: set[int]) -> list[Meeting]:
    found: list[Meeting] = []
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        query = select(Meeting).where(Meeting.id.in_(ordered[i : i + 500])).options(selectinload(Meeting.copies))
        found.extend(session.scalars(query))
    return found


def _listing_person_between(session: Session, keys: set[str], first: date, last: date) -> set[int]:
    """Meetings that list the person on a local day from ``first`` to ``last`` (their own calendar's span)."""
    low = datetime.combine(first - timedelta(days=1), time(), ZONE)
    high = datetime.combine(last + timedelta(days=2), time(), ZONE)
    query = (
        select(Meeting.id, Meeting.start, Meeting.all_day)
        .join(MeetingAddress, MeetingAddress.meeting_id == Meeting.id)
        .where(MeetingAddress.key.in_(sorted(keys)), Meeting.start >= low, Meeting.start < high)
    )
    return {mid for mid, start, all_day in session.execute(query) if first <= _meeting_day(start, all_day) <= last}


def _meeting_day(start: datetime, all_day: bool) -> date:
    return start.date() if all_day else local_day(start)


def _work_out(meeting: Meeting, ctx: _Context) -> _Verdict:
    """Attribute one meeting (written to it) and decide who is costed at it."""
    result = _attribute(meeting, ctx)
    if not meeting.copies or meeting_exclusion(meeting, ctx.settings.counted_exclusions):
        return _Verdict(result.partnership_id, frozenset(), ())
    verdicts = who_attended(_meeting_day(meeting.start, meeting.all_day), _copies(meeting, ctx.registry), ctx.spans)
    counted = "declined" in ctx.settings.counted_exclusions
    attending = frozenset(v.person_id for v in verdicts if v.attends or (v.reason == "declined" and counted))
    intervals = costed_intervals(meeting.start, meeting.end, meeting.all_day, ctx.settings)
    return _Verdict(result.partnership_id, attending, intervals)


def _attribute(meeting: Meeting, ctx: _Context) -> Attribution:
    """The meeting's partnership and why (a person's override first), written to the meeting."""
    override = ctx.by_meeting.get(meeting.id) or ctx.by_series.get(meeting.series_key)
    categories = split_list(meeting.categories)
    result = attribute(meeting.title, categories, ctx.rules, private=meeting.private, override=override)
    meeting.partnership_id, meeting.attribution = result.partnership_id, result.reason
    return result


def _copies(meeting: Meeting, registry: RegisterSnapshot) -> list[Copy]:
    """The meeting's copies as the attendance rules see them, newest first."""
    best = newest(meeting.copies)
    ordered = sorted(meeting.copies, key=lambda c: c is not best)
    copies = []
    for rank, copy in enumerate(ordered):
        registered = []
        for email, name, partstat in json.loads(copy.attendees):
            pid = registry.person_for(email, name)
            if pid is not None:
                registered.append((pid, partstat))
        copies.append(Copy(registry.person_for(copy.owner_email, None), tuple(registered), rank))
    return copies


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
    ctx: _Context,
    person: int,
    seeds: list[Interval],
    verdicts: dict[int, _Verdict],
    had: set[int],
) -> None:
    """Work out again the person's meetings that run at the same time as what changed, the meetings that
    run at the same time as those, and so on: a share of double-booked time depends on nothing else."""
    attends = {mid: v for mid, v in verdicts.items() if person in v.attending}
    seeded = _ByDay(seeds)
    involved = {mid: v for mid, v in attends.items() if mid in had or seeded.meets(v.intervals)}
    frontier = _ByDay([*seeds, *(iv for v in involved.values() for iv in v.intervals)])
    held: dict[int, _Verdict] = {}
    loaded: tuple[date, date] | None = None
    while frontier.days:
        first, last = min(frontier.days) - LONGEST_EVENT, max(frontier.days)
        if loaded is None or first < loaded[0] or last > loaded[1]:  # read the person's rows once, widening
            loaded = (min(first, loaded[0]), max(last, loaded[1])) if loaded else (first, last)
            held = {
                h.meeting_id: _Verdict(
                    h.partnership_id, frozenset(), costed_intervals(h.start, h.end, h.all_day, ctx.settings)
                )
                for h in attendance_rows.held_between(session, person, *loaded)
                if h.meeting_id not in verdicts
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


def _rows(ctx: _Context, person: int, held: dict[int, _Verdict]) -> list[dict]:
    """A person's attendance rows for these meetings, sharing overlapping time equally between them."""
    hours = share_overlaps([(mid, start, end) for mid, v in held.items() for start, end in v.intervals])
    rows = []
    for mid, verdict in held.items():
        start, end = verdict.intervals[0][0], verdict.intervals[-1][1]
        day = local_day(start)
        rate, basis = ctx.registry.rate(person, day, ctx.settings.productive_hours)
        rows.append(
            {
                "meeting_id": mid,
                "person_id": person,
                "partnership_id": verdict.partnership_id,
                "start": start,
                "end": end,
                "local_day": day,
                "month": day.replace(day=1),
                "hours": _decimal(hours[mid]),
                "hourly_rate": _decimal(rate) if rate is not None else None,
                "cost": _decimal(hours[mid] * rate) if rate is not None else None,
                "rate_basis": basis,
            }
        )
    return rows


def _reprice(session: Session, ctx: _Context, person: int) -> None:
    """A person's pay changed but not their time: the rate and cost of each row again."""
    prices = []
    for row_id, day, hours in attendance_rows.priced(session, person):
        rate, basis = ctx.registry.rate(person, day, ctx.settings.productive_hours)
        cost = _decimal(Fraction(hours) * rate) if rate is not None else None
        price = _decimal(rate) if rate is not None else None
        prices.append({"id": row_id, "hourly_rate": price, "cost": cost, "rate_basis": basis})
    attendance_rows.set_prices(session, prices)


def _decimal(value: Fraction) -> Decimal:
    """Enough digits for the column's scale; the column rounds once to its unit."""
    return Decimal(value.numerator) / Decimal(value.denominator)
