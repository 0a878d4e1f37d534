"""Which cost basis each request reads its figures at, and the switch finance officers use.

A finance officer (or a partner's own administrator) sees their organisation's staff at actual pay and
everyone else at standard rates, row by row (``reports.basis.OWN``), and may switch to standard rates
throughout, to see what directors see; everyone else, and an account given no organisation, is shown
standard rates, whatever they ask for. The choice is made here, once per request, before any figure is
read (``reports.basis``).
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, g, redirect, request, session
from flask_login import current_user

from ..db import get_session
from ..reports import basis
from ..reports.registers import organisation_name
from .auth import require, safe_next

bp = Blueprint("cost_basis", __name__)
CHOICE = "cost_basis"
CHOICES = (basis.OWN, basis.STANDARD)


def _pay_organisation() -> tuple[int, str] | None:
    """(id, name) of the organisation whose pay the signed-in user sees, if any (read once a request)."""
    if not current_user.is_authenticated or current_user.pay_organisation is None:
        return None
    if "pay_organisation" not in g:
        name = organisation_name(get_session(), current_user.pay_organisation)
        g.pay_organisation = None if name is None else (current_user.pay_organisation, name)
    return g.pay_organisation


def _use_viewer_basis() -> None:
    own = _pay_organisation()
    chosen = session.get(CHOICE, basis.OWN) if own else basis.STANDARD
    if chosen == basis.OWN and own:
        basis.use(get_session(), basis.OWN, organisation=own)
    else:
        basis.use(get_session(), basis.STANDARD)


@bp.route("/cost-basis", methods=["POST"])
@require("view_individual_costs")
def switch():
    chosen = request.form.get("basis", "")
    if chosen not in CHOICES:
        abort(400, f"'{chosen}' is not a cost basis: choose {' or '.join(CHOICES)}")
    session[CHOICE] = chosen
    return redirect(safe_next(request.form.get("next")))


def init_app(app: Flask) -> None:
    @app.before_request
    def read_at_the_viewers_basis() -> None:
        _use_viewer_basis()

    @app.context_processor
    def basis_in_templates() -> dict:
        work = get_session()
        own = _pay_organisation()
        choices = {basis.OWN: basis.own_label(own[1]), basis.STANDARD: basis.LABELS[basis.STANDARD]} if own else {}
        return {
            "cost_basis": basis.of(work),
            "cost_basis_label": basis.label(work),
            "cost_bases": choices,
            "pay_organisation_name": own[1] if own else None,
        }
