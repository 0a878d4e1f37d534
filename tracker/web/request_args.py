"""What a page was asked for: the period and filters in its query string, and what the user may see of it."""

from __future__ import annotations

from flask import g, request
from flask_login import current_user

from ..db import get_session
from ..domain.date_parts import NotADate
from ..domain.local_time import today
from ..domain.periods import Filters, Period
from ..domain.permissions import cost_visible
from ..domain.settings import Settings
from ..reports import basis
from ..services.settings import current
from .date_input import typed_day


def period_from_request() -> tuple[Period, list[str]]:
    """``from`` and ``to``, each typed in its day, month and year boxes or given as YYYY-MM-DD by a link;
    by default the current financial year to date."""
    default = Period.year_to_date(today())
    errors = []
    values = {}
    for key, words, fallback in (("from", "The start", default.start), ("to", "The end", default.end)):
        try:
            values[key] = typed_day(request.args, key) or fallback
        except NotADate as reason:
            errors.append(f"{words} of the period {reason}")
            values[key] = fallback
        except ValueError as reason:  # a link's text that is not an ISO day
            errors.append(str(reason))
            values[key] = fallback
    if values["to"] < values["from"]:
        errors.append("The end of the period is before its start")
        values["to"] = values["from"]
    return Period(values["from"], values["to"]), errors


def filters_from_request() -> Filters:
    org = request.args.get("organisation", "")
    return Filters(
        organisation_id=int(org) if org.isdigit() else None, directorate=request.args.get("directorate") or None
    )


def settings() -> Settings:
    """The settings, read once per request."""
    if "settings" not in g:
        g.settings = current(get_session())
    return g.settings


def cost_words() -> str:
    """How this request's costs are worked out, for a chart's axis or a caption: "at standard rates"."""
    return "at " + basis.label(get_session())


def show_cost(people: int | set | frozenset) -> bool:
    """Whether the signed-in user may see a cost covering ``people``: whoever may see costs sees each one,
    however few people it covers (``domain.permissions.cost_visible``). Pages still say whom a figure
    covers, so the question stays where every cost is shown."""
    del people  # no longer decides: a cost at standard rates over one person reveals only a published rate
    role = current_user.role if current_user.is_authenticated else None
    return cost_visible(role)
