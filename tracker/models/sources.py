"""Connected calendars: where a person's calendar is read from, how far the last sync got, and (for the
kinds read event by event) each event as last fetched, so a sync asks the server only for what changed
(``services/source_sync.py`` keeps them; ``store/sources.py`` reads and writes them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .people import Person


class CalendarSource(Base):
    """One calendar a person's figures are read from: its kind, address and (encrypted) secret, and the
    state of its syncs. Deleted with the person (erasure), its events with it."""

    __tablename__ = "calendar_source"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # domain.source_addresses.KINDS
    url: Mapped[str] = mapped_column(String(2000))
    username: Mapped[str] = mapped_column(String(320), default="", server_default="")
    secret: Mapped[bytes | None] = mapped_column(LargeBinary)  # Fernet token (services/source_secrets.py)
    added_by: Mapped[str] = mapped_column(String(320), default="", server_default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    paused_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # in a row
    # What tells the server's next answer from this one: an ETag or Last-Modified (published ICS), a
    # sync token (CalDAV sync-collection, Google), a delta link (Graph). Empty: never synced.
    validator: Mapped[str] = mapped_column(Text, default="", server_default="")
    last_tried_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the last sync that worked
    last_result: Mapped[str] = mapped_column(Text, default="", server_default="")  # in words
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")  # in words; empty when well
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the schedule's, or after a backoff
    # The import its last change made: undone (from the Imports page), the next sync imports it again whole.
    last_import_id: Mapped[int | None] = mapped_column(Integer)
    # Every day its imports have spoken for, first to last: a CalDAV calendar's next import speaks for them
    # all (a Graph or Google one for those within its window), so an event deleted at an edge goes too.
    spoken_from: Mapped[date | None] = mapped_column(Date)
    spoken_until: Mapped[date | None] = mapped_column(Date)
    # Retention's cutoff when it last ran: the days before it are left out of this source's imports.
    retired_before: Mapped[date | None] = mapped_column(Date)
    # When the sync running now began (``store.sources.claim``): another sync of it meanwhile leaves it be.
    syncing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    person: Mapped[Person] = relationship()


class SourceEvent(Base):
    """One calendar object of an event-by-event source (a CalDAV resource, a Graph or Google event) as
    last fetched: a sync fetches only those whose tag changed, and the calendar imported is made of these."""

    __tablename__ = "source_event"
    __table_args__ = (UniqueConstraint("source_id", "href"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("calendar_source.id", ondelete="CASCADE"), index=True)
    href: Mapped[str] = mapped_column(String(2000))  # the object's address or id on the server
    tag: Mapped[str] = mapped_column(String(500), default="", server_default="")  # its ETag or change key
    body: Mapped[str] = mapped_column(Text)  # iCalendar text of the object
