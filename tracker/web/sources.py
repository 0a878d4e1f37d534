"""The Sources page: connected calendars, for managers (their own organisation's staff) and administrators.

Add one (testing the connection first if wished), see each one's last sync, what it brought and its errors
in words, when it runs next; sync it now, pause, resume or remove it. Every change goes through
``services/sources.py`` and is audited (``audit_words``); a password typed here is encrypted at once and
never shown again. A source outside the user's scope answers "not found", as if it were not there.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import background
from ..db import get_session, transaction
from ..domain.source_addresses import KIND_NAMES
from ..fetching.web_reader import system_resolver
from ..reports import connected_calendars
from ..services import source_sync
from ..services import sources as connecting
from ..services.source_secrets import SecretsUnavailable
from .auth import require
from .calendar_scope import needs_organisation, scope
from .forms import SourceForm

bp = Blueprint("sources", __name__)


def _organisation() -> int | None:
    """The organisation whose staff's calendars the user connects; None for everyone's (administrators)."""
    return None if scope().everyone else scope().organisation_id


def _listed(source_id: int) -> connected_calendars.Listed:
    """The source, if it is in the user's scope: anyone else is told there is none."""
    found = connected_calendars.listing(get_session(), organisation_id=_organisation(), source_id=source_id)
    if not found:
        abort(404)
    return found[0]


@bp.route("/sources", methods=["GET", "POST"])
@require("connect_calendars")
@needs_organisation
def index():
    form = SourceForm()
    tested = None
    if form.validate_on_submit():
        new = connecting.NewSource(
            owner=form.owner.data or "",
            url=form.url.data or "",
            kind=form.kind.data or None,
            username=form.username.data or "",
            secret=form.password.data or "",
        )
        if request.form.get("test"):
            tested = _test(new)
        else:
            try:
                with transaction() as session:
                    source = connecting.connect(
                        session,
                        new,
                        by=current_user.email,
                        key=current_app.config["SOURCES_KEY"],
                        resolve=system_resolver,
                        within=_organisation(),
                    )
                    source_id = source.id
            except (connecting.SourceRefused, SecretsUnavailable) as exc:
                form.url.errors = [*form.url.errors, _sentence(str(exc))]
            else:
                flash(f"Calendar connected (source {source_id}). Its first sync runs next; sync it now to see it.")
                return redirect(url_for("sources.index"))
    rows = connected_calendars.listing(get_session(), organisation_id=_organisation())
    status = 400 if form.errors or (tested and not tested[0]) else 200
    return render_template(
        "sources/index.html", form=form, rows=rows, kinds=KIND_NAMES, tested=tested, scope=scope()
    ), status


def _test(new: connecting.NewSource) -> tuple[bool, str]:
    """Whether the server answers with a calendar, in words; nothing stored. Only a calendar the user may
    connect is tested: the same checks as connecting it (whose, agreed, the address)."""
    try:
        checked = connecting.check(get_session(), new, resolve=system_resolver, within=_organisation())
        settings = source_sync.SyncSettings.of(current_app.config)
        prepared = source_sync.trial(
            get_session(), checked.kind, checked.url, checked.owner, new.username, new.secret, settings
        )
        return True, source_sync.test_connection(prepared, system_resolver)
    except (connecting.SourceRefused, source_sync.SyncFailed) as exc:
        return False, _sentence(str(exc))


@bp.route("/sources/<int:source_id>/sync", methods=["POST"])
@require("connect_calendars")
@needs_organisation
def sync(source_id: int):
    listed = _listed(source_id)
    background.submit_sync(listed.id)
    flash(f"The calendar of {listed.owner} is being synced: its result shows here when it is done.")
    return redirect(url_for("sources.index"))


@bp.route("/sources/<int:source_id>/pause", methods=["POST"])
@require("connect_calendars")
@needs_organisation
def pause(source_id: int):
    listed = _listed(source_id)
    with transaction() as session:
        connecting.set_paused(session, listed.id, True, f"paused by {current_user.email}")
    flash(f"The calendar of {listed.owner} is paused: it is not synced until it is resumed.")
    return redirect(url_for("sources.index"))


@bp.route("/sources/<int:source_id>/resume", methods=["POST"])
@require("connect_calendars")
@needs_organisation
def resume(source_id: int):
    listed = _listed(source_id)
    with transaction() as session:
        connecting.set_paused(session, listed.id, False)
    flash(f"The calendar of {listed.owner} is synced again from its next run.")
    return redirect(url_for("sources.index"))


@bp.route("/sources/<int:source_id>/remove", methods=["POST"])
@require("connect_calendars")
@needs_organisation
def remove(source_id: int):
    listed = _listed(source_id)
    with transaction() as session:
        connecting.disconnect(session, listed.id)
    flash(f"The calendar of {listed.owner} is disconnected. What it imported stays, as an upload's would.")
    return redirect(url_for("sources.index"))


def _sentence(text: str) -> str:
    """A message as a sentence, unless it starts with an address (never written "Bob@nhs.net")."""
    first = text.split(" ", 1)[0]
    return text if "@" in first or "://" in first else text[:1].upper() + text[1:]
