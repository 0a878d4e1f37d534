"""The audit trail's table: who did what, when (``services/audit.py`` writes it, ``reports/audit.py`` reads it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class AuditEntry(Base):
    """Who did what, when: every change, sign-in and export, written as it happens and never edited."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(320), index=True)  # an email, or "shell" for the command line
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(1000), default="")  # the page or command it was done through
    # Whose it was: the person, partnership, user, proposal or files it named, by name (words, not ids).
    whose: Mapped[str] = mapped_column(String(500), default="", server_default="")
    outcome: Mapped[str] = mapped_column(String(20), default="")  # done, refused, failed (HTTP status)
    address: Mapped[str] = mapped_column(String(100), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # what was asked, as JSON; never a password
