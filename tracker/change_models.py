"""Changes to attribution, as recorded for review and reverting (``services/attribution_changes.py``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, UTCDateTime


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
