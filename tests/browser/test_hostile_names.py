"""Names and titles users typed are shown as themselves in charts: never a live link or a restyled label.

Plotly reads ``<a href>``, ``<b>`` and styles in labels, hover text and legends; a meeting title
``<a href="https://evil.example/">Click here</a>`` was a live link in the director's "biggest
recurring meetings" chart. The hand-made names below go through the whole app, from the database to
the chart drawn in Chromium.
"""

from __future__ import annotations

from sqlalchemy import update

from tests.browser.test_journeys import CHART_PAGES, MARCH, charts_drawn
from tracker import db
from tracker.models import Meeting, Partnership

LINK = '<a href="https://evil.example/">Click here</a> board'
BIG = '<b style="font-size:60px">Big</b> Partnership'


def test_hostile_titles_and_names_are_plain_text_in_every_chart(web_app, page_for, live_server):
    with web_app.app_context():
        with db.transaction() as session:
            session.execute(update(Meeting).where(Meeting.title.like("%Wellbeing%")).values(title=LINK))
            session.execute(
                update(Partnership).where(Partnership.name == "Health and Wellbeing Board").values(name=BIG)
            )
    page = page_for("finance")
    seen = {}
    for chart in ("chart-partnerships", "chart-hats", "chart-series", "chart-results"):
        page.goto(f"{live_server}{CHART_PAGES[chart]}?{MARCH}&root=1")
        charts_drawn(page, [chart])
        plot = page.locator(f"#{chart}")
        assert plot.locator("svg a").count() == 0, chart  # no live link anywhere in the drawing
        styled = plot.locator("svg tspan[style*='font-size:60px'], svg tspan[style*='font-weight:bold']")
        assert styled.count() == 0, chart
        seen[chart] = drawn(page, chart)
    # The title, as typed, shortened on the axis (the full title is in the hover and the table).
    assert '<a href="https://evil.example/">Cli…' in seen["chart-series"]
    assert '<b style="font-size:60px">Big</b>' in seen["chart-hats"]


def drawn(page, chart: str) -> str:
    """The text of the chart's drawing (its SVG layers), as the browser holds it."""
    return "".join(page.locator(f"#{chart} .main-svg").all_text_contents())
