"""The review queue: unattributed meetings, one click to attribute a series or an occurrence."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..auth import require
from ..db import get_session, transaction
from ..models import Attendance, AttributionOverride, CalendarImport, Meeting, MeetingCopy, Partnership
from ..recompute import recompute
from ..settings_store import load_settings

bp = Blueprint("review", __name__)


def _visible_meetings():
    """Managers review the meetings of calendars they uploaded; administrators review all."""
    query = select(Meeting.id)
    if current_user.role != "admin":
        query = (
            query.join(MeetingCopy, MeetingCopy.meeting_id == Meeting.id)
            .join(CalendarImport, CalendarImport.id == MeetingCopy.import_id)
            .where(CalendarImport.imported_by == current_user.email)
        )
    return query


def _groups(attributed: bool):
    condition = Meeting.partnership_id.is_not(None) if attributed else Meeting.partnership_id.is_(None)
    hours = (
        select(Attendance.meeting_id, func.sum(Attendance.hours).label("hours"))
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.series_key,
            func.max(Meeting.title),
            func.count(Meeting.id),
            func.min(Meeting.start),
            func.max(Meeting.start),
            func.coalesce(func.sum(hours.c.hours), 0),
            func.max(Meeting.attribution),
            func.max(Partnership.name),
            func.min(Meeting.id),
        )
        .outerjoin(hours, hours.c.meeting_id == Meeting.id)
        .outerjoin(Partnership, Partnership.id == Meeting.partnership_id)
        .where(condition, Meeting.private.is_(False), Meeting.id.in_(_visible_meetings()))
        .group_by(Meeting.series_key)
        .order_by(func.coalesce(func.sum(hours.c.hours), 0).desc(), func.max(Meeting.title))
        .limit(300)
    )
    keys = ("series_key", "title", "count", "first", "last", "hours", "reason", "partnership", "meeting_id")
    return [dict(zip(keys, row, strict=True)) for row in get_session().execute(query)]


@bp.route("/review")
@require("review")
def index():
    session = get_session()
    partnerships = session.scalars(select(Partnership).order_by(Partnership.name)).all()
    series = request.args.get("series")
    occurrences = []
    if series:
        occurrences = session.scalars(
            select(Meeting)
            .where(Meeting.series_key == series, Meeting.id.in_(_visible_meetings()))
            .order_by(Meeting.start)
        ).all()
    return render_template(
        "review/index.html",
        unattributed=_groups(False),
        attributed=_groups(True),
        partnerships=partnerships,
        series=series,
        occurrences=occurrences,
    )


def _may_touch(series_key: str | None, meeting_id: int | None) -> None:
    session = get_session()
    visible = _visible_meetings()
    if meeting_id is not None:
        ok = session.scalar(select(func.count()).where(Meeting.id == meeting_id, Meeting.id.in_(visible)))
    else:
        ok = session.scalar(select(func.count()).where(Meeting.series_key == series_key, Meeting.id.in_(visible)))
    if not ok:
        abort(403)


@bp.route("/review/attribute", methods=["POST"])
@require("review")
def attribute():
    series_key = request.form.get("series_key") or None
    meeting_id = request.form.get("meeting_id", type=int)
    target = request.form.get("partnership_id", "")
    if (series_key is None) == (meeting_id is None) or not (target.isdigit() or target == "none"):
        abort(400)
    _may_touch(series_key, meeting_id)
    with transaction() as session:
        partnership_id = None if target == "none" else int(target)
        if partnership_id is not None and session.get(Partnership, partnership_id) is None:
            abort(400)
        existing = session.scalar(
            select(AttributionOverride).where(
                AttributionOverride.meeting_id == meeting_id
                if meeting_id
                else AttributionOverride.series_key == series_key
            )
        )
        override = existing or AttributionOverride(series_key=None if meeting_id else series_key, meeting_id=meeting_id)
        override.partnership_id = partnership_id
        override.made_by = current_user.email
        override.made_at = datetime.now(UTC)
        session.add(override)
        session.flush()
        recompute(session, load_settings(session))
    flash("Saved: " + ("one occurrence" if meeting_id else "the whole series") + " attributed.")
    return redirect(url_for("review.index"))


@bp.route("/review/rule", methods=["POST"])
@require("review")
def rule():
    """Turn a correction into a rule: the meeting's title becomes a keyword of the partnership."""
    title = (request.form.get("title") or "").strip()
    partnership_id = request.form.get("partnership_id", type=int)
    if not title or partnership_id is None:
        abort(400)
    with transaction() as session:
        partnership = session.get(Partnership, partnership_id)
        if partnership is None:
            abort(400)
        keyword = title.replace(";", " ")
        words = [k for k in (partnership.keywords or "").split(";") if k.strip()]
        if keyword.lower() not in (w.strip().lower() for w in words):
            partnership.keywords = ";".join([*words, keyword])
        session.flush()
        recompute(session, load_settings(session))
    flash(f"Rule added: titles containing '{keyword}' now go to {partnership.name}.")
    return redirect(url_for("review.index"))
