"""Writing the people who sign in: accounts, roles and whether they may still sign in."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from ..domain.entries import EMAIL, InvalidEntry
from ..domain.permissions import ROLES
from ..models import User

MIN_PASSWORD = 10


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def load_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def create_user(session: Session, email: str, role: str, password: str, name: str = "") -> User:
    """Add a user; raises ``InvalidEntry`` for a bad address or role, a short password or a taken address."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InvalidEntry("email", f"{email!r} is not an email address" if email else "cannot be empty")
    if role not in ROLES:
        raise InvalidEntry("role", f"must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InvalidEntry("password", f"must be at least {MIN_PASSWORD} characters")
    if find_user(session, email) is not None:
        raise InvalidEntry("email", f"{email} already has an account")
    user = User(
        email=email,
        role=role,
        name=name or email.split("@")[0],
        active=True,
        password_hash=generate_password_hash(password),
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    return user


def change_user(session: Session, user: User, *, role: str, active: bool) -> None:
    if role not in ROLES:
        raise InvalidEntry("role", f"must be one of {', '.join(ROLES)}")
    if user.active and not active:
        end_sessions(user)
    user.role, user.active = role, active
    session.flush()


def set_password(session: Session, user: User, password: str) -> None:
    """A new password; every session the user had ends."""
    if len(password) < MIN_PASSWORD:
        raise InvalidEntry("password", f"must be at least {MIN_PASSWORD} characters")
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    session.flush()


def end_sessions(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1


def sign_out(session: Session, user: User) -> None:
    """Every session of the user ends at once, so a copied session cookie stops working too."""
    end_sessions(user)
    session.flush()
