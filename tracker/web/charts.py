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


def _money_axis(title: str) -> dict:
    """A cost axis from zero in whole pounds with separators: £0, £5,000, £10,000."""
    return dict(_title(title), rangemode="tozero", tickprefix="£", tickformat=",.0f")


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def bars(labels: Sequence[str], values: Sequence[Decimal | None], *, axis: str, links: Sequence[str] = ()) -> str:
    """Horizontal bars, largest on top; ``links`` make a bar open its drill-down page."""
    bar = dict(
        type="bar",
        x=[_f(v) for v in values][::-1],
        y=[plain(short(t)) for t in labels][::-1],
        hovertext=_plain(labels)[::-1],
        orientation="h",
        marker=dict(color=BLUE),
        customdata=list(links)[::-1] if links else None,
        hovertemplate="%{hovertext}: £%{x:,.0f}<extra></extra>",
    )
    return _layout([bar], height=max(220, 36 * len(labels) + 60), xaxis=_money_axis(axis))


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
        name="Hours",
        yaxis="y2",
        mode="lines+markers",
        line=dict(color=ORANGE, width=3, dash="dot"),
        marker=dict(symbol="diamond", size=9),
        hovertemplate="%{x}: %{y:,.1f} hours<extra></extra>",
    )
    months_axis = dict(type="category", tickangle=-45 if len(labels) > 8 else 0)  # every month, in order
    if all(c is None for c in costs):  # a reader not shown costs: hours alone, no empty £ axis or legend entry
        hours_only = {key: value for key, value in line.items() if key != "yaxis"}
        hours_axis = dict(_title("Hours"), rangemode="tozero", tickformat=",.0f")
        return _layout([hours_only], xaxis=months_axis, yaxis=hours_axis, showlegend=False)
    return _layout(
        [cost, line],
        xaxis=months_axis,
        yaxis=_money_axis(cost_axis),
        yaxis2=dict(_title("Hours"), overlaying="y", side="right", rangemode="tozero", tickformat=",.0f"),
        legend=dict(orientation="h", y=-0.3),
    )


def matrix(people: Sequence[str], partnerships: Sequence[str], grid: Sequence[Sequence[Decimal | None]]) -> str:
    """People by partnership, shaded and labelled with hours (the number is printed: not colour alone)."""
    hours = [[_f(v) for v in row] for row in grid]
    text = [[f"{v:.0f}" if v else "" for v in row] for row in hours]
    heatmap = dict(
        type="heatmap",
        z=hours,
        x=[plain(short(p)) for p in partnerships],
        y=_plain(people),
        customdata=[_plain(partnerships) for _ in people],  # the full names, for the hover
        colorscale=BLUES,
        text=text,
        texttemplate="%{text}",
        hovertemplate="%{y} in %{customdata}: %{z:.1f} hours<extra></extra>",
        colorbar=_title("Hours"),
    )
    return _layout([heatmap], height=max(300, 28 * len(people) + 160), xaxis=dict(tickangle=-35))


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
    labels = [(first + timedelta(weeks=w)).strftime("%d %b") for w in range(weeks)]
    heatmap = dict(
        type="heatmap",
        z=z,
        x=labels,
        y=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        colorscale=BLUES,
        xgap=2,
        ygap=2,
        zmin=0,
        showscale=False,
        text=[[str(v) if v else "" for v in row] for row in z],
        texttemplate="%{text}",
        hovertemplate="week of %{x}, %{y}: %{z} meeting(s)<extra></extra>",
    )
    return _layout([heatmap], height=260, yaxis=dict(autorange="reversed"))


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
