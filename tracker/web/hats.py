"""Hats: the senior people on most partnerships, their time and its share of their working time; and the
meetings where one organisation sends several people ("send one")."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for

from ..db import get_session
from ..reports import basis, hats
from ..reports.csv_files import CSV_KINDS, export_rows, to_csv
from .auth import require
from .paging import pagination
from .request_args import filters_from_request, period_from_request, show_cost

bp = Blueprint("hats", __name__)


@bp.route("/hats")
@require("view_hours")
def index():
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    saving = hats.send_one(session, period, filters)
    saved_hours, saved_hours_a_year = hats.saved_in_all(period, saving)
    shown = hats.hats_page(session, period, filters, request.args.get("page", 1, type=int))
    kept: dict[str, Any] = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "hats/index.html",
        period=period,
        errors=errors,
        rows=shown.rows,
        shown=shown,
        pages=pagination(shown.number, shown.pages, lambda n: url_for("hats.index", page=n, **kept), "Pages of people"),
        send_one=saving,
        saved_hours=saved_hours,
        saved_hours_a_year=saved_hours_a_year,
    )


@bp.route("/hats/<kind>.csv")
@require("download_tables")
def download(kind: str):
    """Each table of the page as CSV, costs hidden where the page hides them."""
    if kind not in ("hats", "send_one"):
        abort(404)
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    session = get_session()
    cost_basis = basis.of(session)
    rows = export_rows(session, kind, period, filters_from_request())
    return Response(
        to_csv(kind, rows, basis.cell(session), for_excel=True, shown=show_cost),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{CSV_KINDS[kind].file_name(period, cost_basis)}"'},
    )
