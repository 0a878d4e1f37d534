"""People's corrections to attribution, and every change to it recorded for review and reverting
(``store/overrides.py`` keeps the corrections, ``services/attribution_changes.py`` the record)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class AttributionOverride(Base):
    """A person's correction: one occurrence, or a whole series, to a partnership or to none."""

    __tablename__ = "attribution_override"
    id: Mapped[int] = mapped_column(primary_key=True)
    series_key: Mapped[str | None] = mapped_column(String(1000), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"))
    made_by: Mapped[str] = mapped_column(String(320), default="")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AttributionChange(Base):
    """One rule or correction: who made it, when, what it moved (meetings, hours and cost of each
    partnership before and after), and what reverting it does."""

    __tablename__ = "attribution_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    made_by: Mapped[str] = mapped_column(String(320), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # rule | series | meeting | revert
    summary: Mapped[str] = mapped_column(Text)
    undo: Mapped[str] = mapped_column(Text, default="{}")  # JSON: what reverting sets back; {} when nothing
    moved: Mapped[str] = mapped_column(Text, default="[]")  # JSON: each partnership's figures before and after
    reverted_by: Mapped[int | None] = mapped_column(ForeignKey("attribution_change.id", ondelete="SET NULL"))
