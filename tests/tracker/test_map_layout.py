"""The map's layout: families found in who partnerships share, links drawn by strength, names that do not collide."""

from __future__ import annotations

from decimal import Decimal

from tracker.domain import map_layout
from tracker.domain.map_layout import Link, arrange

# Two clear clusters: 1, 2, 3 share Ann, Ben and Cat; 4, 5, 6 share Dan, Eve and Fay; one weak link,
# Gus on both 3 and 4.
ANN_BEN_CAT, DAN_EVE_FAY = ("Ann", "Ben", "Cat"), ("Dan", "Eve", "Fay")
LINKS = [
    Link(1, 2, ANN_BEN_CAT),
    Link(1, 3, ANN_BEN_CAT),
    Link(2, 3, ANN_BEN_CAT),
    Link(4, 5, DAN_EVE_FAY),
    Link(4, 6, DAN_EVE_FAY),
    Link(5, 6, DAN_EVE_FAY),
    Link(3, 4, ("Gus",)),
]
NAMES = {n: f"Partnership {n}" for n in range(1, 8)}
# The second cluster costs more: 40 + 50 + 60 = 150 against 10 + 20 + 30 = 60, so it is family 1.
SIZES = {n: Decimal(10 * n) for n in range(1, 8)}


def test_two_clusters_joined_by_a_weak_link_are_two_families():
    arranged = arrange(NAMES, SIZES, LINKS)
    first, second = arranged.families
    assert (first.number, first.members, first.people) == (1, (6, 5, 4), DAN_EVE_FAY)  # largest first
    assert (second.number, second.members, second.people) == (2, (3, 2, 1), ANN_BEN_CAT)
    # Gus sits on 3 and 4, in two different families: a person of neither.
    assert map_layout.combined(first, SIZES) == Decimal(150)
    assert map_layout.combined(second, SIZES) == Decimal(60)


def test_the_weak_link_is_hidden_by_default_and_drawn_with_all():
    strongest = arrange(NAMES, SIZES, LINKS)
    assert len(strongest.shown) == 6 and strongest.hidden == 1
    assert Link(3, 4, ("Gus",)) not in strongest.shown
    every = arrange(NAMES, SIZES, LINKS, "all")
    assert Link(3, 4, ("Gus",)) in every.shown and every.hidden == 0
    # The families and places do not move with the choice: only the lines drawn change.
    assert (every.families, every.positions) == (strongest.families, strongest.positions)


def test_more_draws_links_of_two_people_or_more():
    links = [*LINKS, Link(1, 5, ("Ann", "Dan"))]
    more = arrange(NAMES, SIZES, links, "more")
    assert sorted(lk.shared for lk in more.shown) == [2, 3, 3, 3, 3, 3, 3] and more.hidden == 1  # Gus's alone


def test_beyond_the_most_lines_the_links_with_most_people_in_common_are_drawn(monkeypatch):
    """A locality draws thousands of links of three people or more: the chart keeps the MOST_LINES with most
    people in common (here two: Ann, Dan and Eve's, then the first of the threes by partnership), says how many
    more it left out, and finds the same families from every link."""
    monkeypatch.setattr(map_layout, "MOST_LINES", 2)
    links = [*LINKS, Link(2, 5, ("Ann", "Dan", "Eve", "Fay"))]
    capped = arrange(NAMES, SIZES, links, "all")
    assert capped.shown == (Link(2, 5, ("Ann", "Dan", "Eve", "Fay")), Link(1, 2, ANN_BEN_CAT))
    assert (capped.cut, capped.hidden) == (6, 0)  # 8 links of at least one person: 2 drawn, 6 cut
    monkeypatch.setattr(map_layout, "MOST_LINES", 300)
    every = arrange(NAMES, SIZES, links, "all")
    assert (len(every.shown), every.cut) == (8, 0)
    assert (every.families, every.positions) == (capped.families, capped.positions)


def test_an_unknown_choice_shows_the_strongest():
    assert map_layout.strength_of("everything") == "strongest"
    assert map_layout.strength_of(None) == "strongest"
    assert map_layout.strength_of("more") == "more"


def test_each_family_has_a_box_of_its_own():
    arranged = arrange(NAMES, SIZES, LINKS)
    assert (arranged.columns, arranged.rows) == (2, 1)  # two boxes side by side, centred on x = 0 and x = 1
    for family, centre in ((arranged.families[0], 0), (arranged.families[1], 1)):
        for node in family.members:
            x, y = arranged.positions[node]
            assert abs(x - centre) <= map_layout.SPREAD + 1e-9 and abs(y) <= 0.5
    # Partnership 7 shares no one: not drawn.
    assert 7 not in arranged.positions and arranged.family_of.get(7) is None


def test_the_layout_is_the_same_every_time_whatever_order_the_links_come_in():
    once = arrange(NAMES, SIZES, LINKS, "all")
    again = arrange(dict(reversed(NAMES.items())), SIZES, list(reversed(LINKS)), "all")
    assert once == again


def test_names_are_written_only_where_they_overlap_nothing():
    # Thirty partnerships all sharing the same three people: one family crowded into one box 960 px wide
    # and 300 px high, each name (30 characters, cut to 28) about 200 px wide: thirty cannot all fit.
    crowd = {n: "A partnership with a long name" for n in range(1, 31)}
    links = [Link(a, b, ANN_BEN_CAT) for a in range(1, 31) for b in range(a + 1, 31)]
    arranged = arrange(crowd, {n: Decimal(n) for n in crowd}, links)
    assert len(arranged.families) == 1 and len(arranged.positions) == 30
    assert 30 in arranged.labelled  # the largest always has its name
    assert 0 < len(arranged.labelled) < 30
    width, height = map_layout.CHAR_PX * 28 + 4, map_layout.LINE_PX  # 200 by 16 pixels
    centres = []  # each name's centre in pixels at desktop width (one box: 960 wide, 300 high), y down
    for node, where in arranged.labelled.items():
        x, y = arranged.positions[node]
        x, y, reach = x * map_layout.WIDTH_PX, -y * map_layout.ROW_PX, arranged.diameters[node] / 2 + 2
        shift = {
            "bottom center": (0, reach + height / 2),
            "top center": (0, -reach - height / 2),
            "middle right": (reach + width / 2, 0),
            "middle left": (-reach - width / 2, 0),
        }[where]
        centres.append((x + shift[0], y + shift[1]))
        assert abs(x + shift[0]) + width / 2 <= map_layout.WIDTH_PX / 2  # inside the box
    for i, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[i + 1 :]:
            assert abs(x1 - x2) >= width or abs(y1 - y2) >= height


def test_a_long_name_is_cut_with_an_ellipsis():
    assert map_layout.label("Urgent and Emergency Care Board meeting") == "Urgent and Emergency Care B…"  # 27 and "…"
    assert map_layout.label("Health and Wellbeing Board") == "Health and Wellbeing Board"
