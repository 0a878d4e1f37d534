"""Data protection pages: the privacy notice for the staff whose calendars are read (public), and, for
administrators, erasing a person or an organisation and answering a subject access request."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..reports import subject_access
from ..reports.connected_calendars import agreed_organisations
from ..services import privacy
from .auth import require
from .request_args import settings as current_settings

bp = Blueprint("privacy", __name__)


@bp.route("/privacy")
def notice():
    """Open to anyone, signed in or not: the people it is for may have no account."""
    return render_template(
        "pages/privacy.html", settings=current_settings(), connected=agreed_organisations(get_session())
    )


# The form's fields are ``subject`` and ``confirmation``, which the audit trail leaves out (web/audit_trail.py):
# the erasure's own entry says what went, by reference, and nothing says whom.
@bp.route("/admin/erase", methods=["GET", "POST"])
@require("erase_data")
def erase():
    kind = request.form.get("kind", "person")
    subject = (request.form.get("subject") or "").strip()
    if request.method == "GET" or not subject or kind not in privacy.KINDS:
        return render_template("admin/erase.html", kind=kind, subject=subject, plan=None), (
            400 if request.method == "POST" else 200
        )
    try:
        if request.form.get("step") != "erase":
            plan = privacy.erasure_plan(get_session(), kind, subject)
            return render_template("admin/erase.html", kind=kind, subject=subject, plan=plan)
        if (request.form.get("confirmation") or "").strip().lower() != subject.lower():
            plan = privacy.erasure_plan(get_session(), kind, subject)
            flash("Type the address or name exactly as shown to confirm the erasure.", "error")
            return render_template("admin/erase.html", kind=kind, subject=subject, plan=plan), 400
        with transaction() as session:
            done = privacy.erase(session, kind, subject, by=current_user.email)
    except privacy.NotFound:
        flash(f"No {kind} of that {'address' if kind == 'person' else 'name'} is held.", "error")
        return render_template("admin/erase.html", kind=kind, subject="", plan=None), 404
    flash(done.summary()[:1].upper() + done.summary()[1:] + ".")
    return redirect(url_for("privacy.erase"))


@bp.route("/admin/subject-access", methods=["GET", "POST"])
@require("subject_access")
def subject_access_page():
    if request.method == "GET":
        return render_template("admin/subject_access.html")
    email = (request.form.get("email") or "").strip()
    try:
        held = privacy.subject_access_request(get_session(), email)
    except privacy.NotFound:
        flash("No person of that address is held.", "error")
        return render_template("admin/subject_access.html"), 404
    name = "subject-access"
    if request.form.get("format") == "zip":
        headers = {"Content-Disposition": f'attachment; filename="{name}.zip"'}
        return Response(subject_access.as_zip(held), mimetype="application/zip", headers=headers)
    headers = {"Content-Disposition": f'attachment; filename="{name}.json"'}
    return Response(subject_access.as_json(held), mimetype="application/json", headers=headers)
