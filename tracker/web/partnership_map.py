"""The partnership map: the tree with its cost rolled up, the network of shared people, and the pairs to
look at first when merging or joining up."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import Blueprint, Response, render_template, request

from ..db import get_session
from ..domain import map_layout
from ..reports import partnership_map, partnerships
from ..reports.csv_files import CSV_KINDS, to_csv
from . import charts
from .auth import require
from .formatting import hours, whole_money
from .request_args import cost_words, filters_from_request, period_from_request, show_cost

bp = Blueprint("map", __name__)
CANDIDATES = 10  # pairs the page ranks at the top of each list
# Links the table under the network lists, the strongest first: a locality's 120 partnerships drew about
# 1,050 links at 200 people, a table of 392 kB; the pairs CSV has every one.
LINKS_LISTED = 50


@bp.route("/map")
@require("view_hours")
def index():
    session = get_session()
    period, errors = period_from_request()
    filters = filters_from_request()
    found = partnership_map.partnership_map(session, period, filters)
    tree = partnerships.partnership_tree(session, period, filters)
    own = {p.id: p for p in tree}  # each partnership's own figures, at the user's cost basis
    costs = show_cost(set())
    sizes = {p.id: p.cost if costs else p.hours for p in tree}
    strength = map_layout.strength_of(request.args.get("links"))
    links = [map_layout.Link(p.a_id, p.b_id, p.shared_people) for p in found.linked]
    names = {n.id: n.name for n in found.nodes}
    arranged = map_layout.arrange(names, sizes, links, strength)
    hovers = {
        pid: f"{whole_money(own[pid].cost)} {cost_words()}" if costs else f"{hours(own[pid].hours)} hours"
        for pid in arranged.positions
    }
    families = [
        Family(
            f,
            [own[pid] for pid in f.members],
            map_layout.combined(f, {pid: own[pid].cost for pid in f.members}),
            map_layout.combined(f, {pid: own[pid].hours for pid in f.members}),
            set().union(*(own[pid].people for pid in f.members)),
        )
        for f in arranged.families
    ]
    drawn = {(lk.a, lk.b) for lk in arranged.shown}
    listed = sorted(
        (p for p in found.linked if (p.a_id, p.b_id) in drawn),
        key=lambda p: (-len(p.shared_people), -p.shared_hours, p.a, p.b),
    )
    return render_template(
        "map/index.html",
        period=period,
        errors=errors,
        found=found,
        candidates=found.to_merge[:CANDIDATES],
        alike=found.alike[:CANDIDATES],
        fold_back=found.to_fold_back_in[:CANDIDATES],
        tree=tree,
        network=charts.network(arranged, names, hovers),
        arranged=arranged,
        drawn=listed[:LINKS_LISTED],
        drawn_total=len(listed),
        families=families,
        strength=strength,
        strengths=map_layout.STRENGTHS,
        cost_words=cost_words() if costs else "",
        apart=len(found.nodes) - len(arranged.positions),
    )


@dataclass(frozen=True)
class Family:
    """A family as the page lists it: its partnerships' own figures added up, and whom the cost covers."""

    family: map_layout.Family
    members: list[partnerships.PartnershipFigure]
    cost: Decimal
    hours: Decimal
    people: set[int]


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
