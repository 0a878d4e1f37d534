"""What rationalising the partnership map needs beyond meetings: front-line comparators, the money each
partnership steers, saved scenarios, proposed partnerships, and the practice library."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import RATE_PLACES, Base, Scaled, UTCDateTime, money
from .partnerships import Partnership


class Comparator(Base):
    """What a pound buys in front-line service (a social worker day, a youth worker hour), as an
    administrator defines it: meeting cost is also shown as so many of these."""

    __tablename__ = "comparator"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit: Mapped[str] = mapped_column(String(60))  # "day", "hour", "week"
    cost_per_unit: Mapped[Decimal] = mapped_column(money())
    source: Mapped[str] = mapped_column(Text, default="")


class FundingStream(Base):
    """Money a partnership steers over a period, with where it comes from and on what conditions."""

    __tablename__ = "funding_stream"
    __table_args__ = (UniqueConstraint("partnership_id", "source", "period_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(money())
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    conditions: Mapped[str] = mapped_column(Text, default="")
    partnership: Mapped[Partnership] = relationship()


class Scenario(Base):
    """A change to the partnership map, modelled and saved by name: its kind and what it says (JSON), so its
    saving is worked out again from the figures of whatever period it is looked at over."""

    __tablename__ = "scenario"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    params: Mapped[str] = mapped_column(Text, default="{}")
    created_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Proposal(Base):
    """A proposed partnership as the gatekeeper examines it: what it is for, who would sit on it, how often
    it would meet, the answers to the gatekeeper's questions, and the decision with who made it."""

    __tablename__ = "proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str] = mapped_column(String(200), default="")
    every: Mapped[str] = mapped_column(String(20))  # domain.gatekeeper.meetings_a_year: "4-weeks", "month"
    hours_each: Mapped[Decimal] = mapped_column(Scaled(RATE_PLACES))
    people: Mapped[str] = mapped_column(Text, default="[]")  # JSON: person ids
    grade_places: Mapped[str] = mapped_column(Text, default="[]")  # JSON: [[grade, count], ...]
    sub_groups: Mapped[str] = mapped_column(Text, default="")  # one a line
    answers: Mapped[str] = mapped_column(Text, default="{}")  # JSON: gatekeeper.QUESTIONS key -> answer
    review_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(30))  # gatekeeper.DECISIONS; None: not yet decided
    decision_notes: Mapped[str] = mapped_column(Text, default="")
    referred_to_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="SET NULL"))
    decided_by: Mapped[str] = mapped_column(String(320), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    referred_to: Mapped[Partnership | None] = relationship()


class LibraryEntry(Base):
    """A piece of the practice library: terms of reference, a review note or a good-practice write-up, in
    Markdown, attached to a partnership or shared, tagged. Searched with the database's own full-text
    index (``store.library_search``)."""

    __tablename__ = "library_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))  # domain.library.KINDS
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")  # ";tag;other;": whole tags found with LIKE
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="SET NULL"), index=True)
    created_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    partnership: Mapped[Partnership | None] = relationship()
