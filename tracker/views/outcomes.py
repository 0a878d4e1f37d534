"""Outcomes in the Results-Based Accountability style: measures, reported values, CSV loads."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..auth import require
from ..db import get_session, transaction
from ..forms import CsvForm, MeasureForm, OutcomeValueForm
from ..models import Measure, OutcomeValue, Partnership
from ..outcomes import load_outcomes, record_value
from ..registers import RegisterError
from ..results import KINDS

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")


def _editable_ids(session) -> set[int] | None:
    """None: every partnership (administrators); else those the signed-in manager leads."""
    if current_user.role == "admin":
        return None
    if not current_user.can("edit_outcomes"):
        return set()
    return {p.id for p in session.scalars(select(Partnership).where(Partnership.lead_email == current_user.email))}


def may_edit(session, partnership_id: int) -> bool:
    allowed = _editable_ids(session)
    return allowed is None or partnership_id in allowed


@bp.route("/")
@require("view_outcomes")
def index():
    session = get_session()
    items = session.scalars(select(Partnership).order_by(Partnership.name)).all()
    measures: dict[int, list[Measure]] = {}
    for m in session.scalars(select(Measure).order_by(Measure.name)):
        measures.setdefault(m.partnership_id, []).append(m)
    allowed = _editable_ids(session)
    return render_template(
        "outcomes/index.html",
        items=items,
        measures=measures,
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
            count = load_outcomes(
                session,
                form.file.data.read(),
                form.file.data.filename or "outcomes.csv",
                current_user.email,
                _editable_ids(session),
            )
    except RegisterError as exc:
        flash(f"{exc}. Nothing was changed.", "error")
        return redirect(url_for("outcomes.index"))
    flash(f"{count} outcome values loaded.")
    return redirect(url_for("outcomes.index"))


@bp.route("/<int:partnership_id>", methods=["GET", "POST"])
@require("view_outcomes")
def partnership(partnership_id: int):
    session = get_session()
    item = session.get(Partnership, partnership_id)
    if item is None:
        abort(404)
    editable = may_edit(session, partnership_id) and current_user.can("edit_outcomes")
    measures = session.scalars(
        select(Measure).where(Measure.partnership_id == partnership_id).order_by(Measure.kind, Measure.name)
    ).all()
    measure_form = MeasureForm(prefix="measure")
    value_form = OutcomeValueForm(prefix="value")
    value_form.measure.choices = [SelectChoice(m.id, m.name) for m in measures]
    if request.method == "POST":
        if not editable:
            abort(403)
        if "measure-name" in request.form and measure_form.validate_on_submit():
            if any(m.name == measure_form.name.data.strip() for m in measures):
                measure_form.name.errors.append("This partnership already has a measure of that name")
            else:
                with transaction() as s:
                    s.add(
                        Measure(
                            partnership_id=partnership_id,
                            name=measure_form.name.data.strip(),
                            kind=measure_form.kind.data,
                            unit=measure_form.unit.data or "",
                            baseline=measure_form.baseline.data,
                            target=measure_form.target.data,
                            direction=measure_form.direction.data,
                        )
                    )
                flash("Measure added.")
                return redirect(url_for("outcomes.partnership", partnership_id=partnership_id))
        elif "value-value" in request.form and value_form.validate_on_submit():
            measure = session.get(Measure, value_form.measure.data)
            if measure is None or measure.partnership_id != partnership_id:
                abort(400)
            if value_form.period_end.data < value_form.period_start.data:
                value_form.period_end.errors.append("The period ends before it starts")
            else:
                with transaction() as s:
                    record_value(
                        s,
                        measure,
                        value_form.period_start.data,
                        value_form.period_end.data,
                        value_form.value.data,
                        value_form.notes.data or "",
                        current_user.email,
                    )
                flash("Value recorded.")
                return redirect(url_for("outcomes.partnership", partnership_id=partnership_id))
    values = session.scalars(
        select(OutcomeValue)
        .join(Measure)
        .where(Measure.partnership_id == partnership_id)
        .order_by(OutcomeValue.period_start.desc())
    ).all()
    status = 400 if measure_form.errors or value_form.errors else 200
    return render_template(
        "outcomes/partnership.html",
        item=item,
        measures=measures,
        values=values,
        kinds=KINDS,
        editable=editable,
        measure_form=measure_form,
        value_form=value_form,
    ), status
