"""The list of partnerships (``/partnerships``): every one with its parent, cost, results and review date,
searched by name and sorted, each linking to its own page."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..db import get_session
from ..reports.partnership_list import SORTS, partnership_list
from .auth import require
from .request_args import period_from_request

bp = Blueprint("partnership_list", __name__)


@bp.route("/partnerships")
@require("view_dashboard")
def index():
    period, errors = period_from_request()
    search = request.args.get("q", "").strip()
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    rows = partnership_list(get_session(), period, search=search, sort=sort)
    return render_template(
        "partnerships/index.html", period=period, errors=errors, search=search, sort=sort, sorts=SORTS, rows=rows
    )
