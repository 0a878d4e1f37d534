"""What a reader brings back from one sync of a source."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Fetched:
    """The server's answer since ``validator`` (what the source kept from the last sync).

    A whole-file source (a published ICS address) gives ``whole``: the calendar as it now is, or None when
    the server said it has not changed. An event-by-event source (CalDAV, Graph, Google) gives the objects
    added or changed (``changed``: address on the server -> (tag, iCalendar text)) and those deleted
    (``deleted``); with ``complete`` every object it holds was listed, so any not listed is gone too.
    ``validator`` is what to send next time; ``requests`` counts what the sync asked of the server.

    What the calendar imported from these speaks for: a whole-file source, the days its file holds (as an
    upload); a CalDAV collection, every day it ever held (``whole_calendar``: an event deleted at its edge
    goes too); a windowed API read (Graph, Google), every day it held within ``window``.
    """

    validator: str
    whole: bytes | None = None
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    complete: bool = False
    requests: int = 0
    whole_calendar: bool = False
    window: tuple[date, date] | None = None

    @property
    def nothing_new(self) -> bool:
        return self.whole is None and not self.changed and not self.deleted
