"""The partnership register: each partnership, its place in the tree, and how its meetings are found and
costed beyond their own time. Meetings, measures and plans point at it; it points at none of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import RATE_PLACES, Base, Scaled


class Partnership(Base):
    __tablename__ = "partnership"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id"))
    purpose: Mapped[str] = mapped_column(Text, default="")
    lead_organisation: Mapped[str] = mapped_column(String(200), default="")
    keywords: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=100)
    position: Mapped[int] = mapped_column(Integer, default=0)
    lead_email: Mapped[str | None] = mapped_column(String(320))  # the manager who reports its outcomes
    review_on: Mapped[date | None] = mapped_column(Date)  # when it is next to be tested against its purpose
    last_reviewed: Mapped[date | None] = mapped_column(Date)
    # Hours allowed for each attendance beyond the meeting itself: costed and shown apart from meeting time.
    preparation_hours: Mapped[Decimal] = mapped_column(Scaled(RATE_PLACES), default=Decimal(0), server_default="0")
    travel_hours: Mapped[Decimal] = mapped_column(Scaled(RATE_PLACES), default=Decimal(0), server_default="0")
    parent: Mapped[Partnership | None] = relationship(remote_side="Partnership.id")
