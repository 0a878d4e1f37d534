"""Partnership and person pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from .. import charts, insights
from ..attribution import split_list
from ..auth import require
from ..db import get_session
from ..models import Measure, Partnership, Person
from ..outcomes import readings
from ..results import evaluate
from ..scope import Filters
from .common import load_settings_cached, period_from_request, show_cost

bp = Blueprint("explore", __name__)


@bp.route("/partnerships/<int:partnership_id>")
@require("view_hours")
def partnership(partnership_id: int):
    session = get_session()
    item = session.get(Partnership, partnership_id)
    if item is None:
        abort(404)
    period, errors = period_from_request()
    tree = insights.partnership_tree(session, period, Filters())
    figure = next(p for p in tree if p.id == partnership_id)
    months = insights.by_month(session, period, Filters(partnership_ids=(partnership_id,)))
    meetings = insights.partnership_meetings(session, period, partnership_id)
    result = evaluate(readings(session).get(partnership_id, []), figure.cost, period.start, period.end)
    words = [w for k in split_list(item.keywords) for w in k.split() if not k.lower().startswith("re:")]
    return render_template(
        "explore/partnership.html",
        item=item,
        period=period,
        errors=errors,
        figure=figure,
        months=months,
        meetings=meetings,
        attendees=insights.attendees_of_partnership(session, period, partnership_id),
        children=[p for p in tree if p.parent_id == partnership_id],
        result=result,
        measures=session.scalars(select(Measure).where(Measure.partnership_id == partnership_id)).all(),
        lookalikes=insights.unattributed_lookalikes(session, words),
        charts={
            "months": charts.monthly(
                [m.month for m in months],
                [m.hours for m in months],
                [m.cost if show_cost(m.people) else None for m in months],
            ),
            "calendar": charts.calendar_heatmap(
                insights.meetings_per_day(session, period, partnership_id), period.start, period.end
            ),
        },
    )


@bp.route("/people/<int:person_id>")
@require("view_hours")
def person(person_id: int):
    session = get_session()
    item = session.get(Person, person_id)
    if item is None:
        abort(404)
    period, errors = period_from_request()
    settings = load_settings_cached()
    filters = Filters(person_id=person_id)
    totals = insights.totals(session, period, filters, settings.productive_hours)
    months = insights.by_month(session, period, filters)
    return render_template(
        "explore/person.html",
        item=item,
        period=period,
        errors=errors,
        totals=totals,
        months=months,
        rows=insights.person_partnerships(session, period, person_id),
        charts={
            "months": charts.monthly(
                [m.month for m in months], [m.hours for m in months], [m.cost if show_cost(1) else None for m in months]
            )
        },
    )
