"""Bringing attributions and costed attendances up to date with what is stored: the one place that does it.

Everything a report sums is materialised here, so the dashboard, the CSV, the API and
the CLI all read the same rows. Every service that changes calendars, registers,
overrides or settings calls ``refresh`` once, at its end, in its own transaction.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from ..domain.attendance import Copy, exclusion, who_attended
from ..domain.attribution import Attribution, Rule, attribute, split_list
from ..domain.costing import share_overlaps
from ..domain.local_time import ZONE, local_day
from ..domain.settings import Settings
from ..domain.tree import walk
from ..models import Attendance, AttributionOverride, CalendarImport, Meeting, Partnership, UnknownAttendee
from ..store.meetings import newest
from ..store.register_snapshot import RegisterSnapshot
from ..store.settings import load_settings


@dataclass
class Refreshed:
    """Per meeting: its partnership, why nobody is costed (or None), and who declined."""

    partnership: dict[int, int | None] = field(default_factory=dict)
    excluded: dict[int, str] = field(default_factory=dict)
    declined: dict[int, set[int]] = field(default_factory=dict)


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


def refresh(session: Session, registry: RegisterSnapshot | None = None) -> Refreshed:
    """Re-derive every attribution and attendance from the stored copies, registers and settings.

    ``registry`` saves loading the staff register again when the caller already has it.
    """
    settings = load_settings(session)
    registry = registry or RegisterSnapshot.load(session)
    rules = load_rules(session)
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
    for imp in session.scalars(select(CalendarImport)):
        pid = registry.person_for(imp.owner_email, None)
        if pid is not None and imp.span_start and imp.span_end:
            spans[pid].append((imp.span_start, imp.span_end))
    counted = settings.counted_exclusions
    outcome = Refreshed()
    unknown: Counter[str] = Counter()
    unknown_names: dict[str, str] = {}
    per_person: dict[int, list[tuple[int, datetime, datetime]]] = defaultdict(list)
    meetings = session.scalars(select(Meeting).options(selectinload(Meeting.copies))).all()
    info: dict[int, Meeting] = {}
    for meeting in meetings:
        info[meeting.id] = meeting
        override = by_meeting.get(meeting.id) or by_series.get(meeting.series_key)
        result = attribute(
            meeting.title, split_list(meeting.categories), rules, private=meeting.private, override=override
        )
        meeting.partnership_id, meeting.attribution = result.partnership_id, result.reason
        outcome.partnership[meeting.id] = result.partnership_id
        copies, listed = _copies(meeting, registry)
        for key, name in registry.unknown_among(listed).items():
            unknown[key] += 1
            unknown_names.setdefault(key, name)
        reason = meeting_exclusion(meeting, counted)
        day = meeting.start.date() if meeting.all_day else local_day(meeting.start)
        verdicts = who_attended(day, copies, spans)
        outcome.declined[meeting.id] = {v.person_id for v in verdicts if v.reason == "declined"}
        if reason:
            outcome.excluded[meeting.id] = reason
            continue
        costed = _costed_intervals(meeting, settings)
        attending = {v.person_id for v in verdicts if v.attends or (v.reason == "declined" and "declined" in counted)}
        for pid in attending:
            per_person[pid].extend((meeting.id, start, end) for start, end in costed)
    session.execute(delete(Attendance))
    rows = []
    full_time_hours = settings.productive_hours
    for pid, intervals in per_person.items():
        shares = share_overlaps(intervals)
        first_starts: dict[int, datetime] = {}
        for meeting_id, start, _ in intervals:  # an all-day event over several days is one row, from its first
            first_starts.setdefault(meeting_id, start)
        for meeting_id, start in first_starts.items():
            meeting = info[meeting_id]
            day = local_day(start)
            rate, basis = registry.rate(pid, day, full_time_hours)
            hours = shares[meeting_id]
            rows.append(
                {
                    "meeting_id": meeting_id,
                    "person_id": pid,
                    "partnership_id": meeting.partnership_id,
                    "start": meeting.start if not meeting.all_day else start,
                    "local_day": day,
                    "month": day.replace(day=1),
                    "hours": _decimal(hours),
                    "hourly_rate": _decimal(rate) if rate is not None else None,
                    "cost": _decimal(hours * rate) if rate is not None else None,
                    "rate_basis": basis,
                }
            )
    for i in range(0, len(rows), 1000):
        session.execute(insert(Attendance), rows[i : i + 1000])
    session.execute(delete(UnknownAttendee))
    if unknown:
        session.execute(
            insert(UnknownAttendee),
            [
                {"key": k[:400], "email": k if "@" in k else "", "name": unknown_names[k][:200], "meetings": n}
                for k, n in unknown.items()
            ],
        )
    session.flush()
    return outcome


def _copies(meeting: Meeting, registry: RegisterSnapshot) -> tuple[list[Copy], list[tuple[str, str | None]]]:
    """The meeting's copies as the attendance rules see them (newest first), and everyone they list."""
    best = newest(meeting.copies)
    ordered = sorted(meeting.copies, key=lambda c: c is not best)
    copies = []
    everyone: list[tuple[str, str | None]] = []
    for rank, copy in enumerate(ordered):
        registered = []
        for email, name, partstat in json.loads(copy.attendees):
            everyone.append((email, name))
            pid = registry.person_for(email, name)
            if pid is not None:
                registered.append((pid, partstat))
        copies.append(Copy(registry.person_for(copy.owner_email, None), tuple(registered), rank))
    return copies, everyone


def _costed_intervals(meeting: Meeting, settings: Settings) -> list[tuple[datetime, datetime]]:
    """A timed meeting's own times; an all-day event (when counted) as one working day from 09:00 on each
    of its days, a working day being a fifth of the full-time week (to the second)."""
    if not meeting.all_day:
        return [(meeting.start, meeting.end)]
    first = meeting.start.date()
    days = max(1, (meeting.end.date() - first).days)
    daily = timedelta(seconds=round(Fraction(settings.weekly_hours) * 3600 / 5))
    starts = [datetime.combine(first + timedelta(days=n), time(9), ZONE) for n in range(days)]
    return [(start, start + daily) for start in starts]


def _decimal(value: Fraction) -> Decimal:
    """Enough digits for the column's scale; the column rounds once to its unit."""
    return Decimal(value.numerator) / Decimal(value.denominator)
