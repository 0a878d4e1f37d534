"""Administration: users and roles, and the settings every figure depends on."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..auth import create_user, require
from ..db import get_session, transaction
from ..forms import SettingsForm, UserForm
from ..models import User
from ..permissions import ROLES
from ..recompute import recompute
from ..settings import DESCRIPTIONS
from ..settings_store import load_settings, save_setting

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@require("manage_users")
def users():
    form = UserForm()
    if form.validate_on_submit():
        try:
            with transaction() as session:
                create_user(session, form.email.data, form.role.data, form.password.data, form.name.data or "")
        except ValueError as exc:
            form.email.errors.append(str(exc))
        else:
            flash(f"{form.email.data} can now sign in as {form.role.data}.")
            return redirect(url_for("admin.users"))
    items = get_session().scalars(select(User).order_by(User.email)).all()
    return render_template("admin/users.html", items=items, form=form, roles=ROLES), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["POST"])
@require("manage_users")
def change_user(user_id: int):
    role = request.form.get("role")
    active = request.form.get("active") == "yes"
    if role not in ROLES:
        abort(400)
    if user_id == current_user.id and (role != "admin" or not active):
        flash("You cannot remove your own administrator access.", "error")
        return redirect(url_for("admin.users"))
    with transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            abort(404)
        user.role, user.active = role, active
    flash(f"{user.email}: {role}, {'active' if active else 'signed out and blocked'}.")
    return redirect(url_for("admin.users"))


@bp.route("/settings", methods=["GET", "POST"])
@require("edit_settings")
def settings():
    session = get_session()
    current = load_settings(session)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        with transaction() as s:
            for key in DESCRIPTIONS:
                save_setting(s, key, str(getattr(form, key).data))
            recompute(s, load_settings(s))
        flash("Settings saved; every figure has been recalculated.")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, productive=current.productive_hours), (
        400 if form.errors else 200
    )
