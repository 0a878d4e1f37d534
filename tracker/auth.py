"""Sign-in, sessions and the one permission check every route uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .db import get_session
from .extensions import login_manager
from .forms import LoginForm
from .models import User
from .permissions import ROLES, can

bp = Blueprint("auth", __name__)


class SignedInUser:
    """What Flask-Login keeps for a request: the user row's id, email, name and role."""

    def __init__(self, user: User) -> None:
        self.id, self.email, self.name, self.role = user.id, user.email, user.name, user.role
        self.is_authenticated, self.is_active, self.is_anonymous = True, user.active, False

    def get_id(self) -> str:
        return str(self.id)

    def can(self, permission: str) -> bool:
        return can(self.role, permission)


@login_manager.user_loader
def load_user(user_id: str) -> SignedInUser | None:
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    return SignedInUser(user) if user is not None and user.active else None


def create_user(db: Session, email: str, role: str, password: str, name: str = "") -> User:
    """Add a user; raises ``ValueError`` for a bad role, a short password or a taken address."""
    email = email.strip().lower()
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise ValueError("the password must be at least 10 characters")
    if db.scalar(select(User).where(func.lower(User.email) == email)):
        raise ValueError(f"{email} already has an account")
    user = User(
        email=email,
        role=role,
        name=name or email.split("@")[0],
        active=True,
        password_hash=generate_password_hash(password),
        created_at=datetime.now(UTC),
    )
    db.add(user)
    db.flush()
    return user


def require(permission: str) -> Callable:
    """Sign-in plus one permission; the same check guards pages, downloads and JSON."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative ``//``."""
    if not target:
        return url_for("pages.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        user = db.scalar(select(User).where(func.lower(User.email) == form.email.data.strip().lower()))
        if user is None or not user.active or not check_password_hash(user.password_hash, form.password.data):
            form.password.errors.append("The email address or password is not right")
        else:
            session.clear()
            session.permanent = True
            login_user(SignedInUser(user))
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.login"))
