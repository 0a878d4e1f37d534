"""Finance downloads: the CLI's CSV summaries, made safe and friendly for Excel."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from sqlalchemy import select

from ..auth import require
from ..db import get_session
from ..exports import COLUMNS, to_csv
from ..models import Organisation
from ..reports import meeting_rows, partnership_rows, people_rows
from .common import filters_from_request, period_from_request

bp = Blueprint("downloads", __name__)
READERS = {"partnerships": partnership_rows, "people": people_rows, "meetings": meeting_rows}


@bp.route("/downloads")
@require("download")
def index():
    period, errors = period_from_request()
    organisations = get_session().scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template(
        "downloads/index.html",
        period=period,
        errors=errors,
        kinds=COLUMNS,
        organisations=organisations,
        filters=filters_from_request(),
    )


@bp.route("/downloads/<kind>.csv")
@require("download")
def download(kind: str):
    if kind not in READERS:
        abort(404)
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    rows = READERS[kind](get_session(), period, filters_from_request())
    name = f"{kind}-{period.start}-to-{period.end}.csv"
    return Response(
        to_csv(kind, rows, for_excel=True).encode("utf-8"),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
