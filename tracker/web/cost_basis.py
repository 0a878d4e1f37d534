"""Which cost basis each request reads its figures at, and the switch finance and administrators use.

Those who may see pay (``view_individual_costs``) see actual costs and may switch to standard rates, to
see what directors see; everyone else is shown standard rates, whatever they ask for. The choice is made
here, once per request, before any figure is read (``reports.basis``).
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, redirect, request, session
from flask_login import current_user

from ..db import get_session
from ..reports import basis
from .auth import require, safe_next

bp = Blueprint("cost_basis", __name__)
CHOICE = "cost_basis"


def viewer_basis() -> basis.Basis:
    """The basis the signed-in user sees: their choice if they may see pay, standard rates otherwise."""
    if current_user.is_authenticated and current_user.can("view_individual_costs"):
        chosen = session.get(CHOICE, basis.ACTUAL)
        return chosen if chosen in basis.BASES else basis.ACTUAL
    return basis.STANDARD


@bp.route("/cost-basis", methods=["POST"])
@require("view_individual_costs")
def switch():
    chosen = request.form.get("basis", "")
    if chosen not in basis.BASES:
        abort(400, f"'{chosen}' is not a cost basis: choose {' or '.join(basis.BASES)}")
    session[CHOICE] = chosen
    return redirect(safe_next(request.form.get("next")))


def init_app(app: Flask) -> None:
    @app.before_request
    def read_at_the_viewers_basis() -> None:
        basis.use(get_session(), viewer_basis())

    @app.context_processor
    def basis_in_templates() -> dict:
        chosen = viewer_basis()
        return {"cost_basis": chosen, "cost_basis_label": basis.LABELS[chosen], "cost_bases": basis.LABELS}
