"""The cost-against-results dashboard for directors and finance."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from ..db import get_session
from ..domain.local_time import today
from ..reports import allowances, meetings, overdue_reviews, partnerships, people, planning, registers, results, totals
from ..reports import hats as hat_figures
from ..reports.partnerships import PartnershipFigure
from . import charts
from .auth import require
from .request_args import cost_words, filters_from_request, period_from_request, settings, show_cost

bp = Blueprint("dashboard", __name__)
TOP = 10  # the costliest partnerships the top of the page answers with


@bp.route("/dashboard")
@require("view_dashboard")
def index():
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    tree = partnerships.partnership_tree(session, period, filters)
    root = request.args.get("root", type=int)
    shown = partnerships.branch(tree, root)
    links = {p.id: _drill(p) for p in shown}
    months = totals.by_month(session, period, filters)
    hats = people.hats(session, period, filters)
    series = meetings.recurring_meetings(session, period, filters)
    ranked = results.cost_against_results(session, tree, period, today(), filters)
    summed = totals.totals(session, period, filters, settings().productive_hours)
    status = {r.id: r.result.status for r in ranked}
    return render_template(
        "dashboard/index.html",
        period=period,
        errors=errors,
        filters=filters,
        totals=summed,
        costliest=partnerships.partnership_rows(session, period, filters)[:TOP],
        status=status,
        unproven=[r for r in ranked if r.result.status in ("activity", "nothing")],
        most_hats=hat_figures.hat_rows(session, period, filters)[:5],
        overdue=overdue_reviews.overdue(session, today()),
        allowances=allowances.allowances(session, period, filters),
        equivalents=planning.front_line(session, summed.hours, summed.cost if show_cost(summed.people) else None),
        root=next((p for p in tree if p.id == root), None),
        shown=shown,
        links=links,
        back=url_for("dashboard.index", **_asked(without=("root",))),
        months=months,
        hats=hats,
        series=series,
        results=ranked,
        organisations=registers.organisations(session),
        directorates=registers.directorates(session),
        charts=_charts(shown, links, months, hats, series, [r for r in ranked if r.share is not None]),
    )


def _charts(shown, links, months, hats, series, judged) -> dict[str, str]:
    """The page's figures as plotly charts; a cost over too few people is left out, as in the tables."""
    return {
        "partnerships": charts.bars(
            [p.name for p in shown],
            [p.rolled_cost if show_cost(p.rolled_people) else None for p in shown],
            axis=f"Cost (£, {cost_words()}), including the partnerships below",
            links=[links[p.id] for p in shown],
        ),
        "months": charts.monthly(
            [m.month for m in months],
            [m.hours for m in months],
            [m.cost if show_cost(m.people) else None for m in months],
            cost_axis=f"Cost (£, {cost_words()})",
        ),
        "hats": charts.matrix(hats.people, hats.partnerships, hats.grid()),
        "series": charts.bars(
            [s.title for s in series],
            [s.annual_cost if show_cost(s.people) else None for s in series],
            axis=f"Cost a year (£, {cost_words()})",
        ),
        "results": charts.scatter(
            [r.name for r in judged],
            [r.cost if show_cost(r.people) else None for r in judged],
            [r.share for r in judged],
            [r.hours for r in judged],
            cost_axis=f"Meeting cost in the period (£, {cost_words()})",
        ),
    }


def _asked(*, without: tuple[str, ...] = (), only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The page's query arguments (period and filters), to carry into the links it offers."""
    return {k: v for k, v in request.args.items() if k not in without and (only is None or k in only)}


def _drill(p: PartnershipFigure) -> str:
    """A bar or name opens the partnerships below it, or the partnership's own page when there are none."""
    if p.children:
        return url_for("dashboard.index", root=p.id, **_asked(without=("root",)))
    return url_for("explore.partnership", partnership_id=p.id, **_asked(only=("from", "to")))
