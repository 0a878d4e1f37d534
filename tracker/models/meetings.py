"""Meetings as imported and as costed: one row per occurrence, each calendar's copy of it, everyone its
copies list, and the attendance rows every report sums (``store/meetings.py`` writes them)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, money
from .partnerships import Partnership


class Meeting(Base):
    """One meeting occurrence, however many calendars hold a copy of it."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_unattributed_title", "partnership_id", "private", "title"),)  # look-alikes
    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(1000), unique=True)
    match_key: Mapped[str] = mapped_column(String(1000), index=True)
    series_key: Mapped[str] = mapped_column(String(1000), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str | None] = mapped_column(String(20))
    transparent: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    categories: Mapped[str] = mapped_column(Text, default="")
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="SET NULL"), index=True)
    attribution: Mapped[str] = mapped_column(Text, default="")
    # The day the retention setting removed its title and attendee lists (``services/privacy.py``): from
    # then on its partnership and who is costed at it stay as they were, whatever rules or lists change.
    retired_on: Mapped[date | None] = mapped_column(Date)
    # Everyone's costed time at it, the sum of its attendance rows' seconds, kept in step with them by
    # ``store/monthly.py``: the review queue orders a borough's series by it without summing every row.
    seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    partnership: Mapped[Partnership | None] = relationship()
    copies: Mapped[list[MeetingCopy]] = relationship(cascade="all, delete-orphan", back_populates="meeting")


class MeetingCopy(Base):
    """A meeting as one person's calendar showed it; the newest copy decides time and title."""

    __tablename__ = "meeting_copy"
    __table_args__ = (UniqueConstraint("meeting_id", "owner_email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("calendar_import.id", ondelete="CASCADE"), index=True)
    owner_email: Mapped[str] = mapped_column(String(320))
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    dtstamp: Mapped[datetime | None] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str | None] = mapped_column(String(20))
    transparent: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    categories: Mapped[str] = mapped_column(Text, default="")
    attendees: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [[email, name, partstat], ...]
    # The ORGANIZER's address, as the file gave it (an Outlook CSV names none): copies without a UID join
    # one meeting only where their people agree (``domain.same_meeting``), the organiser first.
    organizer: Mapped[str | None] = mapped_column(String(320))
    meeting: Mapped[Meeting] = relationship(back_populates="copies")


class MeetingAddress(Base):
    """Everyone a meeting's copies list (owners and attendees), registered or not: which meetings a change
    to the staff register or to a person's own calendar can affect, found without reading every copy."""

    __tablename__ = "meeting_address"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True, index=True)  # address, or "name:<name>"
    name: Mapped[str] = mapped_column(String(200), default="")


class Attendance(Base):
    """A registered person's costed time at one meeting: the fact every report sums."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        Index("ix_attendance_partnership_start", "partnership_id", "start"),
        Index("ix_attendance_person_day", "person_id", "local_day"),
        Index("ix_attendance_partnership_day", "partnership_id", "local_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the unique (meeting_id, person_id) and (person_id, local_day) indexes: one of their own
    # would be one more to write for each row a relabel moves (migration 0030).
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="SET NULL"))
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when the costed time ends (all-day: last day)
    local_day: Mapped[date] = mapped_column(Date, index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the local month, for trends
    # Time in whole seconds and money in whole pence, each rounded once, half up, as the row is costed
    # (``domain.rounding``): every figure is a sum of these, so printed totals add up to their rows.
    seconds: Mapped[int] = mapped_column(Integer)
    hourly_rate: Mapped[Decimal | None] = mapped_column(money())
    cost: Mapped[Decimal | None] = mapped_column(money())
    rate_basis: Mapped[str] = mapped_column(String(20), default="salary")  # salary | grade | none
    # The same time at the standard rate of the person's group (``domain.standard_rates``): what roles that
    # may not see pay are shown. None when the row has no rate, or there are too few people for groups.
    standard_rate: Mapped[Decimal | None] = mapped_column(money())
    standard_cost: Mapped[Decimal | None] = mapped_column(money())
