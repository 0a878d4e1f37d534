"""Every change, sign-in and export made through the web, recorded as it happens.

One hook sees every request: each POST (whatever it changes) and each download of a CSV file is
written to the audit trail with who asked, from where, what they asked (the form's fields, never a
password; files by name and size) and how it ended. The entry is written in its own short
transaction, outside the one-writer lock, so a download is never held up by an import running.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, request
from flask_login import current_user

from ..services import audit

# What each endpoint's entry is called; an endpoint not listed is recorded under its own name.
ACTIONS = {
    "auth.login": "sign in",
    "auth.logout": "sign out",
    "uploads.start": "upload files",
    "uploads.owners": "preview import",
    "uploads.confirm": "confirm import",
    "uploads.undo": "undo import",
    "uploads.restore": "restore an undone import",
    "review.attribute": "correct attribution",
    "review.rule": "add a rule",
    "review.revert": "revert an attribution change",
    "cost_basis.switch": "switch the cost basis",
    "registers.load": "load a register",
    "registers.person": "change a person",
    "registers.new_person": "add a person",
    "registers.partnership": "change a partnership",
    "registers.grades": "change grades",
    "registers.rates": "change standard rates",
    "registers.oncosts": "change on-costs",
    "outcomes.load": "load outcomes",
    "outcomes.partnership": "record outcomes",
    "admin.users": "add a user",
    "admin.change_user": "change a user",
    "admin.reset_password": "set a password",
    "admin.settings": "change settings",
    "downloads.download": "export a CSV file",
    "admin.audit_csv": "export the audit trail",
}
EXPORTS = {"downloads.download", "admin.audit_csv"}  # recorded although they are GETs
SECRETS = {"password", "csrf_token"}
OUTCOMES = {400: "refused", 403: "forbidden", 404: "not found", 413: "too large", 429: "throttled"}
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    @app.before_request
    def who() -> None:
        g.audit_actor = current_user.email if current_user.is_authenticated else None

    @app.after_request
    def record(response: Response) -> Response:
        if request.endpoint and (request.method == "POST" or request.endpoint in EXPORTS):
            _write(response.status_code)
        return response


def _write(status: int) -> None:
    actor = g.get("audit_actor") or (request.form.get("email") or "").strip().lower()[:320] or "anonymous"
    details: dict = {k: v[:200] for k, v in request.form.items() if k not in SECRETS}
    if request.args:
        details["query"] = dict(request.args)
    if request.files:
        details["files"] = [
            {"name": f.filename, "bytes": f.stream.seek(0, 2)}
            for key in request.files
            for f in request.files.getlist(key)
        ]
    outcome = "done" if status < 400 else OUTCOMES.get(status, "failed")
    entry = dict(actor=actor, action=ACTIONS.get(request.endpoint or "", request.endpoint or ""))
    try:
        audit.record(
            current_app.extensions["database"].session,
            **entry,
            target=request.full_path.rstrip("?"),
            outcome=f"{outcome} ({status})",
            address=request.remote_addr or "",
            details=details,
        )
    except Exception:  # the change itself has been made: say so loudly rather than fail the answer
        log.exception("could not write the audit entry %s", entry)
