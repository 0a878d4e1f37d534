"""Calendar files as imported, what each import replaced and what undos removed: kept so an import can be
undone, and an undo undone (``store/import_history.py`` writes and reads the history)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class CalendarImport(Base):
    """One calendar file as imported: whose it is, what span it speaks for, what it gave."""

    __tablename__ = "calendar_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    owner_email: Mapped[str] = mapped_column(String(320), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(320), default="")
    span_start: Mapped[date | None] = mapped_column(Date)
    span_end: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="{}")
    batch: Mapped[str | None] = mapped_column(String(40), index=True)  # files uploaded together
    # What each UID's events gave (importers.pack_groups), kept on an owner's latest import only, so that
    # reading their next export parses only the events that changed.
    readings: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class ReplacedCopy(Base):
    """A copy of a meeting as it stood before an import changed or removed it, so that undoing that import
    puts it back: the earlier export's copy, not nothing."""

    __tablename__ = "replaced_copy"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("calendar_import.id", ondelete="CASCADE"), index=True)
    previous_import_id: Mapped[int] = mapped_column(Integer)  # the import the copy belonged to
    meeting_identity: Mapped[str] = mapped_column(String(1000))
    how: Mapped[str] = mapped_column(String(10))  # kept (only re-assigned), changed, or removed
    copy: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the copy's values (empty when kept)


class UndoneImport(Base):
    """An import as it stood when it was undone: its record and every copy it held, to restore it."""

    __tablename__ = "undone_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    undone_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    undone_by: Mapped[str] = mapped_column(String(320), default="")
    filename: Mapped[str] = mapped_column(String(500))
    owner_email: Mapped[str] = mapped_column(String(320), index=True)
    imported_by: Mapped[str] = mapped_column(String(320), default="")
    copies: Mapped[int] = mapped_column(Integer, default=0)
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-packed JSON: the record and its copies
