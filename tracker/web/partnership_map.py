"""The partnership map: the tree with its cost rolled up, the network of shared people, and the pairs to
look at first when merging or joining up."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from ..db import get_session
from ..reports import partnership_map, partnerships
from ..reports.csv_files import CSV_KINDS, to_csv
from . import charts
from .auth import require
from .request_args import filters_from_request, period_from_request

bp = Blueprint("map", __name__)
CANDIDATES = 10  # pairs the page ranks at the top of each list


@bp.route("/map")
@require("view_hours")
def index():
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    found = partnership_map.partnership_map(session, period, filters)
    index_of = {node.id: n for n, node in enumerate(found.nodes)}
    links = [
        (index_of[p.a_id], index_of[p.b_id], p.shared_hours, f"{p.a} and {p.b}: {len(p.shared_people)} shared")
        for p in found.linked
    ]
    return render_template(
        "map/index.html",
        period=period,
        errors=errors,
        found=found,
        candidates=found.to_merge[:CANDIDATES],
        alike=found.alike[:CANDIDATES],
        fold_back=found.to_fold_back_in[:CANDIDATES],
        tree=partnerships.partnership_tree(session, period, filters),
        network=charts.network([n.name for n in found.nodes], [n.hours for n in found.nodes], links),
    )


@bp.route("/map.csv")
@require("download_tables")
def download():
    """The pairs as ``tracker map`` writes them: no costs, so the same file for every role."""
    period, errors = period_from_request()
    found = partnership_map.partnership_map(get_session(), period, filters_from_request())
    return Response(
        to_csv("map", found.pairs, "actual", for_excel=True),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{CSV_KINDS["map"].file_name(period, "actual")}"'},
    )
