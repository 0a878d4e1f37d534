"""Managing who signs in: a user per person, one role each."""

from __future__ import annotations

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..domain.entries import InvalidEntry
from ..domain.single_sign_on import Admission, NotAdmitted
from ..models import User
from ..store import users
from ..store.users import find_user

__all__ = [
    "UNCHANGED",
    "UnknownUser",
    "active_user",
    "authenticate",
    "change_user",
    "create_user",
    "find_user",
    "reset_password",
    "sign_out_everywhere",
    "single_sign_on_user",
]


class UnknownUser(LookupError):
    pass


class _Unchanged:
    """``change_user``'s organisation when the caller does not say: the user stays where they are."""


UNCHANGED = _Unchanged()


def create_user(
    session: Session, email: str, role: str, password: str, name: str = "", organisation: str | None = None
) -> User:
    """``organisation`` names one in the staff register; none: the host, for the administrators."""
    return users.create_user(session, email, role, password, name, organisation)


def change_user(
    session: Session,
    user_id: int,
    *,
    role: str,
    active: bool,
    by_user_id: int,
    organisation: str | None | _Unchanged = UNCHANGED,
) -> User:
    """Change a user's role or organisation, or block them; nobody may take away their own administrator
    access. ``organisation`` None (or blank) is the host."""
    user = users.load_user(session, user_id)
    if user is None:
        raise UnknownUser(f"user {user_id} does not exist")
    if user_id == by_user_id and (role != "admin" or not active):
        raise InvalidEntry("role", "you cannot remove your own administrator access")
    organisation_id = (
        user.organisation_id if isinstance(organisation, _Unchanged) else users.organisation_id(session, organisation)
    )
    users.change_user(session, user, role=role, active=active, organisation_id=organisation_id)
    return user


def reset_password(session: Session, user_id: int, password: str) -> User:
    """An administrator sets a new password (to pass on to the user); their sessions end."""
    user = users.load_user(session, user_id)
    if user is None:
        raise UnknownUser(f"user {user_id} does not exist")
    users.set_password(session, user, password)
    return user


def sign_out_everywhere(session: Session, user_id: int) -> None:
    """Signing out ends every session of the user, so a copied session cookie stops working too."""
    user = users.load_user(session, user_id)
    if user is not None:
        users.sign_out(session, user)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this address and password, or None (the same answer for any wrong part)."""
    user = find_user(session, email)
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


def active_user(session: Session, user_id: int, session_version: int | None = None) -> User | None:
    """The user a session belongs to, while they may still sign in and the session has not been ended."""
    user = users.load_user(session, user_id)
    if user is None or not user.active:
        return None
    if session_version is not None and session_version != (user.session_version or 0):
        return None
    return user


def single_sign_on_user(session: Session, admission: Admission) -> User:
    """The active user a provider vouches for, who must belong to the organisation its domain is mapped to.

    Nobody is created here: roles are given in the app, and a partner's whole staff can sign in to its
    provider; an account made on first sign-in would give any of them a role nobody chose for them."""
    user = find_user(session, admission.email)
    if user is None or not user.active:
        raise NotAdmitted(
            "no account" if user is None else "account blocked",
            f"{admission.email} has no account here that can sign in: ask an administrator for access.",
        )
    try:
        organisation_id = users.organisation_id(session, admission.organisation)
    except InvalidEntry as exc:
        raise NotAdmitted(
            "organisation not in the register", "Single sign-on is not set up right here: tell an administrator."
        ) from exc
    if user.organisation_id != organisation_id:
        raise NotAdmitted(
            "another organisation",
            f"The account of {admission.email} belongs to another organisation here: ask an administrator.",
        )
    return user
