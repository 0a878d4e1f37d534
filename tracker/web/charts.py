"""Report rows -> plotly figures (as JSON for the page). Pure: no Flask, no database.

Every chart states its units in its axes and a plain caption in the page; the
same figures are always shown as a table too, for screen readers and print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import plotly.colors as pc
import plotly.io as pio

from ..domain import map_layout
from ..domain.periods import Period
from ..domain.rounding import clock, whole_seconds

FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#0b0c0c")
BLUE, DARK, ORANGE = "#1d70b8", "#003078", "#d4351c"
AXIS = dict(automargin=True, gridcolor="#e0e0e0", zerolinecolor="#b1b4b6")
# ColorBrewer's light-to-dark blues, as plotly.py names them "Blues" (plotly.js's own "Blues" runs the
# other way): darker is more.
BLUES = [[n / 8, c] for n, c in enumerate(pc.sequential.Blues)]


def _layout(traces: list[dict], *, height: int = 360, **axes_and_more) -> str:
    """The figure as plotly JSON, built as plain data: validating it through ``plotly.graph_objects``
    cost a dashboard at 500 people more time than reading its figures did (``bench_pages.py``)."""
    layout: dict = dict(
        font=FONT,
        separators=".,",  # 1,234.5: thousands always separated, never "1.2k"
        height=height,
        margin=dict(l=10, r=10, t=10, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    for name, value in axes_and_more.items():
        layout[name] = {**AXIS, **value} if name.startswith(("xaxis", "yaxis")) else value
    for name in ("xaxis", "yaxis"):
        layout.setdefault(name, dict(AXIS))
    traces = [{k: v for k, v in trace.items() if v is not None} for trace in traces]
    return pio.to_json({"data": traces, "layout": layout}, validate=False)


def _title(text: str) -> dict:
    return dict(title=dict(text=text))


def plain(text: str) -> str:
    """A name or title shown as itself: plotly reads ``<b>``, ``<a href>``, ``<br>`` and entities in
    labels, hover text and legends, so what users typed is escaped and only our own markup is markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(texts: Sequence[str]) -> list[str]:
    return [plain(t) for t in texts]


LABEL = 36  # characters a category label keeps on an axis; the full name is in the hover and the table


def short(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1].rstrip() + "…"


def _categories(labels: Sequence[str], every: int = 1) -> dict:
    """An axis of these labels, placed by position: plotly merges categories that read the same, so two
    partnerships whose names share their first 36 characters (or two people of one name) would become one
    bar, one column or one row. Positions keep them apart; the labels are only written beside them (each
    ``every``-th one, where there are too many to write them all)."""
    shown = range(0, len(labels), every)
    return dict(type="linear", tickmode="array", tickvals=list(shown), ticktext=[labels[n] for n in shown])


# Below this width (px) a chart is drawn its narrow way (``static/app.js`` applies ``meta.narrow``): a phone
# is too narrow for long names beside the bars or months written across.
NARROW = 600


def _narrow(layout: dict | None = None, traces: list[dict] | None = None, min_width: int | None = None) -> dict:
    """How to draw a chart on a narrow screen: layout changes, changes to each trace, and the least width it
    is readable at (narrower, it scrolls inside its own box rather than the page)."""
    narrow: dict = {"below": NARROW, "layout": layout or {}, "traces": traces or []}
    if min_width is not None:
        narrow["minWidth"] = min_width
    return dict(narrow=narrow)


def _money_axis(title: str) -> dict:
    """A cost axis from zero in whole pounds with separators: £0, £5,000, £10,000."""
    return dict(_title(title), rangemode="tozero", tickprefix="£", tickformat=",.0f")


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def bars(labels: Sequence[str], values: Sequence[Decimal | None], *, axis: str, links: Sequence[str] = ()) -> str:
    """Horizontal bars, largest on top; ``links`` make a bar open its drill-down page. On a phone each name
    is written above its bar, which then takes the whole width."""
    names = [plain(short(t)) for t in labels][::-1]
    bar = dict(
        type="bar",
        x=[_f(v) for v in values][::-1],
        y=list(range(len(labels))),
        hovertext=_plain(labels)[::-1],
        orientation="h",
        marker=dict(color=BLUE),
        customdata=list(links)[::-1] if links else None,
        hovertemplate="%{hovertext}: £%{x:,.0f}<extra></extra>",
    )
    above = [
        dict(text=name, x=0, xref="paper", xanchor="left", y=n, yshift=17, showarrow=False, font=dict(size=13))
        for n, name in enumerate(names)
    ]
    narrow = _narrow(
        layout=dict(
            height=max(220, 58 * len(labels) + 80),
            yaxis=dict(showticklabels=False),
            xaxis=dict(nticks=4, tickangle=0),
            annotations=above,
        ),
        traces=[dict(width=0.45)],
    )
    return _layout(
        [bar],
        height=max(220, 36 * len(labels) + 60),
        xaxis=_money_axis(axis),
        yaxis=_categories(names),
        meta=narrow,
    )


def monthly(
    months: Sequence[date],
    hours: Sequence[Decimal],
    costs: Sequence[Decimal | None],
    *,
    period: Period,
    cost_axis: str = "Cost (£)",
) -> str:
    """Cost per month as columns, hours as a line on a second axis; ``cost_axis`` names the cost and its
    basis. A month the period covers only part of is labelled with its days ("Nov 2026 (1–22)")."""
    labels = [period.month_label(m) for m in months]
    cost = dict(
        type="bar",
        x=labels,
        y=[_f(c) for c in costs],
        name=cost_axis,
        marker=dict(color=BLUE),
        hovertemplate="%{x}: £%{y:,.0f}<extra></extra>",
    )
    line = dict(
        type="scatter",
        x=labels,
        y=[_f(h) for h in hours],
        text=[_clock(h) for h in hours],  # the hover's time, exact as the tables write it
        name="Hours",
        yaxis="y2",
        mode="lines+markers",
        line=dict(color=ORANGE, width=3, dash="dot"),
        marker=dict(symbol="diamond", size=9),
        hovertemplate="%{x}: %{text} hours<extra></extra>",
    )
    months_axis = dict(type="category", tickangle=-45 if len(labels) > 8 else 0)  # every month, in order
    narrow = _narrow(layout=dict(xaxis=dict(tickangle=-90), height=440))  # months written up, not across
    if all(c is None for c in costs):  # a reader not shown costs: hours alone, no empty £ axis or legend entry
        hours_only = {key: value for key, value in line.items() if key != "yaxis"}
        return _layout([hours_only], xaxis=months_axis, yaxis=_hours_axis(), showlegend=False, meta=narrow)
    return _layout(
        [cost, line],
        xaxis=months_axis,
        yaxis=_money_axis(cost_axis),
        yaxis2=dict(_hours_axis(), overlaying="y", side="right"),
        # Above the chart: below it, the legend ran into the months' names once they were written slanting.
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        meta=narrow,
    )


def _clock(hours: Decimal | None) -> str:
    return clock(whole_seconds(hours)) if hours is not None else "0:00"


def _hours_axis() -> dict:
    """Hours from zero at round steps (0, 5, 10…), whole hours: never 23 or 259 as a step."""
    return dict(_title("Hours"), rangemode="tozero", tickformat=",.0f", tickmode="auto", nticks=6)


def matrix(people: Sequence[str], partnerships: Sequence[str], grid: Sequence[Sequence[Decimal | None]]) -> str:
    """People by partnership, shaded and labelled with hours (the number is printed: not colour alone)."""
    hours = [[_f(v) for v in row] for row in grid]
    text = [[f"{v:.0f}" if v else "" for v in row] for row in hours]
    heatmap = dict(
        type="heatmap",
        z=hours,
        x=list(range(len(partnerships))),
        y=list(range(len(people))),
        # Who, where and how long, in full, for the hover: [person, partnership, h:mm] for each cell.
        customdata=[
            [[plain(person), plain(p), _clock(v)] for p, v in zip(partnerships, row, strict=True)]
            for person, row in zip(people, grid, strict=True)
        ],
        colorscale=BLUES,
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=12),
        hovertemplate="%{customdata[0]} in %{customdata[1]}: %{customdata[2]} hours<extra></extra>",
        colorbar=_title("Hours"),
    )
    # On a phone a column of cells keeps 28 px, readable numbers included: the chart scrolls in its own box.
    narrow = _narrow(layout=dict(xaxis=dict(tickangle=-60)), min_width=200 + 28 * len(partnerships))
    return _layout(
        [heatmap],
        height=max(300, 28 * len(people) + 160),
        xaxis=dict(_categories([plain(short(p)) for p in partnerships]), tickangle=-35),
        yaxis=_categories(_plain(people)),
        meta=narrow,
    )


def scatter(
    names: Sequence[str],
    costs: Sequence[Decimal | None],
    shares: Sequence[Decimal],
    hours: Sequence[Decimal],
    *,
    cost_axis: str = "Meeting cost in the period (£)",
) -> str:
    """Partnerships: cost against share of targets met, sized by hours."""
    biggest = max([float(h) for h in hours] or [1]) or 1
    points = dict(  # no labels on the points (they overlap and clip): names in the hover and the table
        type="scatter",
        x=[_f(c) for c in costs],
        y=[float(s) * 100 for s in shares],
        text=_plain(names),
        mode="markers",
        marker=dict(
            size=[12 + 40 * float(h) / biggest for h in hours],
            color=BLUE,
            line=dict(color=DARK, width=1),
            opacity=0.75,
        ),
        hovertemplate="%{text}<br>£%{x:,.0f}; %{y:.0f}% of targets met<extra></extra>",
    )
    return _layout(
        [points],
        height=420,
        xaxis=_money_axis(cost_axis),
        yaxis=dict(_title("Targets met (%)"), range=[-5, 110], dtick=25),
    )


def calendar_heatmap(counts: dict[date, int], start: date, end: date) -> str:
    """Weeks across, weekdays down, one square per day with its number of meetings."""
    first = start - timedelta(days=start.weekday())
    weeks = (end - first).days // 7 + 1
    z: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    for day, n in counts.items():
        if start <= day <= end:
            z[day.weekday()][(day - first).days // 7] = n
    mondays = [first + timedelta(weeks=w) for w in range(weeks)]
    labels = [f"{monday.day} {monday:%b}" for monday in mondays]  # a year's weeks apart: the same "2 Dec" twice
    heatmap = dict(
        type="heatmap",
        z=z,
        x=list(range(weeks)),
        customdata=[[f"{monday.day} {monday:%b %Y}" for monday in mondays] for _ in range(7)],
        y=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        colorscale=BLUES,
        xgap=2,
        ygap=2,
        zmin=0,
        showscale=False,
        text=[[str(v) if v else "" for v in row] for row in z],
        texttemplate="%{text}",
        hovertemplate="week of %{customdata}, %{y}: %{z} meeting(s)<extra></extra>",
    )
    return _layout(
        [heatmap],
        height=260,
        xaxis=_categories(labels, every=max(1, -(-weeks // 13))),  # about a label a month
        yaxis=dict(autorange="reversed"),
        meta=_narrow(min_width=80 + 18 * weeks),
    )


def network(
    arranged: map_layout.Arrangement,
    names: Mapping[int, str],
    hovers: Mapping[int, str],
) -> str:
    """The partnerships that share people, each family in a box of its own (``domain.map_layout``), coloured
    by family and sized by cost (or hours); a line joins two that share people, thicker for more, dashed
    between families. ``hovers`` says each partnership's figure ("£1,234 at standard rates")."""
    at = arranged.positions
    widest = max([lk.shared for lk in arranged.shown] or [1])
    styles: dict[tuple[int, bool], list[map_layout.Link]] = {}  # one trace a line style, not one a line
    for lk in arranged.shown:
        styles.setdefault((lk.shared, arranged.family_of[lk.a] == arranged.family_of[lk.b] != 0), []).append(lk)
    traces: list[dict] = [
        dict(
            type="scatter",
            x=[x for lk in lines for x in (at[lk.a][0], at[lk.b][0], None)],
            y=[y for lk in lines for y in (at[lk.a][1], at[lk.b][1], None)],
            mode="lines",
            line=dict(color=DARK, width=1 + 5 * shared / widest, dash="solid" if within else "dot"),
            opacity=0.45 if within else 0.25,
            hoverinfo="skip",
            showlegend=False,
        )
        for (shared, within), lines in sorted(styles.items())
    ]
    traces.append(  # the hover of each line, at its middle
        dict(
            type="scatter",
            x=[(at[lk.a][0] + at[lk.b][0]) / 2 for lk in arranged.shown],
            y=[(at[lk.a][1] + at[lk.b][1]) / 2 for lk in arranged.shown],
            mode="markers",
            marker=dict(size=10, color=DARK, opacity=0.01),
            text=[plain(f"{names[lk.a]} and {names[lk.b]}: {_sit_on_both(lk.shared)}") for lk in arranged.shown],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    nodes = sorted(at, key=lambda n: (arranged.family_of[n] or len(arranged.families) + 1, n))
    traces.append(
        dict(
            type="scatter",
            x=[at[n][0] for n in nodes],
            y=[at[n][1] for n in nodes],
            mode="markers+text",
            text=[plain(map_layout.label(names[n])) if n in arranged.labelled else "" for n in nodes],
            textposition=[arranged.labelled.get(n, "bottom center") for n in nodes],
            textfont=dict(size=12),
            cliponaxis=False,
            marker=dict(
                size=[arranged.diameters[n] for n in nodes],
                color=[_family_colour(arranged.family_of[n]) for n in nodes],
                line=dict(color=DARK, width=1),
            ),
            customdata=[
                f"{plain(names[n])}<br>{_family_words(arranged.family_of[n])}: {plain(hovers[n])}" for n in nodes
            ],
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    titles = [
        dict(x=x, y=y, text=f"<b>Family {number}</b>", showarrow=False, yanchor="top", font=dict(size=13, color=DARK))
        for number, x, y in arranged.boxes
    ]
    return _layout(
        traces,
        height=max(320, map_layout.ROW_PX * arranged.rows),
        xaxis=dict(visible=False, range=[-0.5, arranged.columns - 0.5], fixedrange=True),
        yaxis=dict(visible=False, range=[0.5 - arranged.rows, 0.5], fixedrange=True),
        annotations=titles,
        meta=dict(labelsFrom=map_layout.WIDTH_PX * 0.8),  # narrower than this, app.js hides the names
    )


FAMILY_COLOURS = pc.qualitative.Safe  # told apart with colour blindness; the hover and table name the family too


def _sit_on_both(count: int) -> str:
    return f"{count} {'person sits' if count == 1 else 'people sit'} on both"


def _family_colour(number: int) -> str:
    return FAMILY_COLOURS[(number - 1) % len(FAMILY_COLOURS)] if number else "#b1b4b6"


def _family_words(number: int) -> str:
    return f"family {number}" if number else "in no family"
