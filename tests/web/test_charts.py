"""What the charts draw: one bar, column or row for each thing however alike their names, hours at round
steps, and how each is drawn on a phone (``static/app.js`` applies ``meta.narrow`` below 600 px)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from tracker.domain.periods import Period
from tracker.web import charts

# Two partnerships whose names agree for longer than an axis label keeps (36 characters).
ALIKE = ["Urgent and Emergency Care Board meeting (north)", "Urgent and Emergency Care Board meeting (south)"]


def test_two_names_alike_for_36_characters_are_two_bars_each_named_in_full_on_hover():
    figure = json.loads(charts.bars(ALIKE, [Decimal("1500"), Decimal("900")], axis="Cost (£)"))
    bar = figure["data"][0]
    assert bar["y"] == [0, 1] and bar["x"] == [900.0, 1500.0]  # two bars, the larger on top
    assert bar["hovertext"] == ALIKE[::-1]
    axis = figure["layout"]["yaxis"]
    assert axis["tickvals"] == [0, 1] and axis["ticktext"] == ["Urgent and Emergency Care Board mee…"] * 2


def test_on_a_phone_each_name_is_written_above_its_bar():
    figure = json.loads(charts.bars(ALIKE, [Decimal("1500"), Decimal("900")], axis="Cost (£)"))
    narrow = figure["layout"]["meta"]["narrow"]
    assert narrow["below"] == 600
    above = narrow["layout"]["annotations"]
    assert [(a["text"], a["y"], a["x"], a["xanchor"]) for a in above] == [
        ("Urgent and Emergency Care Board mee…", 0, 0, "left"),
        ("Urgent and Emergency Care Board mee…", 1, 0, "left"),
    ]
    assert narrow["layout"]["yaxis"] == {"showticklabels": False}


def test_hours_are_drawn_at_round_steps_and_the_legend_above_the_months():
    months = [date(2026, m, 1) for m in range(4, 13)]
    period = Period(date(2026, 4, 1), date(2026, 12, 6))
    hours = [Decimal(h) for h in ("12.5", "20.25", "7", "23.4", "18", "9.5", "14", "21", "3")]
    figure = json.loads(charts.monthly(months, hours, [Decimal(100)] * 9, period=period))
    layout = figure["layout"]
    assert (layout["yaxis2"]["tickmode"], layout["yaxis2"]["nticks"]) == ("auto", 6)
    assert layout["legend"]["y"] > 1 and layout["legend"]["yanchor"] == "bottom"  # not under the slanting months
    assert figure["data"][0]["x"][-1] == "Dec 2026 (1–6)"
    assert layout["meta"]["narrow"]["layout"]["xaxis"] == {"tickangle": -90}


def test_the_hats_matrix_keeps_namesakes_apart_and_scrolls_in_its_box_on_a_phone():
    people = ["Alice Adams", "Alice Adams"]
    figure = json.loads(charts.matrix(people, ALIKE, [[Decimal(2), None], [None, Decimal("1.5")]]))
    heatmap = figure["data"][0]
    assert (heatmap["x"], heatmap["y"]) == ([0, 1], [0, 1])
    # The hover names both in full, with the cell's time exact (1.5 h is 1:30)...
    assert heatmap["customdata"][1][1] == ["Alice Adams", ALIKE[1], "1:30"]
    assert "%{customdata[2]}" in heatmap["hovertemplate"]  # ...which is the time it shows
    assert heatmap["text"] == [["2", ""], ["", "2"]]
    assert heatmap["textfont"]["size"] >= 12
    assert figure["layout"]["meta"]["narrow"]["minWidth"] == 200 + 28 * 2


def test_a_year_of_weeks_is_labelled_about_monthly_and_each_week_kept_apart():
    start, end = date(2025, 12, 1), date(2026, 12, 6)
    figure = json.loads(charts.calendar_heatmap({date(2025, 12, 2): 3, date(2026, 12, 1): 2}, start, end))
    heatmap, axis = figure["data"][0], figure["layout"]["xaxis"]
    weeks = len(heatmap["x"])
    assert weeks == 53 and heatmap["x"] == list(range(weeks))  # Mon 1 Dec 2025 to the week of Mon 30 Nov 2026
    assert axis["ticktext"][0] == "1 Dec" and len(axis["ticktext"]) <= 14
    assert heatmap["z"][1][0] == 3 and heatmap["z"][1][-1] == 2  # 2 Dec 2025 and 1 Dec 2026: two Tuesdays
    assert heatmap["customdata"][0][0] == "1 Dec 2025" and heatmap["customdata"][0][-1] == "30 Nov 2026"
