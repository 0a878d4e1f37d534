"""Scenarios: model a change to the partnership map before anything changes, save it, compare and export."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.entries import InvalidEntry
from ..domain.periods import Period
from ..reports import basis, planning, registers, scenarios
from ..reports.csv_files import CSV_KINDS, to_csv
from ..reports.scenario_inputs import grades_with_rates
from ..services import planning as planning_changes
from .auth import require
from .forms import SelectChoice, attempt
from .planning_forms import ScenarioForm
from .request_args import period_from_request, show_cost

bp = Blueprint("scenarios", __name__, url_prefix="/scenarios")


def _choices(form: ScenarioForm, period: Period) -> None:
    session = get_session()
    names = [SelectChoice(str(p.id), p.name) for p in registers.partnerships(session)]
    people = [SelectChoice(str(p.id), p.name) for p in registers.people(session)]
    form.partnerships.choices = names
    form.members.choices = people
    form.person.choices = [SelectChoice("", "Choose a person"), *people]
    form.grade.choices = [SelectChoice("", "Choose a grade")] + [
        SelectChoice(g, g) for g in grades_with_rates(session, period)
    ]


@bp.route("", methods=["GET", "POST"])
@require("model_scenarios")
def index():
    period, errors = period_from_request()
    form = ScenarioForm()
    _choices(form, period)
    created: list[int] = []
    if form.validate_on_submit() and attempt(
        form, lambda s: created.append(planning_changes.save_scenario(s, form.entry, current_user.email))
    ):
        flash(f"Scenario {form.entry.name} saved.")
        return redirect(f"{url_for('scenarios.show', scenario_id=created[0])}?{urlencode(_span(period))}")
    found = scenarios.results(get_session(), period)
    return render_template(
        "scenarios/index.html", period=period, errors=errors, form=form, results=found
    ), 400 if form.errors else 200


@bp.route("/<int:scenario_id>")
@require("model_scenarios")
def show(scenario_id: int):
    period, errors = period_from_request()
    matching = scenarios.results(get_session(), period, [scenario_id])
    if not matching:
        abort(404)
    found = matching[0]
    saved = found.outcome
    equivalents = None
    if saved is not None:
        visible = saved.cost_saved if show_cost(found.people) else None
        equivalents = planning.front_line(get_session(), saved.hours_saved, visible)
    return render_template("scenarios/show.html", period=period, errors=errors, result=found, equivalents=equivalents)


@bp.route("/<int:scenario_id>/remove", methods=["POST"])
@require("model_scenarios")
def remove(scenario_id: int):
    saved = scenarios.scenario(get_session(), scenario_id)
    if saved is not None and saved.created_by != current_user.email and not current_user.can("edit_any_scenario"):
        abort(403)
    try:
        with transaction() as session:
            name = planning_changes.remove_scenario(session, scenario_id)
    except InvalidEntry:
        abort(404)
    flash(f"Scenario {name} removed.")
    return redirect(url_for("scenarios.index"))


def _chosen() -> list[int] | None:
    ids = [int(i) for i in request.args.getlist("id") if i.isdigit()]
    return ids or None


@bp.route("/compare")
@require("model_scenarios")
def compare():
    period, errors = period_from_request()
    found = scenarios.results(get_session(), period, _chosen())
    return render_template("scenarios/compare.html", period=period, errors=errors, results=found)


@bp.route("/compare.csv")
@require("model_scenarios")
def download():
    """The scenarios compared, as the comparison page shows them (costs where the page shows them)."""
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    session = get_session()
    found = scenarios.results(session, period, _chosen())
    cost_basis = basis.of(session)
    name = CSV_KINDS["scenarios"].file_name(period, cost_basis)
    return Response(
        to_csv("scenarios", found, basis.cell(session), for_excel=True, shown=show_cost),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _span(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}
