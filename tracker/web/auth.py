"""Sign-in, sessions and the one permission check every route uses."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ..db import get_session, transaction
from ..domain.permissions import can, pay_organisation
from ..extensions import login_manager
from ..services.users import active_user, authenticate, sign_out_everywhere
from .forms import LoginForm
from .throttle import throttle

if TYPE_CHECKING:
    from ..models import User

bp = Blueprint("auth", __name__)


class SignedInUser:
    """What Flask-Login keeps for a request: the user row's id, email, name, role and organisation."""

    def __init__(self, user: User) -> None:
        self.id, self.email, self.name, self.role = user.id, user.email, user.name, user.role
        self.organisation_id = user.organisation_id
        self.pay_organisation = pay_organisation(user.role, user.organisation_id)
        self.is_authenticated, self.is_active, self.is_anonymous = True, user.active, False
        self.session_version = user.session_version or 0

    def get_id(self) -> str:
        """The user and the version of their sessions: a session from before sign-out no longer matches."""
        return f"{self.id}.{self.session_version}"

    def can(self, permission: str) -> bool:
        return can(self.role, permission)

    def sees_pay_of(self, organisation_id: int | None) -> bool:
        """Whether this user sees the actual pay (salaries, rates, costs) of a person of that organisation."""
        return organisation_id is not None and organisation_id == self.pay_organisation


@login_manager.user_loader
def load_user(session_id: str) -> SignedInUser | None:
    user_id, _, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None  # an id from before session versions, or forged: sign in again
    user = active_user(get_session(), int(user_id), int(version))
    return SignedInUser(user) if user is not None else None


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


def identity_providers() -> list:
    """The single sign-on providers (``web/single_sign_on.py``), one button each on the sign-in page."""
    return list(current_app.extensions.get("identity_providers", {}).values())


def begin_session(user: User, address: str | None) -> None:
    """Every sign-in ends here, by password or single sign-on: the account's failure count from this address
    cleared, a fresh session (nothing carried over from before sign-in) holding the user's session version."""
    throttle().succeeded(user.email, address)
    session.clear()
    session.permanent = True
    login_user(SignedInUser(user))


def _page(form: LoginForm, status: int = 200, refusal: str | None = None):
    page = render_template("auth/login.html", form=form, providers=identity_providers(), refusal=refusal)
    return make_response(page, status)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if not current_app.config.get("LOCAL_PASSWORDS", True):
        # Passwords switched off: the form is gone and a password posted anyway is refused, right or wrong.
        refusal = "Sign-in with a password is switched off here: use your organisation's account."
        return _page(form, 403, refusal) if request.method == "POST" else _page(form)
    if form.validate_on_submit():
        email, address = form.email.data or "", request.remote_addr
        wait = throttle().wait(email, address)
        if wait is not None:
            minutes = math.ceil(wait / 60)
            form.email.errors = [
                *form.email.errors,
                f"Too many failed sign-ins for this account or from this address: try again in {minutes} minute"
                + ("s" if minutes != 1 else ""),
            ]
            response = _page(form, 429)
            response.headers["Retry-After"] = str(wait)
            return response
        user = authenticate(get_session(), email, form.password.data or "")
        if user is None:
            throttle().failed(email, address)
            form.password.errors = [*form.password.errors, "The email address or password is not right"]
        else:
            begin_session(user, address)
            return redirect(safe_next(request.args.get("next")))
    return _page(form, 200 if not form.errors else 400)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    with transaction() as db_session:
        sign_out_everywhere(db_session, current_user.id)
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.login"))
