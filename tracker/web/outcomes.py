"""Outcomes in the Results-Based Accountability style: measures, reported values, CSV loads."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.results import KINDS
from ..reports import registers, results
from ..services import outcomes
from ..services.register_files import RegisterError
from .auth import require
from .forms import CsvForm, MeasureForm, OutcomeValueForm, SelectChoice, attempt

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")


def _editable_ids() -> set[int] | None:
    """None: every partnership; else those the signed-in user leads (none for roles that cannot edit)."""
    if current_user.can("edit_all_outcomes"):
        return None
    if not current_user.can("edit_outcomes"):
        return set()
    return registers.partnerships_led_by(get_session(), current_user.email)


def _may_edit(partnership_id: int) -> bool:
    allowed = _editable_ids()
    return allowed is None or partnership_id in allowed


@bp.route("/")
@require("view_outcomes")
def index():
    session = get_session()
    allowed = _editable_ids()
    return render_template(
        "outcomes/index.html",
        items=registers.partnerships(session),
        measures=results.measures_by_partnership(session),
        kinds=KINDS,
        form=CsvForm(),
        can_load=allowed is None or bool(allowed),
    )


@bp.route("/load", methods=["POST"])
@require("edit_outcomes")
def load():
    form = CsvForm()
    if not form.validate_on_submit():
        flash("Choose a CSV file to load.", "error")
        return redirect(url_for("outcomes.index"))
    try:
        with transaction() as session:
            data, name = form.file.data.read(), form.file.data.filename or "outcomes.csv"
            count = outcomes.load_outcomes(session, data, name, current_user.email, _editable_ids())
    except RegisterError as exc:
        flash(f"{exc}. Nothing was changed.", "error")
        return redirect(url_for("outcomes.index"))
    flash(f"{count} outcome values loaded.")
    return redirect(url_for("outcomes.index"))


@bp.route("/<int:partnership_id>", methods=["GET", "POST"])
@require("view_outcomes")
def partnership(partnership_id: int):
    session = get_session()
    item = registers.partnership(session, partnership_id)
    if item is None:
        abort(404)
    editable = current_user.can("edit_outcomes") and _may_edit(partnership_id)
    if request.method == "POST" and not editable:
        abort(403)
    measures = results.measures_of(session, partnership_id)
    measure_form, value_form = MeasureForm(prefix="measure"), OutcomeValueForm(prefix="value")
    value_form.measure.choices = [SelectChoice(str(m.id), m.name) for m in measures]
    done = _save(partnership_id, measure_form, value_form)
    if done:
        flash(done)
        return redirect(url_for("outcomes.partnership", partnership_id=partnership_id))
    return render_template(
        "outcomes/partnership.html",
        item=item,
        measures=measures,
        values=results.values_of(session, partnership_id),
        kinds=KINDS,
        editable=editable,
        measure_form=measure_form,
        value_form=value_form,
    ), 400 if measure_form.errors or value_form.errors else 200


def _save(partnership_id: int, measure_form: MeasureForm, value_form: OutcomeValueForm) -> str | None:
    """Add a measure or record a value, whichever form was sent: what to tell the user, or None."""
    if "measure-name" in request.form and measure_form.validate_on_submit():
        if attempt(measure_form, lambda s: outcomes.add_measure(s, partnership_id, measure_form.entry)):
            return "Measure added."
    elif "value-value" in request.form and value_form.validate_on_submit():
        measure_id = int(value_form.measure.data)
        if attempt(
            value_form,
            lambda s: outcomes.record_value(s, partnership_id, measure_id, value_form.entry, current_user.email),
        ):
            return "Value recorded."
    return None
