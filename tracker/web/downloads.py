"""Finance downloads: the CLI's CSV summaries, made safe and friendly for Excel, and the finance workbook."""

from __future__ import annotations

import io
from datetime import datetime

from flask import Blueprint, Response, abort, render_template, send_file, stream_with_context
from flask_login import current_user

from ..db import get_session
from ..domain.local_time import ZONE
from ..reports import basis, registers, workbook
from ..reports.csv_files import CSV_KINDS, FINANCE, csv_chunks, export_rows
from .auth import require
from .request_args import filters_from_request, period_from_request

bp = Blueprint("downloads", __name__)


@bp.route("/downloads")
@require("download")
def index():
    period, errors = period_from_request()
    return render_template(
        "downloads/index.html",
        period=period,
        errors=errors,
        kinds={kind: CSV_KINDS[kind].header for kind in FINANCE},
        workbook_sheets=(*workbook.SHEETS, workbook.DEFINITIONS),
        organisations=registers.organisations(get_session()),
        filters=filters_from_request(),
    )


@bp.route("/downloads/<kind>.csv")
@require("download")
def download(kind: str):
    if kind not in FINANCE:
        abort(404)
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    filters = filters_from_request()
    told, cell = basis.told(get_session()), basis.cell(get_session())

    def body():
        """Read while it is sent, in the session of the stream's own context (the view's has ended by then,
        and this one is closed when the stream ends), at the view's basis."""
        session = get_session()
        basis.use(session, told[0], organisation=told[1])
        for chunk in csv_chunks(kind, export_rows(session, kind, period, filters), cell, for_excel=True):
            yield chunk.encode("utf-8")

    name = CSV_KINDS[kind].file_name(period, told[0])
    return Response(  # streamed: the rows are read and written a batch at a time, memory stays flat
        stream_with_context(body()),
        mimetype="text/csv",  # Flask adds "; charset=utf-8" to a text type
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/downloads/workbook.xlsx", endpoint="workbook")
@require("download")
def workbook_file():
    """The partnerships, people and meetings summaries in one workbook, at the user's own basis, read in the
    request's own session. XlsxWriter keeps the rows on disk as it writes them; only the finished file,
    compressed, is held in memory to be sent."""
    period, errors = period_from_request()
    if errors:
        abort(400, "; ".join(errors))
    session = get_session()
    out = io.BytesIO()
    workbook.write_workbook(
        out, session, period, workbook.Made(datetime.now(ZONE), current_user.email), filters_from_request()
    )
    out.seek(0)
    return send_file(
        out,
        mimetype=workbook.CONTENT_TYPE,
        as_attachment=True,
        download_name=workbook.file_name(period, basis.of(session)),
    )
