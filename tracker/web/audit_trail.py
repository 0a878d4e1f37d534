"""Every change, sign-in and export made through the web, recorded as it happens.

One hook sees every request, so nothing has to remember to call it: each POST (whatever it changes),
each declared export (``audit_words.EXPORTS``, refused or not) and every answer that is a CSV, PDF or
JSON file (by its content type, so a new download is recorded even before anyone declares it) is written
to the audit trail with who asked, from where, what they asked in words, whose it was (the person,
partnership, user, proposal or calendar it names, looked up before the view can change it), with what
filters (the period, organisation, cost basis), what else was asked (the form's fields, never a password;
files by name and size) and how it ended. The entry is written in its own short transaction, outside the
one-writer lock, so a download is never held up by an import running.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ..db import get_session
from ..reports import audit as audit_names
from ..reports import basis
from ..services import audit, pending_uploads
from .audit_words import EXPORT_TYPES, EXPORTS, NOT_FIGURES, outcome, words
from .request_args import period_from_request

# The last two: whom an erasure is of. A calendar's address may hold its key (a published calendar's
# private link): the audit says whose calendar was connected, not where from.
SECRETS = {"password", "csrf_token", "subject", "confirmation", "url"}
# A salary is its organisation's own: the trail says one was given, never how much, since its readers (the
# host's administrators) see no one's pay.
PAY_FIELDS = ("salary",)
UNDATED = {"admin.audit_csv", "proposals.download"}  # exports that read no period (the whole trail, register)
WHOSE_FIELDS = ("email", "name", "title", "owner")  # a form that adds someone or something names it in these
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    @app.before_request
    def who() -> None:
        g.audit_actor = current_user.email if current_user.is_authenticated else None
        if request.endpoint and (request.method == "POST" or request.endpoint in EXPORTS):
            g.audit_whose = _safely(_whose, "")  # before the view: a removal leaves nothing to name after

    @app.after_request
    def record(response: Response) -> Response:
        if audited(request.endpoint, request.method, response.mimetype):
            _write(response)
        return response


def audited(endpoint: str | None, method: str, mimetype: str | None) -> bool:
    """Whether a request goes into the trail: every POST and every export, declared or found by its type."""
    if not endpoint or endpoint in NOT_FIGURES:
        return False
    return method == "POST" or endpoint in EXPORTS or mimetype in EXPORT_TYPES


def _safely(read, default):
    """A name or filter that cannot be read (a broken request, a row half-written) is left out, never
    the reason an entry is lost. A body refused unread (over the size limit) simply has nothing to name."""
    try:
        return read()
    except HTTPException:
        return default
    except Exception:  # noqa: BLE001 - the entry matters more than its detail
        log.exception("could not read a detail of the audit entry for %s", request.endpoint)
        return default


def _whose() -> str:
    """What the request names, in words: the rows its ids point at (in its address, form or query), the
    calendars of an upload, or the email, name or title a form adds."""
    if (request.endpoint or "").startswith("auth."):
        return ""  # signing in or out is about the actor
    session, found = get_session(), []
    arguments = dict(request.view_args or {})
    token = arguments.pop("token", None)
    for source in (arguments, request.form):
        for key, value in source.items():
            name = audit_names.name_of(session, key, value) if key != "organisation" else None
            if name and name not in found:
                found.append(name)
    owners = sorted({v.strip().lower() for k, v in request.form.items() if k.startswith("owner-") and v.strip()})
    if token:
        found.append(_upload(str(token), owners))
    if not found and request.method == "POST":
        found = [request.form[f].strip() for f in WHOSE_FIELDS if (request.form.get(f) or "").strip()][:1]
    return "; ".join(found)


def _upload(token: str, owners: list[str]) -> str:
    """An upload by its files and whose calendars they are (as chosen now, or as chosen at the preview)."""
    pending = pending_uploads.find(current_app.instance_path, token, by=None)  # naming it, not showing it
    if pending is None:
        return f"upload {token}"
    chosen = pending.choices()
    owners = owners or sorted({o for o in (chosen.owners.values() if chosen else []) if o})
    files = ", ".join(name[4:] for name in pending.names())
    return f"{files} ({', '.join(owners)})" if owners else files


def _filters(endpoint: str) -> dict[str, str]:
    """The query, in words (an organisation by name, scenarios by name); for an export of figures, the
    period and the cost basis they were read at, whether asked for or the default."""
    session, out, asked = get_session(), {}, set(request.args)
    if endpoint in EXPORTS and current_user.is_authenticated:
        if endpoint not in UNDATED or {"from", "to"} & asked:
            period, errors = period_from_request()
            if not errors:
                out["period"] = f"{period.start.isoformat()} to {period.end.isoformat()}"
                asked -= {"from", "to"}
    for key in request.args:
        if key not in asked:
            continue
        values = request.args.getlist(key)
        if key == "organisation":
            values = [audit_names.name_of(session, key, v) or v for v in values]
        elif key == "id" and endpoint.startswith("scenarios."):
            key, values = "scenarios", [audit_names.name_of(session, "scenario_id", v) or v for v in values]
        out[key] = ", ".join(v[:200] for v in values)
    if endpoint in EXPORTS and current_user.is_authenticated and endpoint != "admin.audit_csv":
        out["cost basis"] = basis.cell(session)  # at own pay, whose: the words a costed CSV row says
    return out


def _write(response: Response) -> None:
    endpoint = request.endpoint or ""
    if response.status_code == 413:  # refused unread (over MAX_CONTENT_LENGTH): reading the form refuses again
        actor = g.get("audit_actor") or (current_user.email if current_user.is_authenticated else "anonymous")
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return _entry(response, actor, {"bytes sent": request.content_length, "limit in bytes": limit}, whose="")
    actor = g.get("audit_actor") or (request.form.get("email") or "").strip().lower()[:320] or "anonymous"
    details: dict = {
        k: "(given, not recorded)" if any(word in k for word in PAY_FIELDS) and v else v[:200]
        for k, v in request.form.items()
        if k not in SECRETS
    }
    filters = _safely(lambda: _filters(endpoint), {})
    if filters:
        details["filters"] = filters
    if request.files:
        details["files"] = [
            {"name": f.filename, "bytes": f.stream.seek(0, 2)}
            for key in request.files
            for f in request.files.getlist(key)
        ]
    _entry(response, actor, details)


def _entry(response: Response, actor: str, details: dict, whose: str | None = None) -> None:
    endpoint = request.endpoint or ""
    to_sign_in = response.status_code == 302 and "/login" in (response.location or "")
    entry = dict(actor=actor, action=words(endpoint, request.view_args or {}))
    try:
        audit.record(
            current_app.extensions["database"].session,
            **entry,
            target=request.full_path.rstrip("?"),
            whose=whose if whose is not None else g.audit_whose if "audit_whose" in g else _safely(_whose, ""),
            outcome=outcome(response.status_code, to_sign_in=to_sign_in),
            address=request.remote_addr or "",
            details=details,
        )
    except Exception:  # the change itself has been made: say so loudly rather than fail the answer
        log.exception("could not write the audit entry %s", entry)
