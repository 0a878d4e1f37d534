"""JSON for other tools: the same report rows as the pages and downloads, under the same permissions."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from ..db import get_session
from ..reports import basis
from ..reports.csv_files import two_places
from ..reports.partnerships import partnership_rows
from .auth import require
from .request_args import filters_from_request, period_from_request, show_cost

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/partnerships")
@require("view_dashboard")
def partnerships():
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    rows = partnership_rows(get_session(), period, filters_from_request())
    return jsonify(
        {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "cost_basis": basis.of(get_session()),
            "partnerships": [
                {
                    "partnership": r.partnership,
                    "parent": r.parent or None,
                    "meetings": r.meetings,
                    "attendances": r.attendances,
                    "people": r.people,
                    "hours": two_places(r.hours),
                    "cost": two_places(r.cost) if show_cost(r.people) else None,
                }
                for r in rows
            ],
        }
    )
