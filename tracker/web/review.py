"""The review queue: unattributed meetings, one click to attribute a series or an occurrence.

A manager reviews and corrects the meetings on the calendars of their own organisation's staff, whoever
uploaded them (``web/calendar_scope.py``); a correction of a meeting or series outside that answers 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..reports import registers
from ..reports.changes import changes as recorded_changes
from ..reports.review_queue import LIMIT, may_review, reaches_beyond, series_groups, series_occurrences
from ..services import attribution, attribution_changes
from .auth import require
from .calendar_scope import needs_organisation, scope
from .rules import rule_partnerships

bp = Blueprint("review", __name__)


@bp.route("/review")
@require("review")
@needs_organisation
def index():
    session = get_session()
    series = request.args.get("series")
    left_out = request.args.get("all") == "1"  # the series that take no one's time, left out of the queue
    return render_template(
        "review/index.html",
        scope=scope(),
        left_out=left_out,
        limit=LIMIT,
        unattributed=series_groups(session, attributed=False, scope=scope(), takes_time=not left_out),
        attributed=series_groups(session, attributed=True, scope=scope()),
        partnerships=registers.partnerships(session),
        rule_partnerships=rule_partnerships(session),
        series=series,
        occurrences=series_occurrences(session, series, scope=scope()) if series else [],
    )


def _back(series: str | None = None) -> str:
    """The review page the form was on: its series opened, and the left-out view if it was that."""
    return url_for("review.index", series=series, all="1" if request.form.get("back_all") else None)


@bp.route("/review/attribute", methods=["POST"])
@require("review")
@needs_organisation
def attribute():
    series_key = request.form.get("series_key") or None
    meeting_id = request.form.get("meeting_id", type=int)
    target = request.form.get("partnership_id", "")
    if (series_key is None) == (meeting_id is None):
        abort(400)
    if not may_review(get_session(), series_key=series_key, meeting_id=meeting_id, scope=scope()):
        abort(404)  # not on their organisation's calendars: as if it were not there
    back = _back(series=request.form.get("back_series") or None)
    if series_key is not None and reaches_beyond(get_session(), series_key, scope()):
        flash(
            "This series also holds meetings on other organisations' calendars (it is known by its title alone), "
            "so it is not yours to correct whole: open it and correct your organisation's meetings one by one, "
            "or ask an administrator. Nothing was changed.",
            "error",
        )
        return redirect(back)
    if target == "":  # nothing is chosen for the user: a stray "Save" must not misattribute a series
        flash("Choose a partnership, or “Not a partnership meeting”, before saving: nothing was changed.", "error")
        return redirect(back)
    if target == "rules":
        with transaction() as session:
            cleared = attribution.follow_rules(
                session, series_key=series_key, meeting_id=meeting_id, by=current_user.email
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
                series_key=series_key,
                meeting_id=meeting_id,
                partnership_id=None if target == "none" else int(target),
                by=current_user.email,
            )
    except attribution.UnknownPartnership:
        abort(400)
    flash(
        "Saved: " + ("one occurrence" if meeting_id else "the whole series") + " attributed. "
        "What it moved is under Changes, where it can be reverted."
    )
    return redirect(back)


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
