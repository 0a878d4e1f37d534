"""Title rules: what a rule would move, per partnership, shown before it is saved; a lead's rule that takes
meetings from other partnerships sent to an administrator, who approves or refuses it.

The preview is rehearsed (``db.rehearsal``: made, read, rolled back) through the same service that saves,
and the save carries the preview's digest: what was shown is what is saved, or the page shows the new
preview instead.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, rehearsal, transaction
from ..reports import registers
from ..reports.rule_requests import rule_requests
from ..services import attribution, rule_changes
from .auth import require
from .calendar_scope import needs_organisation, scope

bp = Blueprint("rules", __name__)


def rule_partnerships(session) -> list:
    """The partnerships this user may add a rule to: every one for an administrator, else those they lead."""
    every = registers.partnerships(session)
    if current_user.can("add_any_rule"):
        return every
    led = registers.partnerships_led_by(session, current_user.email)
    return [p for p in every if p.id in led]


def _queue() -> str:
    """The review page the rule was started from (its left-out view if it was that)."""
    return url_for("review.index", all="1" if request.form.get("back_all") else None)


def _asked() -> tuple[str, int | None]:
    title = (request.form.get("title") or "").strip()
    if not title:
        abort(400)
    return title, request.form.get("partnership_id", type=int)


def _unchosen():
    flash("Choose the partnership the rule sends these meetings to: no rule was made.", "error")
    return redirect(_queue())


@bp.route("/review/rule/new")
@require("review")
@needs_organisation
def start():
    """A rule from a series' title: the partnership to send it to, chosen from those this user may make a
    rule for, then the preview. One page for the series asked about, so the queue needs no drop-down a row."""
    title = (request.args.get("title") or "").strip()
    if not title:
        abort(400)
    return render_template(
        "review/rule_new.html",
        title=title,
        rule_partnerships=rule_partnerships(get_session()),
        back_all=request.args.get("back_all"),
    )


@bp.route("/review/rule/preview", methods=["POST"])
@require("review")
@needs_organisation
def preview():
    """The first step: what the rule would move, partnership by partnership; nothing is kept."""
    title, partnership_id = _asked()
    if partnership_id is None:
        return _unchosen()
    try:
        return _preview_page(title, partnership_id)
    except attribution.NotTheLead:
        abort(403)
    except (attribution.UnknownPartnership, ValueError):
        abort(400)


@bp.route("/review/rule", methods=["POST"])
@require("review")
@needs_organisation
def rule():
    """The second step: the rule confirmed with its preview's digest (``seen``) is made, or, when it takes
    meetings from other partnerships and the user is not an administrator, sent to one."""
    title, partnership_id = _asked()
    if partnership_id is None:
        return _unchosen()
    seen = request.form.get("seen", "")
    if not seen:
        abort(400, "Preview the rule first: a rule is saved only after its preview has been seen.")
    try:
        with transaction() as session:
            made = rule_changes.save_rule(
                session,
                title,
                partnership_id,
                by=current_user.email,
                administrator=current_user.can("add_any_rule"),
                expected=seen,
            )
    except rule_changes.PreviewOutdated:  # before ValueError, which it is
        return _preview_page(title, partnership_id, outdated=True)
    except attribution.NotTheLead:
        abort(403)
    except (attribution.UnknownPartnership, ValueError):
        abort(400)
    except rule_changes.NeedsAdministrator as held:
        with transaction() as session:
            rule_changes.ask_administrator(session, held.preview, by=current_user.email)
        flash(
            f"Sent to an administrator: the rule would take meetings from {', '.join(held.preview.losers)}. "
            "Nothing moves unless an administrator approves it."
        )
        return redirect(url_for("rules.requests"))
    flash(f"Rule added: titles containing '{made.keyword}' now go to {made.partnership}.")
    return redirect(_queue())


def _preview_page(title: str, partnership_id: int, *, outdated: bool = False):
    examples_from = scope()  # example titles only from calendars the user may see (read before the rehearsal)
    with rehearsal() as session:
        preview = rule_changes.preview_rule(
            session,
            title,
            partnership_id,
            by=current_user.email,
            lead_only=not current_user.can("add_any_rule"),
            examples_from=examples_from,
        )
    return render_template(
        "review/rule.html",
        preview=preview,
        outdated=outdated,
        held=preview.takes_from_others and not current_user.can("add_any_rule"),
        rule_partnerships=rule_partnerships(get_session()),
        back_all=request.form.get("back_all"),
    )


@bp.route("/review/rules")
@require("review")
@needs_organisation
def requests():
    """Rules waiting for an administrator: administrators see each with what approving it would move now;
    others see the rules they asked for and what became of them."""
    if not current_user.can("add_any_rule"):
        mine = rule_requests(get_session(), asked_by=current_user.email)
        return render_template("review/rule_requests.html", waiting=[], decided=mine)
    waiting = []
    for row in rule_requests(get_session(), status="pending"):
        with rehearsal() as session:
            waiting.append((row, rule_changes.preview_request(session, row.id, by=current_user.email)))
    decided = [r for r in rule_requests(get_session()) if r.status != "pending"]
    return render_template("review/rule_requests.html", waiting=waiting, decided=decided)


@bp.route("/review/rules/<int:request_id>/approve", methods=["POST"])
@require("add_any_rule")
def approve(request_id: int):
    try:
        with transaction() as session:
            made = rule_changes.approve(
                session, request_id, by=current_user.email, expected=request.form.get("seen", "")
            )
    except rule_changes.NoSuchRequest:
        abort(404)
    except rule_changes.PreviewOutdated:
        flash(
            "What the rule would move has changed since the page was shown: nothing was changed. "
            "Look at it again below.",
            "error",
        )
        return redirect(url_for("rules.requests"))
    flash(
        f"Approved: titles containing '{made.keyword}' now go to {made.partnership}. "
        "What it moved is under Changes, where it can be reverted."
    )
    return redirect(url_for("rules.requests"))


@bp.route("/review/rules/<int:request_id>/refuse", methods=["POST"])
@require("add_any_rule")
def refuse(request_id: int):
    try:
        with transaction() as session:
            refused = rule_changes.refuse(session, request_id, by=current_user.email)
            keyword = refused.keyword
    except rule_changes.NoSuchRequest:
        abort(404)
    flash(f"Refused: the rule '{keyword}' was not made; nothing moved.")
    return redirect(url_for("rules.requests"))
