"""The director's answer on one screen: each partnership's cost, hours, headline result and trend, costliest
first, under a line of totals; the dashboard's other figures are pages of their own (``dashboard_figures``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from ..db import get_session
from ..domain.local_time import today
from ..reports import answer, partnerships, registers, totals
from .auth import require
from .request_args import filters_from_request, period_from_request, settings

bp = Blueprint("dashboard", __name__)
LIST = "partnership_list.index"  # the list of partnerships: over the period, not the dashboard's filters

# The pages the dashboard's "More" list links to: (endpoint, what the link says), in the list's order.
MORE = (
    ("figures.results", "Cost against results, and money governed"),
    ("figures.tree", "Cost by partnership, with the boards below each"),
    ("figures.months", "Cost per month"),
    ("figures.totals", "Totals in front-line terms"),
    ("figures.reviews", "Overdue for review"),
    ("figures.hats", "Who wears which hats"),
    ("figures.recurring", "Biggest recurring meetings"),
    ("figures.allowances", "Preparation and travel"),
    (LIST, "Every partnership, to search and sort"),
)


@bp.route("/dashboard")
@require("view_dashboard")
def index():
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    tree = partnerships.partnership_tree(session, period, filters)
    return render_template(
        "dashboard/index.html",
        period=period,
        errors=errors,
        filters=filters,
        totals=totals.totals(session, period, filters, settings().productive_hours),
        rows=answer.answer(session, tree, period, today(), filters),
        more=more_links(),
        organisations=registers.organisations(session),
        directorates=registers.directorates(session),
    )


def more_links() -> list[tuple[str, str, str]]:
    """The dashboard's other pages as (endpoint, address with this page's period and filters, words)."""
    return [
        (
            endpoint,
            url_for(endpoint, **asked(only=("from", "to") if endpoint == LIST else None, without=("root",))),
            words,
        )
        for endpoint, words in MORE
    ]


def asked(*, without: tuple[str, ...] = (), only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The page's query arguments (period and filters), to carry into the links it offers."""
    return {k: v for k, v in request.args.items() if k not in without and (only is None or k in only)}
