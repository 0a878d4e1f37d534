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


class RuleRequest(Base):
    """A title rule a partnership's lead asked for that would take meetings from other partnerships: it
    waits for an administrator, who approves it (it is then made like any rule) or refuses it."""

    __tablename__ = "rule_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    asked_by: Mapped[str] = mapped_column(String(320), index=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id", ondelete="CASCADE"), index=True)
    keyword: Mapped[str] = mapped_column(Text)
    moved: Mapped[str] = mapped_column(Text, default="[]")  # JSON: what the preview the lead saw would move
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending | approved | refused
    decided_by: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    change_id: Mapped[int | None] = mapped_column(ForeignKey("attribution_change.id", ondelete="SET NULL"))
