"""The review queue: unattributed meetings, one click to attribute a series or an occurrence.

A manager reviews and corrects the meetings on the calendars of their own organisation's staff, whoever
uploaded them (``web/calendar_scope.py``); a correction of a meeting or series outside that answers 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.local_time import today
from ..reports import registers
from ..reports.changes import changes as recorded_changes
from ..reports.review_queue import (
    QueueFilter,
    may_review,
    queue_page,
    reviewable_series,
    series_beyond,
    series_occurrences,
)
from ..services import attribution, attribution_changes
from .auth import require
from .calendar_scope import needs_organisation, scope
from .paging import pagination
from .rules import rule_partnerships

bp = Blueprint("review", __name__)


FILTERS = ("all", "filtered", "unattributed", "partnership", "owner", "q", "page", "series")  # kept when a save returns


def _asked() -> QueueFilter:
    """The filters in the address. A first visit lists unattributed series; the filter form says so itself
    (``filtered``), as an unticked box sends nothing. One partnership's series are attributed ones."""
    args = request.args
    left_out = args.get("all") == "1"  # the series that take no one's time, left out of the queue
    partnership = args.get("partnership", type=int)
    ticked = args.get("unattributed") == "1" if args.get("filtered") else True
    return QueueFilter(
        unattributed=ticked and partnership is None and not left_out,
        left_out=left_out,
        partnership_id=None if left_out else partnership,
        owner=args.get("owner", "").strip()[:200],
        search=args.get("q", "").strip()[:200],
    )


@bp.route("/review")
@require("review")
@needs_organisation
def index():
    session = get_session()
    series = request.args.get("series")
    wanted = _asked()
    queue = queue_page(session, wanted, scope=scope(), page=request.args.get("page", 1, type=int), today=today())
    kept: dict[str, Any] = {key: request.args[key] for key in FILTERS[:-2] if key in request.args}  # not page, series
    return render_template(
        "review/index.html",
        scope=scope(),
        wanted=wanted,
        queue=queue,
        kept=kept,
        back=urlencode({**kept, "page": queue.page} if queue.page > 1 else kept),
        pages=pagination(queue.page, queue.pages, lambda n: url_for("review.index", page=n, **kept)),
        partnerships=registers.partnerships(session),
        rule_partnerships=rule_partnerships(session),
        series=series,
        occurrences=series_occurrences(session, series, scope=scope()) if series else [],
    )


def _back() -> str:
    """The review page the form was on, with its filters, page and opened series (only the queue's own
    arguments: the address is rebuilt, never taken as given)."""
    asked = dict(parse_qsl(request.form.get("back", "")))
    kept: dict[str, Any] = {key: value for key, value in asked.items() if key in FILTERS}
    if request.form.get("back_series"):
        kept["series"] = request.form["back_series"]
    if request.form.get("back_all"):
        kept["all"] = "1"
    return url_for("review.index", **kept)


@bp.route("/review/attribute", methods=["POST"])
@require("review")
@needs_organisation
def attribute():
    """One occurrence (``meeting_id``), or the series ticked (``series_key``, one or many), sent to the one
    partnership chosen: one transaction, one change to revert."""
    series_keys = list(dict.fromkeys(key for key in request.form.getlist("series_key") if key))
    meeting_id = request.form.get("meeting_id", type=int)
    target = request.form.get("partnership_id", "")
    back = _back()
    if series_keys and meeting_id is not None:
        abort(400)
    if not series_keys and meeting_id is None:
        if "ticked" in request.form:  # the queue's form, sent with nothing ticked
            flash("Tick the series to attribute, then choose the partnership: nothing was changed.", "error")
            return redirect(back)
        abort(400)
    session = get_session()
    if meeting_id is not None and not may_review(session, series_key=None, meeting_id=meeting_id, scope=scope()):
        abort(404)  # not on their organisation's calendars: as if it were not there
    if series_keys and reviewable_series(session, series_keys, scope()) != set(series_keys):
        abort(404)  # one of them is not: nothing is changed, as if it were not there
    beyond = series_beyond(session, series_keys, scope())
    if beyond:
        flash(_beyond(beyond, ticked=len(series_keys)), "error")
        return redirect(back)
    if target == "":  # nothing is chosen for the user: a stray "Save" must not misattribute a series
        flash("Choose a partnership, or “Not a partnership meeting”, before saving: nothing was changed.", "error")
        return redirect(back)
    if target == "rules":
        with transaction() as session:
            cleared = attribution.follow_rules(
                session, series_keys=series_keys, meeting_id=meeting_id, by=current_user.email
            )
        flash(
            "Saved: the rules decide again. What it moved is under Changes."
            if cleared
            else "It already follows the rules: nothing was changed."
        )
        return redirect(back)
    if not (target.isdigit() or target == "none"):
        abort(400)
    try:
        with transaction() as session:
            attribution.override(
                session,
                series_keys=series_keys,
                meeting_id=meeting_id,
                partnership_id=None if target == "none" else int(target),
                by=current_user.email,
            )
    except attribution.UnknownPartnership:
        abort(400)
    flash(
        f"Saved: {_what(series_keys, meeting_id)} attributed. What it moved is under Changes, where it can be reverted."
    )
    return redirect(back)


def _beyond(titles: list[str], *, ticked: int) -> str:
    """Why series known by their title alone, which reach other organisations' calendars, were not saved."""
    how = "open it and correct your organisation's meetings one by one, or ask an administrator. Nothing was changed."
    if ticked == 1:
        return (
            "This series also holds meetings on other organisations' calendars (it is known by its title alone), "
            f"so it is not yours to correct whole: {how}"
        )
    named = "; ".join(f"“{title}”" for title in titles)
    return (
        f"Of the series ticked, {named} also {'holds' if len(titles) == 1 else 'hold'} meetings on other "
        "organisations' calendars (known by the title alone), so not yours to correct whole: untick "
        f"{'it' if len(titles) == 1 else 'them'} and save the rest, or {how}"
    )


def _what(series_keys: list[str], meeting_id: int | None) -> str:
    if meeting_id is not None:
        return "one occurrence"
    return "the whole series" if len(series_keys) == 1 else f"{len(series_keys)} series"


@bp.route("/review/changes")
@require("review")
@needs_organisation
def changes():
    """Every rule and correction with what it moved: administrators see everyone's, others their own."""
    mine = None if current_user.can("all_calendars") else current_user.email
    return render_template("review/changes.html", changes=recorded_changes(get_session(), made_by=mine))


@bp.route("/review/changes/<int:change_id>/revert", methods=["POST"])
@require("review")
@needs_organisation
def revert(change_id: int):
    try:
        with transaction() as session:
            done = attribution_changes.revert(
                session, change_id, by=current_user.email, any_change=current_user.can("all_calendars")
            )
    except attribution_changes.NotYours:
        abort(403)
    except attribution_changes.NothingToRevert as exc:
        abort(400, str(exc))
    flash(f"{done.summary}.")
    return redirect(url_for("review.changes"))
