"""The cost-against-results dashboard for directors and finance."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template, request, url_for
from sqlalchemy import select

from .. import charts, insights
from ..auth import require
from ..db import get_session
from ..models import Organisation, Person
from ..outcomes import readings
from ..results import evaluate
from .common import filters_from_request, load_settings_cached, period_from_request, show_cost

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@require("view_dashboard")
def index():
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    settings = load_settings_cached()
    totals = insights.totals(session, period, filters, settings.productive_hours)
    tree = insights.partnership_tree(session, period, filters)
    root = request.args.get("root", type=int)
    shown = [p for p in tree if (p.parent_id == root if root else p.depth == 0)]
    shown.sort(key=lambda p: p.rolled_cost, reverse=True)
    months = insights.by_month(session, period, filters)
    cells = insights.hats(session, period, filters)
    people = sorted({c.person for c in cells})
    parts = sorted({c.partnership for c in cells})
    grid = {(c.person, c.partnership): float(c.hours) for c in cells}
    series = insights.recurring_meetings(session, period, filters)
    results = _results(session, tree, period)
    return render_template(
        "dashboard/index.html",
        period=period,
        errors=errors,
        filters=filters,
        totals=totals,
        settings=settings,
        root=next((p for p in tree if p.id == root), None),
        shown=shown,
        months=months,
        people=people,
        parts=parts,
        grid=grid,
        series=series,
        results=results,
        organisations=session.scalars(select(Organisation).order_by(Organisation.name)).all(),
        directorates=sorted({d for d in session.scalars(select(Person.directorate)) if d}),
        charts={
            "partnerships": charts.bars(
                [p.name for p in shown],
                [p.rolled_cost if show_cost(p.rolled_people) else None for p in shown],
                axis="Cost (£), including the partnerships below",
                links=[_drill(p) for p in shown],
            ),
            "months": charts.monthly(
                [m.month for m in months],
                [m.hours for m in months],
                [m.cost if show_cost(m.people) else None for m in months],
            ),
            "hats": charts.matrix(people, parts, [[grid.get((p, q)) for q in parts] for p in people]),
            "series": charts.bars(
                [s.title for s in series],
                [s.annual_cost if show_cost(s.people) else None for s in series],
                axis="Cost a year (£)",
            ),
            "results": charts.scatter(
                [r["name"] for r in results if r["share"] is not None],
                [r["cost"] if r["cost_visible"] else None for r in results if r["share"] is not None],
                [r["share"] for r in results if r["share"] is not None],
                [r["hours"] for r in results if r["share"] is not None],
            ),
        },
    )


def _drill(p: insights.PartnershipFigure) -> str:
    args = {k: v for k, v in request.args.items() if k != "root"}
    if p.children:
        return url_for("dashboard.index", root=p.id, **args)
    return url_for("explore.partnership", partnership_id=p.id, **{k: v for k, v in args.items() if k in ("from", "to")})


def _results(session, tree, period) -> list[dict]:
    """Each partnership's meeting cost beside its outcomes, ranked by share of targets met."""
    by_partnership = readings(session)
    rows = []
    for p in tree:
        if not p.meetings and p.id not in by_partnership:
            continue
        result = evaluate(by_partnership.get(p.id, []), p.cost, period.start, period.end)
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "cost": p.cost,
                "hours": p.hours,
                "meetings": p.meetings,
                "cost_visible": show_cost(p.people),
                "share": result.share_met,
                "result": result,
                "judged": result.judged,
            }
        )
    rows.sort(key=lambda r: (r["share"] is None, -(r["share"] or Decimal(0)), r["name"]))
    return rows
