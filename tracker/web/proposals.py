"""The gatekeeper: propose a partnership, see what it would cost and which partnerships it overlaps, answer
the questions, record the decision; a printable assessment and the register of proposals."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..db import get_session
from ..domain.gatekeeper import DECISIONS, HOURS_RANGE, MAX_PLACES, PURPOSE_ALIKE, QUESTIONS, frequency_words
from ..domain.proposal_entries import LISTED_GRADES
from ..reports import basis, planning, proposals, registers
from ..reports.csv_files import CSV_KINDS, to_csv
from ..services import proposals as proposal_changes
from . import pdf
from .auth import require
from .forms import SelectChoice, attempt
from .planning_forms import DecisionForm, ProposalForm
from .request_args import period_from_request, show_cost

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


@bp.route("")
@require("propose")
def index():
    session = get_session()
    items = proposals.proposals(session)
    return render_template(
        "proposals/index.html", items=items, projections={p.id: _projection(p) for p in items}, decisions=DECISIONS
    )


@bp.route("/new", methods=["GET", "POST"])
@require("propose")
def new():
    form = ProposalForm(data={"every": "month", "hours_each": "2"})
    form.people.choices = [SelectChoice(str(p.id), p.name) for p in registers.people(get_session())]
    form.registered = proposal_changes.registered(get_session())
    created: list[int] = []
    if form.validate_on_submit() and attempt(
        form, lambda s: created.append(proposal_changes.save_proposal(s, form.entry, current_user.email))
    ):
        flash(f"{form.entry.name} proposed: read its assessment below.")
        return redirect(url_for("proposals.show", proposal_id=created[0]))
    grades = sorted(form.registered.grades.values(), key=str.lower)
    return render_template(
        "proposals/new.html",
        form=form,
        grades=grades if len(grades) <= LISTED_GRADES else [],
        hours_range=HOURS_RANGE,
        max_places=MAX_PLACES,
    ), (400 if form.errors else 200)


def _projection(item):
    asked = proposals.asked(item)
    return proposal_changes.projection(
        get_session(), asked.people, asked.grade_places, item.every, item.hours_each, len(asked.sub_groups)
    )


def _assessment(proposal_id: int) -> dict:
    session = get_session()
    item = proposals.proposal(session, proposal_id)
    if item is None:
        abort(404)
    period, errors = period_from_request()
    asked = proposals.asked(item)
    projected = _projection(item)
    priced = current_user.can("view_costs") and show_cost(projected.people_costed)
    return dict(
        item=item,
        asked=asked,
        period=period,
        errors=errors,
        projected=projected,
        priced=priced,
        frequency=frequency_words(item.every),
        names=proposals.names_of(session, asked.people),
        equivalents=planning.front_line(session, projected.hours, projected.cost if priced else None),
        overlaps=proposals.overlapping(session, period, projected.person_hours(), item.purpose),
        alike=proposals.alike(session, item.name, item.purpose),
        purpose_alike=PURPOSE_ALIKE,
        questions=QUESTIONS,
        decisions=DECISIONS,
    )


@bp.route("/<int:proposal_id>", methods=["GET", "POST"])
@require("propose")
def show(proposal_id: int):
    page = _assessment(proposal_id)
    form = DecisionForm()
    form.referred_to.choices = [SelectChoice("", "Choose a partnership")] + [
        SelectChoice(str(p.id), p.name) for p in registers.partnerships(get_session())
    ]
    if form.is_submitted():
        if not current_user.can("decide_proposals"):
            abort(403)
        if form.validate() and attempt(
            form, lambda s: proposal_changes.decide(s, proposal_id, form.entry, current_user.email)
        ):
            flash(f"Decision recorded: {DECISIONS[form.entry.decision]}.")
            return redirect(url_for("proposals.show", proposal_id=proposal_id))
    return render_template("proposals/show.html", form=form, **page), 400 if form.errors else 200


@bp.route("/<int:proposal_id>/assessment")
@require("propose")
def assessment(proposal_id: int):
    """The same assessment on one printable page."""
    return render_template("proposals/assessment.html", pdf=pdf.available(), **_printable(proposal_id))


PRINTED_OVERLAPS = 5  # the strongest overlaps a one-page assessment has room for


def _printable(proposal_id: int) -> dict:
    page = _assessment(proposal_id)
    room = PRINTED_OVERLAPS - (1 if page["alike"] else 0)  # a warning takes a row's room
    page["more_overlaps"] = max(0, len(page["overlaps"]) - room)
    page["overlaps"] = page["overlaps"][:room]
    page["printable"] = True  # the page's own notes left off: the figures and warnings only
    return page


@bp.route("/<int:proposal_id>/assessment.pdf")
@require("propose")
def assessment_pdf(proposal_id: int):
    """The printable page as a PDF file, its style sheets inline."""
    if not pdf.available():
        abort(404, "PDFs are not available on this server: print the assessment page instead.")
    page = _printable(proposal_id)
    styles = pdf.inline_css(Path(current_app.static_folder or ""))
    html = render_template("proposals/assessment.html", inline_css=styles, pdf=False, **page)
    name = "".join(c if c.isalnum() else "-" for c in page["item"].name.lower()).strip("-")
    return Response(
        pdf.render(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="assessment-{name}.pdf"'},
    )


@bp.route("/register.csv")
@require("propose")
def download():
    session = get_session()
    items = proposals.proposals(session)
    rows = [(p, _projection(p)) for p in items]
    cost_basis = basis.of(session)
    return Response(
        to_csv("proposals", rows, basis.cell(session), for_excel=True, shown=show_cost),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{CSV_KINDS["proposals"].file_name(None, cost_basis)}"'},
    )
