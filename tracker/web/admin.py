"""Administration: users and roles, and the settings every figure depends on."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.entries import InvalidEntry
from ..domain.permissions import ROLES
from ..reports import registers
from ..services import settings as setting_changes
from ..services import users
from .auth import require
from .forms import SettingsForm, UserForm, show_error
from .request_args import settings as current_settings

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"], endpoint="users")
@require("manage_users")
def users_page():
    form = UserForm()
    if form.validate_on_submit():
        try:
            with transaction() as session:
                users.create_user(
                    session, form.email.data or "", form.role.data, form.password.data or "", form.name.data or ""
                )
        except InvalidEntry as exc:
            show_error(form, exc)
        else:
            flash(f"{form.email.data} can now sign in as {form.role.data}.")
            return redirect(url_for("admin.users"))
    items = registers.users(get_session())
    return render_template("admin/users.html", items=items, form=form, roles=ROLES), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["POST"])
@require("manage_users")
def change_user(user_id: int):
    role, active = request.form.get("role", ""), request.form.get("active")
    if role not in ROLES or active not in ("yes", "no"):
        abort(400)
    try:
        with transaction() as session:
            user = users.change_user(session, user_id, role=role, active=active == "yes", by_user_id=current_user.id)
    except users.UnknownUser:
        abort(404)
    except InvalidEntry as exc:
        flash(exc.message[:1].upper() + exc.message[1:] + ".", "error")
        return redirect(url_for("admin.users"))
    flash(f"{user.email}: {role}, {'active' if active == 'yes' else 'signed out and blocked'}.")
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
