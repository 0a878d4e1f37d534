"""Writing the people who sign in: accounts, roles and whether they may still sign in."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from ..domain.entries import EMAIL, InvalidEntry
from ..domain.permissions import ROLES
from ..models import Organisation, User

MIN_PASSWORD = 10
# How passwords are hashed: Werkzeug's scrypt, slow on purpose (about 80 ms a hash here). The test suite,
# which makes a few thousand accounts and sign-ins, sets a cheap method instead, as Django's own
# documentation advises for test runs; nothing else may change it.
PASSWORD_METHOD = "scrypt"


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def load_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def organisation_id(session: Session, name: str | None) -> int | None:
    """The id of the organisation of that name from the staff register; None (the host) for no name.

    Never created here: a mistyped name would otherwise make an organisation of one, whose user matches
    no provider's domain and none of the staff."""
    name = (name or "").strip()
    if not name:
        return None
    found = session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower()))
    if found is None:
        known = ", ".join(session.scalars(select(Organisation.name).order_by(Organisation.name))) or "none yet"
        raise InvalidEntry("organisation", f"there is no organisation called {name!r} (known: {known})")
    return found


def create_user(
    session: Session, email: str, role: str, password: str, name: str = "", organisation: str | None = None
) -> User:
    """Add a user; raises ``InvalidEntry`` for a bad address or role, a short password, a taken address or an
    organisation not in the staff register (none: the host)."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise InvalidEntry("email", f"{email!r} is not an email address" if email else "cannot be empty")
    if role not in ROLES:
        raise InvalidEntry("role", f"must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InvalidEntry("password", f"must be at least {MIN_PASSWORD} characters")
    if find_user(session, email) is not None:
        raise InvalidEntry("email", f"{email} already has an account")
    organisation_of = organisation_id(session, organisation)
    user = User(
        email=email,
        role=role,
        name=name or email.split("@")[0],
        active=True,
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
        created_at=datetime.now(UTC),
        organisation_id=organisation_of,
    )
    session.add(user)
    session.flush()
    return user


def change_user(session: Session, user: User, *, role: str, active: bool, organisation_id: int | None) -> None:
    """``organisation_id`` None is the host. Moving a user to another organisation ends their sessions, as
    blocking does: what they may see is judged again from their next sign-in."""
    if role not in ROLES:
        raise InvalidEntry("role", f"must be one of {', '.join(ROLES)}")
    if (user.active and not active) or organisation_id != user.organisation_id:
        end_sessions(user)
    user.role, user.active, user.organisation_id = role, active, organisation_id
    session.flush()


def set_password(session: Session, user: User, password: str) -> None:
    """A new password; every session the user had ends."""
    if len(password) < MIN_PASSWORD:
        raise InvalidEntry("password", f"must be at least {MIN_PASSWORD} characters")
    user.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    end_sessions(user)
    session.flush()


def end_sessions(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1


def sign_out(session: Session, user: User) -> None:
    """Every session of the user ends at once, so a copied session cookie stops working too."""
    end_sessions(user)
    session.flush()
