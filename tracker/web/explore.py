"""Partnership and person pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from ..db import get_session
from ..domain.attribution import keyword_words
from ..domain.library import KINDS as LIBRARY_KINDS
from ..domain.local_time import today
from ..domain.paging import page_of
from ..domain.pay_scope import not_shown
from ..domain.periods import Filters
from ..reports import allowances, basis, library, partnerships, people, planning, registers, results, totals
from . import charts
from .auth import require
from .request_args import cost_words, period_from_request, settings, show_cost

bp = Blueprint("explore", __name__)
PAGE = 100  # meetings listed a page


@dataclass(frozen=True)
class Pages:
    """Where a long list is: page ``number`` of ``size`` items, out of ``total``."""

    number: int
    size: int
    total: int

    @property
    def first(self) -> int:
        return min(self.total, (self.number - 1) * self.size + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)

    @property
    def more(self) -> bool:
        return self.last < self.total


@bp.route("/partnerships/<int:partnership_id>")
@require("view_hours")
def partnership(partnership_id: int):
    session = get_session()
    item = registers.partnership(session, partnership_id)
    if item is None:
        abort(404)
    period, errors = period_from_request()
    tree = partnerships.partnership_tree(session, period)
    figure = next(p for p in tree if p.id == partnership_id)
    months = totals.by_month(session, period, Filters(partnership_ids=(partnership_id,)))
    held = partnerships.meetings_held(session, period, partnership_id)
    page, _ = page_of(request.args.get("page", 1, type=int), held, PAGE)
    meetings = partnerships.partnership_meetings(session, period, partnership_id, offset=(page - 1) * PAGE, limit=PAGE)
    priced = current_user.can("view_costs") and show_cost(figure.people)
    return render_template(
        "explore/partnership.html",
        item=item,
        period=period,
        errors=errors,
        figure=figure,
        months=months,
        meetings=meetings,
        held=held,
        pages=Pages(page, PAGE, held),
        attendees=partnerships.attendees(session, period, partnership_id),
        children=[p for p in tree if p.parent_id == partnership_id],
        result=results.partnership_result(session, figure, period, today()),
        priced=priced,
        equivalents=planning.front_line(session, figure.hours, figure.cost if priced else None),
        governance=planning.governance(session, period, partnership_id, figure.cost),
        allowance=next(iter(allowances.allowances(session, period, Filters(partnership_ids=(partnership_id,)))), None),
        today=today(),
        library_entries=library.entries(session, partnership_id=partnership_id),
        library_kinds=LIBRARY_KINDS,
        lookalikes=partnerships.unattributed_lookalikes(session, keyword_words(item.keywords)),
        charts={
            "months": charts.monthly(
                [m.month for m in months],
                [m.hours for m in months],
                [m.cost if show_cost(m.people) else None for m in months],
                period=period,
                cost_axis=f"Cost (£, {cost_words()})",
            ),
            "calendar": charts.calendar_heatmap(
                partnerships.meetings_per_day(session, period, partnership_id), period.start, period.end
            ),
        },
    )


@bp.route("/people/<int:person_id>")
@require("view_hours")
def person(person_id: int):
    session = get_session()
    item = registers.person(session, person_id)
    if item is None:
        abort(404)
    period, errors = period_from_request()
    filters = Filters(person_id=person_id)
    months = totals.by_month(session, period, filters)
    # One person's cost at actual pay is their pay: it is read at actual pay only for someone whose pay the
    # viewer sees (the request's basis decides, row by row); at standard rates it reveals no one's pay, so
    # everyone who sees costs sees it.
    costs = current_user.can("view_costs")
    at_pay = basis.pay_shown(session, item.organisation_id)
    return render_template(
        "explore/person.html",
        item=item,
        costs=costs,
        cost_note=_cost_note(
            item.name,
            item.organisation.name if item.organisation else None,
            at_pay,
            current_user.sees_pay_of(item.organisation_id),
        ),
        period=period,
        errors=errors,
        totals=totals.totals(session, period, filters, settings().productive_hours),
        months=months,
        rows=people.person_partnerships(session, period, person_id),
        charts={
            "months": charts.monthly(
                [m.month for m in months],
                [m.hours for m in months],
                [m.cost if costs else None for m in months],
                period=period,
                cost_axis=f"Cost (£, {cost_words()})",
            )
        },
    )


def _cost_note(name: str, organisation: str | None, at_pay: bool, sees_pay: bool) -> str:
    """What one person's cost is at, said on their page: their own pay, or their grade's standard rate and
    why (the viewer chose standard rates, or whose finance sees the person's pay)."""
    if at_pay:
        return f"{name}'s cost is at their actual pay."
    why = "as you chose" if sees_pay else not_shown(organisation)
    return f"{name}'s cost is at their grade's standard rate ({why})."
