"""What each meeting is worked out to be: its partnership (and why), who is costed at it, and over which
stretches of time. Shared by the incremental refresh and the full rebuild, so both decide alike."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

from sqlalchemy.orm import Session

from importers.exclusions import Excludable

from ..domain.attendance import Copy, Standing, excluded_for, standing_for, who_attended
from ..domain.attribution import Attribution, Rule, attribute, split_list
from ..domain.costing import working_day
from ..domain.local_time import ZONE, meeting_day
from ..domain.settings import Settings
from ..domain.tree import walk
from ..models import Meeting
from ..reports.settings import load_settings
from ..store import meetings, overrides, registers
from ..store.meetings import newest
from ..store.register_snapshot import RegisterSnapshot

Interval = tuple[datetime, datetime]


@dataclass
class Context:
    settings: Settings
    registry: RegisterSnapshot
    rules: list[Rule]
    by_meeting: dict[int, Attribution]
    by_series: dict[str, Attribution]
    spans: dict[int, list[tuple[date, date]]]
    # One object for each set of people met: a bulk import holds a verdict for every meeting, and a series'
    # meetings are costed for the same people, so each distinct set is kept once (``work_out``).
    groups: dict[frozenset[int], frozenset[int]] = field(default_factory=dict)
    # Likewise one object for each meeting's times: a locality's diaries hold a million meetings at a few
    # thousand slots, and their times were most of what a verdict held (two datetimes in two tuples each).
    times: dict[tuple[Interval, ...], tuple[Interval, ...]] = field(default_factory=dict)

    def costed_times(self, meeting: Meeting) -> tuple[Interval, ...]:
        """``costed_intervals`` of the meeting, one object for equal times. Only a timed meeting's times in
        UTC are shared, as equal times in another zone would print otherwise."""
        intervals = costed_intervals(meeting.start, meeting.end, meeting.all_day, self.settings)
        if meeting.all_day or meeting.start.tzinfo is not UTC or meeting.end.tzinfo is not UTC:
            return intervals
        return self.times.setdefault(intervals, intervals)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One meeting worked out: its partnership, who is costed at it, over which stretches of time."""

    partnership_id: int | None
    attending: frozenset[int]
    intervals: tuple[Interval, ...]


def load_rules(session: Session) -> list[Rule]:
    partnerships = registers.read_partnerships(session)
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


def owner_standing(meeting: Excludable, own: meetings.OwnCopy | None) -> Standing:
    """Whether a meeting is cancelled or free for the owner of a file (summary and preview): as their own
    copy says, as it is when their time is costed (``standing_for``); as the meeting shows without one."""
    if own is not None:
        return Standing(own.status, own.transparent)
    return Standing(meeting.status, meeting.transparent)


def costed_intervals(start: datetime, end: datetime, all_day: bool, settings: Settings) -> tuple[Interval, ...]:
    """A timed meeting's own times; an all-day event (when counted) as one working day from 09:00 on each
    of its days (``costing.working_day``, to the second)."""
    if not all_day:
        return ((start, end),)
    first = start.date()
    days = max(1, (end.date() - first).days)
    daily = timedelta(seconds=round(working_day(Fraction(settings.weekly_hours)) * 3600))
    starts = [datetime.combine(first + timedelta(days=n), time(9), ZONE) for n in range(days)]
    return tuple((s, s + daily) for s in starts)


def context(session: Session, registry: RegisterSnapshot) -> Context:
    by_meeting: dict[int, Attribution] = {}
    by_series: dict[str, Attribution] = {}
    for o in overrides.read_overrides(session):
        who = f"override by {o.made_by or 'an administrator'}"
        attribution = Attribution(o.partnership_id, who + ("" if o.partnership_id else ": not a partnership meeting"))
        if o.meeting_id is not None:
            by_meeting[o.meeting_id] = attribution
        elif o.series_key:
            by_series[o.series_key] = attribution
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for owner, first, last in meetings.read_import_spans(session):
        person = registry.person_for(owner, None)
        if person is not None and first and last:
            spans[person].append((first, last))
    return Context(load_settings(session), registry, load_rules(session), by_meeting, by_series, spans)


def work_out(meeting: Meeting, ctx: Context, costed: frozenset[int] = frozenset()) -> Verdict:
    """Attribute one meeting (written to it) and decide who is costed at it. A retired meeting (its title
    and lists removed by the retention setting) has nothing left to decide from: the people ``costed``
    at it before stay costed, over its own times."""
    result = attribute_meeting(meeting, ctx)
    if meeting.retired_on is not None:
        return Verdict(result.partnership_id, costed, ctx.costed_times(meeting))
    counted = ctx.settings.counted_exclusions
    if not meeting.copies or excluded_for(meeting, Standing(), counted):  # private, all-day, ends before start
        return Verdict(result.partnership_id, frozenset(), ())
    copies = copies_of(meeting, ctx.registry)
    shown = Standing(meeting.status, meeting.transparent)
    verdicts = who_attended(meeting_day(meeting.start, meeting.all_day), copies, ctx.spans)
    attending = frozenset(
        v.person_id
        for v in verdicts
        if (v.attends or (v.reason == "declined" and "declined" in counted))
        and not excluded_for(meeting, standing_for(v.person_id, copies, shown), counted)
    )
    attending = ctx.groups.setdefault(attending, attending)
    return Verdict(result.partnership_id, attending, ctx.costed_times(meeting))


def attribute_meeting(meeting: Meeting, ctx: Context) -> Attribution:
    """The meeting's partnership and why (a person's override first), written to the meeting; a retired
    meeting keeps the partnership it had, as no rule can read its title any more."""
    if meeting.retired_on is not None:
        return Attribution(meeting.partnership_id, meeting.attribution)
    override = ctx.by_meeting.get(meeting.id) or ctx.by_series.get(meeting.series_key)
    categories = split_list(meeting.categories)
    result = attribute(meeting.title, categories, ctx.rules, private=meeting.private, override=override)
    meeting.partnership_id, meeting.attribution = result.partnership_id, result.reason
    return result


def copies_of(meeting: Meeting, registry: RegisterSnapshot) -> list[Copy]:
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
        standing = Standing(copy.status, copy.transparent)
        copies.append(Copy(registry.person_for(copy.owner_email, None), tuple(registered), rank, standing))
    return copies
