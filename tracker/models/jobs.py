"""Work done in the background and how it ended (``services/import_jobs.py`` queues and runs it,
``store/jobs.py`` records it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class Job(Base):
    """Work done in the background (an import of many or large files), and how it ended."""

    __tablename__ = "job"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # import
    token: Mapped[str] = mapped_column(String(40))  # the pending upload it works on
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued | running | done | failed
    message: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
