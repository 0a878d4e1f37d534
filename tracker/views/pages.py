"""The home page, the definitions page and the charting library."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, render_template, send_file
from flask_login import current_user, login_required

from ..auth import require
from ..db import get_session
from ..oncost_report import oncost_table
from ..settings import DESCRIPTIONS
from .common import load_settings_cached

bp = Blueprint("pages", __name__)
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@bp.route("/")
@login_required
def home():
    return render_template("pages/home.html", user=current_user)


@bp.route("/definitions")
@require("view_hours")
def definitions():
    settings = load_settings_cached()
    rows = [(DESCRIPTIONS[key], getattr(settings, key)) for key in DESCRIPTIONS]
    return render_template("pages/definitions.html", settings=settings, rows=rows, oncosts=oncost_table(get_session()))


@bp.route("/vendor/plotly.min.js")
def plotly_js():
    """Served from the installed plotly package: no CDN, so pages work on closed networks."""
    return send_file(PLOTLY_JS, mimetype="application/javascript", max_age=86400)
