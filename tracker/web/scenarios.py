"""Scenarios: model a change to the partnership map before anything changes, save it, compare and export."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.entries import InvalidEntry
from ..domain.periods import Period
from ..reports import basis, planning, registers, scenario_inputs, scenarios
from ..reports.csv_files import CSV_KINDS, to_csv
from ..reports.scenario_inputs import grades_with_rates
from ..services import planning as planning_changes
from .auth import require
from .forms import SelectChoice, attempt
from .planning_forms import ScenarioForm
from .request_args import period_from_request, show_cost

bp = Blueprint("scenarios", __name__, url_prefix="/scenarios")


def _choices(form: ScenarioForm, period: Period) -> dict[str, str]:
    """The form's partnerships and grades to choose from; the partnerships' names by id."""
    session = get_session()
    names = {str(p.id): p.name for p in registers.partnerships(session)}
    form.partnerships.choices = [SelectChoice(pid, name) for pid, name in names.items()]
    form.grade.choices = [SelectChoice("", "Choose a grade")] + [
        SelectChoice(g, g) for g in grades_with_rates(session, period)
    ]
    return names


@bp.route("", methods=["GET", "POST"])
@require("model_scenarios")
def index():
    period, errors = period_from_request()
    # A link back from the second step ("Change the scenario") brings the answers given so far.
    form = ScenarioForm(formdata=request.args) if request.method == "GET" and "kind" in request.args else ScenarioForm()
    _choices(form, period)
    if form.is_submitted():
        if form.people_asked():
            if form.first_step_valid():
                return redirect(
                    f"{url_for('scenarios.people')}?{urlencode({**_span(period), **_answers(form)}, doseq=True)}"
                )
        elif form.validate() and (saved := _save(form, period)):
            return saved
    found = scenarios.results(get_session(), period)
    return render_template(
        "scenarios/index.html", period=period, errors=errors, form=form, results=found
    ), 400 if form.errors else 200


@bp.route("/people", methods=["GET", "POST"])
@require("model_scenarios")
def people():
    """The second step: who sends a deputy, or who sits on a merged board, among those who sit on the
    partnerships chosen over the period; the first step's answers travel with it."""
    period, errors = period_from_request()
    form = ScenarioForm() if request.method == "POST" else ScenarioForm(formdata=request.args)
    named = _choices(form, period)
    session = get_session()
    ids = tuple(int(i) for i in form.partnerships.data or () if str(i).isdigit())
    sitting = scenario_inputs.sitting(session, period, ids) if ids else set()
    choices = [SelectChoice(str(p.id), p.name) for p in registers.people(session) if p.id in sitting]
    form.members.choices = choices
    form.person.choices = [SelectChoice("", "Choose a person"), *choices]
    if request.method == "POST":
        if form.validate() and (saved := _save(form, period)):
            return saved
        if any(field.errors for name, field in form._fields.items() if name not in form.PEOPLE):
            found = scenarios.results(session, period)  # a first-step answer is wrong: asked there again
            return render_template("scenarios/index.html", period=period, errors=errors, form=form, results=found), 400
    chosen = [named[str(i)] for i in ids if str(i) in named]
    return render_template(
        "scenarios/people.html",
        period=period,
        errors=errors,
        form=form,
        partnerships=chosen,
        back={**_span(period), **_answers(form)},
    ), 400 if form.errors else 200


def _save(form: ScenarioForm, period: Period):
    """Save the scenario the form describes, and go to it; None (the form showing why) if a rule forbids it."""
    created: list[int] = []
    if not attempt(form, lambda s: created.append(planning_changes.save_scenario(s, form.entry, current_user.email))):
        return None
    flash(f"Scenario {form.entry.name} saved.")
    return redirect(f"{url_for('scenarios.show', scenario_id=created[0])}?{urlencode(_span(period))}")


def _answers(form: ScenarioForm) -> dict[str, object]:
    """The first step's answers, as a link carries them to the second step and back."""
    kept = ("name", "kind", "partnerships", "merge_meetings", "merge_hours", "grade", "choose_members")
    return {name: form[name].data for name in kept if form[name].data}


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
