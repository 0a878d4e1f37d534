"""Administration: users and roles, and the settings every figure depends on."""

from __future__ import annotations

import csv
import io
import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.entries import InvalidEntry
from ..domain.permissions import ROLE_NAMES, ROLES
from ..reports import audit as audit_trail
from ..reports import registers
from ..reports.cell_text import neutralise
from ..services import settings as setting_changes
from ..services import users
from .audit_words import readable
from .auth import require
from .forms import SettingsForm, UserForm, show_error
from .request_args import settings as current_settings

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"], endpoint="users")
@require("manage_users")
def users_page():
    organisations = registers.organisations(get_session())
    form = UserForm()
    form.organisation.choices = [("", "The host (administrators)")] + [(o.name, o.name) for o in organisations]
    local_passwords = current_app.config.get("LOCAL_PASSWORDS", True)
    if form.validate_on_submit():
        # With passwords switched off the account signs in only through single sign-on: a random password
        # nobody knows keeps the column filled and the account closed to password sign-in if it is turned on.
        password = (form.password.data or "") if local_passwords else secrets.token_urlsafe(32)
        try:
            with transaction() as session:
                users.create_user(
                    session,
                    form.email.data or "",
                    form.role.data,
                    password,
                    form.name.data or "",
                    form.organisation.data or None,
                )
        except InvalidEntry as exc:
            show_error(form, exc)
        else:
            where = form.organisation.data or "the host"
            flash(f"{form.email.data} can now sign in as {ROLE_NAMES.get(form.role.data, form.role.data)} of {where}.")
            return redirect(url_for("admin.users"))
    items = registers.users(get_session())
    names = {o.id: o.name for o in organisations}
    page = render_template(
        "admin/users.html",
        items=items,
        form=form,
        roles=ROLES,
        role_names=ROLE_NAMES,
        organisations=names,
        local_passwords=local_passwords,
    )
    return page, 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["POST"])
@require("manage_users")
def change_user(user_id: int):
    role, active = request.form.get("role", ""), request.form.get("active")
    # Absent (an older page, a script): the user stays in their organisation; blank: the host.
    organisation = (request.form["organisation"].strip() or None) if "organisation" in request.form else users.UNCHANGED
    if role not in ROLES or active not in ("yes", "no"):
        abort(400)
    try:
        with transaction() as session:
            user = users.change_user(
                session,
                user_id,
                role=role,
                active=active == "yes",
                organisation=organisation,
                by_user_id=current_user.id,
            )
    except users.UnknownUser:
        abort(404)
    except InvalidEntry as exc:
        flash(exc.message[:1].upper() + exc.message[1:] + ".", "error")
        return redirect(url_for("admin.users"))
    access = "active" if active == "yes" else "signed out and blocked"
    flash(f"{user.email}: {ROLE_NAMES[role]}, {access}.")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@require("manage_users")
def reset_password(user_id: int):
    """A new password for someone who forgot theirs; their sessions end, so pass it on to them yourself."""
    try:
        with transaction() as session:
            user = users.reset_password(session, user_id, request.form.get("password", ""))
    except users.UnknownUser:
        abort(404)
    except InvalidEntry as exc:
        flash(f"The new password {exc.message}.", "error")
        return redirect(url_for("admin.users"))
    flash(f"{user.email} has a new password and has been signed out everywhere. Tell them the new password.")
    return redirect(url_for("admin.users"))


AUDIT_PAGE = 50
AUDIT_COLUMNS = ["at", "who", "what", "whose", "filters", "asked", "outcome", "address", "through"]


@bp.route("/audit")
@require("view_audit")
def audit():
    session = get_session()
    number = max(1, request.args.get("page", 1, type=int))
    total = audit_trail.count(session)
    entries = [readable(e) for e in audit_trail.page(session, offset=(number - 1) * AUDIT_PAGE, limit=AUDIT_PAGE)]
    pages = max(1, -(-total // AUDIT_PAGE))
    return render_template("admin/audit.html", entries=entries, page=number, pages=pages, total=total)


@bp.route("/audit.csv")
@require("view_audit")
def audit_csv():
    """The whole trail, oldest first, streamed in the session of the stream's own context."""

    def rows():
        yield "\ufeff" + _csv_line(AUDIT_COLUMNS)
        for e in map(readable, audit_trail.every(get_session())):
            yield _csv_line(
                [
                    e.at.isoformat(timespec="seconds"),
                    e.who,
                    e.what,
                    e.whose,
                    e.filters,
                    e.asked,
                    e.outcome,
                    e.address,
                    e.through,
                ]
            )

    headers = {"Content-Disposition": 'attachment; filename="audit-trail.csv"'}
    return Response(stream_with_context(rows()), mimetype="text/csv", headers=headers)


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise(v) for v in values])
    return buffer.getvalue()


@bp.route("/settings", methods=["GET", "POST"])
@require("edit_settings")
def settings():
    current = current_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        with transaction() as session:
            setting_changes.change_settings(session, form.values())
        flash("Settings saved; every figure has been recalculated.")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, productive=current.productive_hours), (
        400 if form.errors else 200
    )
