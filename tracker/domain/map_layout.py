"""Where each partnership sits on the map, which families it falls into, and which links and names are drawn.

A ring of sixty partnerships with every shared person drawn as a line is a hairball no one can read. So:
partnerships that share people are split into families by Louvain community detection (the links weighted by
how many people sit on both), each family gets a box of its own in a grid, costliest family first, and
inside its box networkx's force layout places its partnerships, so the lines that matter are short and those
between families are few. Only links of the chosen strength are drawn; the families never change with it.
A name is written beside a partnership only where it overlaps no other name or dot (the largest first); every
name is in the hover and the table.

Pure (no Flask, no database) and deterministic: nodes and links go in sorted, the layout and Louvain have a
fixed seed and positions are rounded, so the same figures give the same page, byte for byte.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx

SEED = 21  # any fixed number: the same families and places on every page
# How many people must sit on both partnerships for a link to be drawn, by the page's "Show links" choice.
STRENGTHS: dict[str, int] = {"strongest": 3, "more": 2, "all": 1}
DEFAULT = "strongest"
# The chart as laid out at desktop width: how wide (the page's column), how tall a row of family boxes.
WIDTH_PX, ROW_PX = 960, 300
SPREAD = 0.36  # how far from its box's centre a partnership may sit (the box is 1 wide, 1 high)
CHAR_PX, LINE_PX = 7.0, 16.0  # a name's letter and line at the chart's label size (12 px Arial)
LABEL_CHARS = 28  # a name is cut to this many characters beside its dot; all of it is in the hover
SMALLEST, LARGEST = 10.0, 40.0  # a dot's diameter in pixels, for the smallest and the largest partnership
# Lines the chart draws at most, those with most people in common: a locality's 120 partnerships at 200
# people had 1,050 links of three or more people, a hairball and 209 kB of chart; the families are found
# from every link all the same.
MOST_LINES = 300


@dataclass(frozen=True)
class Link:
    """Two partnerships and the people who sit on both (however the caller names them)."""

    a: int
    b: int
    people: tuple[str, ...]

    @property
    def shared(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class Family:
    number: int  # 1 for the largest
    members: tuple[int, ...]  # largest first
    people: tuple[str, ...]  # who sit on two or more of its partnerships, in name order


@dataclass(frozen=True)
class Arrangement:
    positions: dict[int, tuple[float, float]]  # every partnership that shares someone; the rest are not drawn
    diameters: dict[int, float]  # each dot's, in pixels
    families: tuple[Family, ...]  # of two or more partnerships, largest first
    family_of: dict[int, int]  # a partnership's family number; 0 for one in no family
    shown: tuple[Link, ...]  # the links of the chosen strength, at most MOST_LINES of them
    hidden: int  # links left out as weaker than the chosen strength
    labelled: dict[int, str]  # the partnerships whose name is written beside their dot, and where
    boxes: tuple[tuple[int, float, float], ...]  # each family's number and the top centre of its box
    columns: int
    rows: int
    cut: int = 0  # links of the chosen strength left out beyond the MOST_LINES with most people in common


def strength_of(asked: str | None) -> str:
    """The strength asked for, or the default for anything else (a link kept from an older page)."""
    return asked if asked in STRENGTHS else DEFAULT


def arrange(
    names: Mapping[int, str], sizes: Mapping[int, Decimal], links: Sequence[Link], strength: str = DEFAULT
) -> Arrangement:
    """Lay out the partnerships that share people. ``sizes`` is each partnership's size (its cost, or its
    hours where cost is not shown), which sets its dot, its family's place and whose names come first;
    ``names`` how long each one's label is."""
    links = sorted((lk for lk in links if lk.shared), key=lambda lk: (min(lk.a, lk.b), max(lk.a, lk.b)))
    graph = nx.Graph()
    graph.add_nodes_from(sorted({n for lk in links for n in (lk.a, lk.b)}))
    graph.add_weighted_edges_from((lk.a, lk.b, lk.shared) for lk in links)

    def size(node: int) -> Decimal:
        return sizes.get(node, Decimal(0))

    def largest_first(nodes) -> tuple[int, ...]:
        return tuple(sorted(nodes, key=lambda n: (-size(n), n)))

    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if len(graph) else []
    groups = sorted(
        (largest_first(c) for c in found), key=lambda g: (len(g) == 1, -sum(map(size, g), Decimal(0)), g[0])
    )
    families = tuple(
        Family(n, group, _people_within(set(group), links))
        for n, group in enumerate((g for g in groups if len(g) > 1), start=1)
    )
    family_of = {node: f.number for f in families for node in f.members}
    boxes = [f.members for f in families]
    loners = [g[0] for g in groups if len(g) == 1]  # linked, yet Louvain set them apart: one box for them all
    if loners:
        boxes.append(largest_first(loners))
    columns = max(1, min(len(boxes), math.ceil(math.sqrt(len(boxes)))))
    rows = max(1, math.ceil(len(boxes) / columns))
    positions: dict[int, tuple[float, float]] = {}
    tops = []
    for n, members in enumerate(boxes):
        cx, cy = float(n % columns), -float(n // columns)
        if n < len(families):
            tops.append((families[n].number, cx, cy + 0.5))
        for node, (x, y) in _inside(graph.subgraph(members), members).items():
            positions[node] = (round(cx + x, 4), round(cy - 0.04 + y, 4))
    biggest = max([size(n) for n in positions] or [Decimal(1)]) or Decimal(1)
    diameters = {n: round(SMALLEST + (LARGEST - SMALLEST) * float(size(n) / biggest), 1) for n in positions}
    least = STRENGTHS[strength_of(strength)]
    strong = [lk for lk in links if lk.shared >= least]
    shown = tuple(sorted(strong, key=lambda lk: (-lk.shared, lk.a, lk.b))[:MOST_LINES])
    widths = {n: CHAR_PX * len(label(names.get(n, ""))) + 4 for n in positions}
    labelled = _labels(positions, diameters, widths, columns, sizes, [group[0] for group in boxes])
    return Arrangement(
        positions,
        diameters,
        families,
        family_of,
        shown,
        len(links) - len(strong),
        labelled,
        tuple(tops),
        columns,
        rows,
        len(strong) - len(shown),
    )


def _people_within(members: set[int], links: Sequence[Link]) -> tuple[str, ...]:
    """Who sits on two or more of the family's partnerships: everyone on a link inside it."""
    return tuple(sorted({p for lk in links if lk.a in members and lk.b in members for p in lk.people}))


def _inside(graph: nx.Graph, members: tuple[int, ...]) -> dict[int, tuple[float, float]]:
    """A box's partnerships by force layout, centred on the box and kept within ``SPREAD`` of its centre."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(members))
    ordered.add_weighted_edges_from(sorted((min(a, b), max(a, b), w) for a, b, w in graph.edges(data="weight")))
    placed = nx.spring_layout(ordered, weight="weight", seed=SEED, scale=SPREAD, iterations=100)
    return {node: (float(xy[0]), float(xy[1])) for node, xy in placed.items()}


def _labels(
    positions: Mapping[int, tuple[float, float]],
    diameters: Mapping[int, float],
    widths: Mapping[int, float],
    columns: int,
    sizes: Mapping[int, Decimal],
    largest: Sequence[int],
) -> dict[int, str]:
    """Where each name is written (plotly's text position): under its dot, or else above, right or left,
    wherever at desktop width it stays inside its box and overlaps no name already written nor any other
    dot. Each box's ``largest`` partnership goes first and, if nowhere is clear of dots, still gets its name
    where no other name is; then the others, largest first. Names that fit nowhere are not written."""
    unit_x, unit_y = WIDTH_PX / columns, ROW_PX  # pixels in one box's width and height

    def px(node: int) -> tuple[float, float]:
        x, y = positions[node]
        return x * unit_x, -y * unit_y

    dots = {n: _box(*px(n), diameters[n], diameters[n]) for n in positions}
    written: list[tuple[float, float, float, float]] = []
    chosen: dict[int, str] = {}
    by_size = sorted(positions, key=lambda n: (-sizes.get(n, Decimal(0)), n))
    for node in [*largest, *(n for n in by_size if n not in largest)]:
        x, y = px(node)
        reach = diameters[node] / 2 + 2  # from the dot's centre to its edge, and a little air
        wide, high = widths[node], LINE_PX
        places = [
            (where, _box(x + dx, y + dy, wide, high))
            for where, (dx, dy) in (
                ("bottom center", (0, reach + high / 2)),
                ("top center", (0, -reach - high / 2)),
                ("middle right", (reach + wide / 2, 0)),
                ("middle left", (-reach - wide / 2, 0)),
            )
        ]
        cell_x = round(positions[node][0]) * unit_x
        free = [
            (where, box)
            for where, box in places
            if cell_x - unit_x / 2 <= box[0]
            and box[2] <= cell_x + unit_x / 2
            and not any(_overlap(box, other) for other in written)
        ]
        clear = [(where, box) for where, box in free if not any(_overlap(box, d) for n, d in dots.items() if n != node)]
        if clear or (free and node in largest):
            where, box = (clear or free)[0]
            written.append(box)
            chosen[node] = where
    return chosen


def label(name: str) -> str:
    """A name as written beside its dot: cut to ``LABEL_CHARS`` with an ellipsis."""
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _box(x: float, y: float, width: float, height: float) -> tuple[float, float, float, float]:
    return x - width / 2, y - height / 2, x + width / 2, y + height / 2


def _overlap(one: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def combined(family: Family, values: Mapping[int, Decimal]) -> Decimal:
    """A family's members' figures added up (their costs, or their hours)."""
    return sum((values.get(n, Decimal(0)) for n in family.members), Decimal(0))
