"""The normalised event stream every reader produces: frozen, database-free values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from .exclusions import exclusion_of
from .timezones import LONDON

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Attendee:
    """A person invited to an occurrence; ``email`` is lower-case, or empty when only a name is known."""

    email: str
    partstat: str | None = None
    name: str | None = None


@lru_cache(maxsize=8192)
def attendee(email: str, partstat: str | None = None, name: str | None = None) -> Attendee:
    """The one ``Attendee`` for an address, reply and name. A senior manager's year lists the same few
    hundred people on a thousand events: shared, each is held once in memory (an import of a locality's
    diaries kept a copy an event of every address and name), and a reading process sends each once
    (pickle writes an object shared by many occurrences once; a 20,000-event export's readings took
    half their time to unpickle, in the attendees). Bounded, so a file of many strangers costs no more."""
    return Attendee(email, partstat, name)


@dataclass(frozen=True)
class Occurrence:
    """One instance of a meeting as one file saw it.

    Timed occurrences carry aware UTC datetimes; all-day ones carry dates (end exclusive).
    ``recurrence_id`` is the instance's original start (UTC ISO text, or a date for
    all-day series) and, with ``uid``, identifies the instance across files.
    """

    uid: str | None
    recurrence_id: str | None
    start: datetime | date
    end: datetime | date
    all_day: bool
    title: str
    status: str | None = None
    transparent: bool = False
    private: bool = False
    organizer: str | None = None
    attendees: tuple[Attendee, ...] = ()
    categories: tuple[str, ...] = ()
    sequence: int = 0
    dtstamp: datetime | None = None
    line: int | None = None
    unresolved_tz: str | None = None

    @property
    def identity(self) -> tuple[str, str]:
        """UID and recurrence identity; Outlook CSV rows use title and times instead."""
        if self.uid:
            return (self.uid, self.recurrence_id or "")
        return ("csv:" + normalise_title(self.title), f"{self.start_iso}/{self.end_iso}")

    @property
    def start_iso(self) -> str:
        return iso(self.start)

    @property
    def end_iso(self) -> str:
        return iso(self.end)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start  # type: ignore[operator]

    @property
    def exclusion(self) -> str | None:
        """The first reason this occurrence is not costed for anybody (whatever the settings), or None."""
        return exclusion_of(self)


@dataclass(frozen=True)
class Problem:
    """Something in a file that was read with a caveat (warning) or could not be read (error)."""

    message: str
    line: int | None = None
    event: str | None = None
    severity: str = "warning"

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.event:
            where.append(f"event {self.event}")
        prefix = f"{', '.join(where)}: " if where else ""
        return prefix + self.message


@dataclass(frozen=True)
class GroupReading:
    """What the events sharing one UID gave, kept so that a newer export with the same events reuses it.

    ``member_lines`` are the lines the group's VEVENTs began on in the file it was read from; the
    lines in ``occurrences`` and the problems are those lines, and are moved with them when the
    group stands elsewhere in a newer file (see ``rebased``). ``unreadable`` are the errors of
    members that could not be read at all (listed in file order, before the expansion's problems);
    ``first_readable`` is the member whose place orders the group's expansion (None: no member read).
    """

    member_lines: tuple[int, ...]
    occurrences: tuple[Occurrence, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: tuple[Problem, ...] = ()
    open_ended: int = 0
    first_readable: int | None = 0

    def rebased(self, member_lines: tuple[int, ...]) -> GroupReading:
        """The same reading for the group standing at ``member_lines`` (as many members) in a newer file."""
        if member_lines == self.member_lines:
            return self
        moved = dict(zip(self.member_lines, member_lines))

        def line(value: int | None) -> int | None:
            return moved.get(value, value) if value is not None else None

        return GroupReading(
            member_lines,
            tuple(replace(o, line=line(o.line)) for o in self.occurrences),
            tuple(replace(p, line=line(p.line)) for p in self.problems),
            tuple(replace(p, line=line(p.line)) for p in self.unreadable),
            self.open_ended,
            self.first_readable,
        )


@dataclass(frozen=True)
class Shape:
    """What one UID's events are: how many, how many change a single occurrence, and whether a rule
    makes a series of them. Read beside the occurrences, it says why there are fewer of them."""

    uid: str | None
    events: int
    overrides: int  # events with a RECURRENCE-ID
    recurring: bool  # a master with an RRULE or RDATE

    @classmethod
    def of(cls, uid: str | None, names: list[set[str]]) -> Shape:
        """From the property names of each of the UID's events (upper case), however a reader holds them."""
        overrides = sum("RECURRENCE-ID" in n for n in names)
        recurring = any("RECURRENCE-ID" not in n and ("RRULE" in n or "RDATE" in n) for n in names)
        return cls(uid, len(names), overrides, recurring)


@dataclass
class ReadResult:
    """What one file gave: its occurrences, what went wrong, and what it covers."""

    filename: str
    kind: str
    occurrences: list[Occurrence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    events_read: int = 0
    owner_hint: str | None = None
    owner_certain: bool = False
    horizon: date | None = None
    open_ended_series: int = 0
    sha256: str = ""
    unchanged: bool = False  # identical to a file already imported, so not read at all
    # What each UID's events gave, by content hash (see ``GroupReading``), for the next read to reuse.
    groups: dict[str, GroupReading] = field(default_factory=dict)
    shapes: list[Shape] = field(default_factory=list)  # one per UID (per event without one)
    speaks_for: tuple[date, date] | None = None  # days the calendar covers beyond its occurrences (span)
    speaks_from: date | None = None  # and none before this day, whatever its occurrences (span)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def leave_out_before(self, day: date) -> None:
        """Nothing before ``day`` imported or spoken for: a connected calendar whose objects from before it
        retention let go (their meetings keep their hours, without titles) says nothing of those days, and
        the series it still holds whole do not bring back the titles of their retired occurrences."""
        self.occurrences = [o for o in self.occurrences if day_of(o.start) >= day]
        self.speaks_from = day
        self.groups = {}  # what each series gave, titles of its older occurrences too: not kept for reuse

    def span(self) -> tuple[date, date] | None:
        """The first and last local day the file has occurrences on (the span it speaks for), widened to
        ``speaks_for`` where the caller knows the calendar covers more: a connected calendar speaks for
        every day it ever spoke for, so an event deleted at its edge, or its last event, goes too; and
        narrowed to ``speaks_from`` on, where the calendar no longer holds what came before (a connected
        calendar whose older objects retention let go), so those meetings are not taken for deleted."""
        if not self.occurrences:
            spans = self.speaks_for
        else:
            days = [day_of(o.start) for o in self.occurrences]
            ends = [day_of(o.end) for o in self.occurrences]
            first, last = min(days), max(max(ends), max(days))
            if self.speaks_for is not None:
                first, last = min(first, self.speaks_for[0]), max(last, self.speaks_for[1])
            spans = (first, last)
        if spans is None or self.speaks_from is None:
            return spans
        first, last = max(spans[0], self.speaks_from), spans[1]
        return (first, last) if first <= last else None


FEWER_REASONS = {  # why events gave fewer occurrences, as the import summary words it
    "changes": "changes to one occurrence of a series (each replaces that occurrence)",
    "copies": "repeated copies of another event with the same UID",
    "outside": "events outside the dates read",
    "empty_series": "events of series with no occurrence in the dates read",
}


def fewer_occurrences(result: ReadResult) -> dict[str, int]:
    """When a file's events gave fewer occurrences than there are events, the events that add no
    meeting of their own, by reason: {reason key: events} (a series' master may add many, so these
    can be more than the difference).

    Worked out from what each UID's events are (``Shape``) and what they gave, so it holds for every
    reader. Events that could not be read or expanded are not here: the file's notes name them."""
    if len(result.occurrences) >= result.events_read:
        return {}
    failed = {p.event for p in result.problems if p.severity == "error"}
    given: dict[str | None, int] = {}
    for o in result.occurrences:
        given[o.uid] = given.get(o.uid, 0) + 1
    reasons: dict[str, int] = {}

    def add(key: str, n: int) -> None:
        if n > 0:
            reasons[key] = reasons.get(key, 0) + n

    without_uid = 0
    for shape in result.shapes:
        if shape.uid in failed and shape.uid is not None:
            continue
        if shape.uid is None:
            without_uid += shape.events
            continue
        got = given.get(shape.uid, 0)
        if shape.recurring:
            if got:
                add("changes", shape.overrides)
            else:
                add("empty_series", shape.events)
        elif got:
            add("copies", shape.events - got)
        else:
            add("outside", shape.events)
    add("outside", without_uid - given.get(None, 0))
    return reasons


def normalise_title(title: str) -> str:
    """Lower-case with runs of white space folded, so copies of one meeting match."""
    return " ".join(title.lower().split())


def iso(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value.isoformat()


def day_of(value: datetime | date) -> date:
    """The Europe/London day a timed value falls on; a date is its own day."""
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date()
    return value


def days_window(first: date | None, last: date) -> tuple[datetime, datetime]:
    """The instants from the start of Europe/London day ``first`` (or 1900) to the end of day ``last``.

    The window a reader needs to expand so that every occurrence starting on those days,
    as ``day_of`` tells them, is listed.
    """
    start = datetime.combine(first, time(), LONDON).astimezone(UTC) if first else EARLIEST
    return start, datetime.combine(last + timedelta(days=1), time(), LONDON).astimezone(UTC)
