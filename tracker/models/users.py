"""Who may sign in, with what role (``store/users.py`` writes them; ``domain/permissions.py`` says what each
role may do)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class User(Base):
    """Someone who signs in. One role each; see ``permissions`` for what a role may do."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Part of every session's id: raised on sign-out, a password change or blocking, so every session
    # (and a cookie copied from one) stops working at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The partner organisation the user works for; None for the host (the administrators who run the app).
    # Single sign-on admits a user only through a provider domain mapped to this same organisation. No
    # ON DELETE: an organisation with accounts cannot vanish underneath them (and turn them into the host).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), default=None)
