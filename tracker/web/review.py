"""The review queue: unattributed meetings, one click to attribute a series or an occurrence."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..reports import registers
from ..reports.changes import changes as recorded_changes
from ..reports.review_queue import LIMIT, may_review, series_groups, series_occurrences
from ..services import attribution, attribution_changes
from .auth import require

bp = Blueprint("review", __name__)


def _uploaded_by() -> str | None:
    """Managers review the meetings of calendars they uploaded; some roles review all."""
    return None if current_user.can("review_all") else current_user.email


@bp.route("/review")
@require("review")
def index():
    session = get_session()
    series = request.args.get("series")
    left_out = request.args.get("all") == "1"  # the series that take no one's time, left out of the queue
    return render_template(
        "review/index.html",
        left_out=left_out,
        limit=LIMIT,
        unattributed=series_groups(session, attributed=False, uploaded_by=_uploaded_by(), takes_time=not left_out),
        attributed=series_groups(session, attributed=True, uploaded_by=_uploaded_by()),
        partnerships=registers.partnerships(session),
        rule_partnerships=_rule_partnerships(session),
        series=series,
        occurrences=series_occurrences(session, series, uploaded_by=_uploaded_by()) if series else [],
    )


def _rule_partnerships(session):
    """The partnerships this user may add a rule to: every one for an administrator, else those they lead."""
    every = registers.partnerships(session)
    if current_user.can("add_any_rule"):
        return every
    led = registers.partnerships_led_by(session, current_user.email)
    return [p for p in every if p.id in led]


def _back(series: str | None = None) -> str:
    """The review page the form was on: its series opened, and the left-out view if it was that."""
    return url_for("review.index", series=series, all="1" if request.form.get("back_all") else None)


@bp.route("/review/attribute", methods=["POST"])
@require("review")
def attribute():
    series_key = request.form.get("series_key") or None
    meeting_id = request.form.get("meeting_id", type=int)
    target = request.form.get("partnership_id", "")
    if (series_key is None) == (meeting_id is None):
        abort(400)
    if not may_review(get_session(), series_key=series_key, meeting_id=meeting_id, uploaded_by=_uploaded_by()):
        abort(403)
    back = _back(series=request.form.get("back_series") or None)
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


@bp.route("/review/rule", methods=["POST"])
@require("review")
def rule():
    """Turn a correction into a rule: the meeting's title becomes a keyword of the partnership."""
    title = (request.form.get("title") or "").strip()
    partnership_id = request.form.get("partnership_id", type=int)
    if not title:
        abort(400)
    if partnership_id is None:
        flash("Choose the partnership the rule sends these meetings to: no rule was made.", "error")
        return redirect(_back())
    lead_only = not current_user.can("add_any_rule")
    try:
        with transaction() as session:
            made = attribution.add_title_rule(
                session, title, partnership_id, made_by=current_user.email, lead_only=lead_only
            )
    except attribution.NotTheLead:
        abort(403)
    except (attribution.UnknownPartnership, ValueError):
        abort(400)
    flash(f"Rule added: titles containing '{made.keyword}' now go to {made.partnership}.")
    return redirect(_back())


@bp.route("/review/changes")
@require("review")
def changes():
    """Every rule and correction with what it moved: administrators see everyone's, others their own."""
    mine = None if current_user.can("review_all") else current_user.email
    return render_template("review/changes.html", changes=recorded_changes(get_session(), made_by=mine))


@bp.route("/review/changes/<int:change_id>/revert", methods=["POST"])
@require("review")
def revert(change_id: int):
    try:
        with transaction() as session:
            done = attribution_changes.revert(
                session, change_id, by=current_user.email, any_change=current_user.can("review_all")
            )
    except attribution_changes.NotYours:
        abort(403)
    except attribution_changes.NothingToRevert as exc:
        abort(400, str(exc))
    flash(f"{done.summary}.")
    return redirect(url_for("review.changes"))
