"""The home page, the definitions page and the charting library."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import plotly
from flask import Blueprint, render_template, send_file
from flask_login import current_user, login_required

from ..db import get_session
from ..domain.costing import financial_year, year_label
from ..domain.local_time import today
from ..domain.overlap import IRREGULAR_PLURALS, STOP_WORDS
from ..domain.settings import DESCRIPTIONS
from ..reports.registers import oncost_table
from ..services.standard_rates import EVERY_ORGANISATION, standard_rate_rows
from .auth import require
from .request_args import settings as current_settings

bp = Blueprint("pages", __name__)
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@bp.route("/")
@login_required
def home():
    return render_template("pages/home.html", user=current_user)


@bp.route("/definitions")
@require("view_hours")
def definitions():
    settings = current_settings()
    rows = [(DESCRIPTIONS[key], getattr(settings, key)) for key in DESCRIPTIONS]
    year = financial_year(today())
    return render_template(
        "pages/definitions.html",
        settings=settings,
        rows=rows,
        oncosts=oncost_table(get_session()),
        standard_year=year_label(year),
        standard_rates=standard_rate_rows(get_session(), year, settings),
        every_organisation=EVERY_ORGANISATION,
        stop_words=STOP_WORDS,
        irregular_plurals=IRREGULAR_PLURALS,
    )


@functools.cache
def _plotly_bytes() -> bytes:
    return PLOTLY_JS.read_bytes()


@bp.route("/vendor/plotly.min.js")
def plotly_js():
    """Served from the installed plotly package: no CDN, so pages work on closed networks. Read once and
    sent from memory: a browser that leaves the page mid-download leaves no open file behind."""
    return send_file(
        io.BytesIO(_plotly_bytes()), mimetype="application/javascript", max_age=86400, download_name="plotly.min.js"
    )
