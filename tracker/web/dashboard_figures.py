"""The dashboard's figures beyond the answer, a page each: results against cost, the partnership tree, cost
per month, totals in front-line terms, overdue reviews, hats, recurring meetings, preparation and travel.

Each page reads only what it shows, under the dashboard's permission, period and filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, render_template, request, url_for
from sqlalchemy.orm import Session

from ..db import get_session
from ..domain.local_time import today
from ..domain.periods import Filters, Period
from ..reports import allowances, meetings, overdue_reviews, partnerships, people, planning, registers, results, totals
from ..reports import hats as hat_figures
from ..reports.answer import UNPROVEN
from ..reports.partnerships import PartnershipFigure
from . import charts
from .auth import require
from .dashboard import asked, more_links
from .paging import pagination
from .request_args import cost_words, filters_from_request, period_from_request, settings, show_cost

bp = Blueprint("figures", __name__, url_prefix="/dashboard")


def _page(name: str, title: str, read: Callable[[Session, Period, Filters], dict[str, Any]]) -> str:
    """One figures page: its period form, the list of the others, and ``dashboard/<name>.html``'s section
    drawn from what ``read`` (the session, period and filters asked for) returns."""
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    return render_template(
        f"dashboard/{name}.html",
        title=title,
        period=period,
        filters=filters,
        errors=errors,
        more=more_links(),
        organisations=registers.organisations(session),
        directorates=registers.directorates(session),
        **read(session, period, filters),
    )


@bp.route("/results", endpoint="results")
@require("view_dashboard")
def results_page() -> str:
    """Every partnership's results judged, ranked by share of targets met, with money governed; and those
    with no results or only activity."""
    return _page("results", "Cost against results", _results)


def _results(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    tree = partnerships.partnership_tree(session, period, filters)
    ranked = results.cost_against_results(session, tree, period, today(), filters)
    judged = [(r, r.share) for r in ranked if r.share is not None]
    chart = charts.scatter(
        [r.name for r, _ in judged],
        [r.cost if show_cost(r.people) else None for r, _ in judged],
        [share for _, share in judged],
        [r.hours for r, _ in judged],
        cost_axis=f"Meeting cost in the period (£, {cost_words()})",
    )
    unproven = [r for r in ranked if r.result.status in UNPROVEN]
    return {"results": ranked, "unproven": unproven, "figure": chart}


@bp.route("/tree", endpoint="tree")
@require("view_dashboard")
def tree_page() -> str:
    """The partnership tree, each with the boards below it, drilled down by ``root``."""
    return _page("tree", "Cost by partnership", _tree)


def _tree(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    tree = partnerships.partnership_tree(session, period, filters)
    root = request.args.get("root", type=int)
    shown = partnerships.branch(tree, root)
    links = {p.id: _drill(p) for p in shown}
    chart = charts.bars(
        [p.name for p in shown],
        [p.rolled_cost if show_cost(p.rolled_people) else None for p in shown],
        axis=f"Cost (£, {cost_words()}), including the partnerships below",
        links=[links[p.id] for p in shown],
    )
    back = url_for("figures.tree", **asked(without=("root",)))
    root_figure = next((p for p in tree if p.id == root), None)
    return {"root": root_figure, "shown": shown, "links": links, "back": back, "figure": chart}


@bp.route("/months", endpoint="months")
@require("view_dashboard")
def months_page() -> str:
    """Cost and hours month by month: the trend of the whole."""
    return _page("months", "Cost per month", _months)


def _months(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    months = totals.by_month(session, period, filters)
    chart = charts.monthly(
        [m.month for m in months],
        [m.hours for m in months],
        [m.cost if show_cost(m.people) else None for m in months],
        period=period,
        cost_axis=f"Cost (£, {cost_words()})",
    )
    return {"months": months, "figure": chart}


@bp.route("/totals", endpoint="totals")
@require("view_dashboard")
def totals_page() -> str:
    """The period's totals to the penny, and the same hours and money as working days and front-line service."""
    return _page("totals", "Totals in front-line terms", _totals)


def _totals(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    summed = totals.totals(session, period, filters, settings().productive_hours)
    cost = summed.cost if show_cost(summed.people) else None
    return {"totals": summed, "equivalents": planning.front_line(session, summed.hours, cost)}


@bp.route("/reviews", endpoint="reviews")
@require("view_dashboard")
def reviews_page() -> str:
    """Partnerships whose review date has passed, with their cost and results since the last review."""
    return _page("reviews", "Overdue for review", _reviews)


def _reviews(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    del period, filters  # each is read over its own time since its last review
    return {"overdue": overdue_reviews.overdue(session, today())}


@bp.route("/hats", endpoint="hats")
@require("view_dashboard")
def hats_page() -> str:
    """The people on most partnerships, and everyone's hours in each partnership."""
    return _page("hats", "Who wears which hats", _hats)


def _hats(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    page = people.hats(session, period, filters).page(request.args.get("page", 1, type=int))
    hats = page.matrix
    chart = charts.matrix(hats.people, hats.partnerships, hats.grid())
    kept: dict[str, Any] = {key: value for key, value in request.args.items() if key != "page"}
    pages = pagination(
        page.number, page.pages, lambda n: url_for("figures.hats", page=n, **kept), "Pages of people and their hats"
    )
    most = hat_figures.hat_rows(session, period, filters)[:5]
    return {"most_hats": most, "hats": hats, "hats_page": page, "pages": pages, "figure": chart}


@bp.route("/recurring", endpoint="recurring")
@require("view_dashboard")
def recurring_page() -> str:
    """The meeting series that cost most, scaled to a year."""
    return _page("recurring", "Biggest recurring meetings", _recurring)


def _recurring(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    series = meetings.recurring_meetings(session, period, filters)
    chart = charts.bars(
        [s.title for s in series],
        [s.annual_cost if show_cost(s.people) else None for s in series],
        axis=f"Cost a year (£, {cost_words()})",
    )
    return {"series": series, "figure": chart}


@bp.route("/preparation-and-travel", endpoint="allowances")
@require("view_dashboard")
def allowances_page() -> str:
    """Time allowed beyond the meetings: reading papers and getting there."""
    return _page("allowances", "Preparation and travel", _allowances)


def _allowances(session: Session, period: Period, filters: Filters) -> dict[str, Any]:
    return {"allowances": allowances.allowances(session, period, filters)}


def _drill(p: PartnershipFigure) -> str:
    """A bar or name opens the partnerships below it, or the partnership's own page when there are none."""
    if p.children:
        return url_for("figures.tree", root=p.id, **asked(without=("root",)))
    return url_for("explore.partnership", partnership_id=p.id, **asked(only=("from", "to")))
