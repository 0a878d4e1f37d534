"""The dashboard answers first: every partnership costliest first with the partnership export's figures,
those with no results or only activity flagged in the same table, and (a page away) the people on most
partnerships (on the shared demo)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from tests.conftest import run
from tests.web.page import Page

PERIOD = {"from": "2026-04-01", "to": "2026-11-22"}


def signed_in(app, role: str):
    client = app.test_client()
    client.post("/login", data={"email": f"{role}@demo.example", "password": f"demo-{role}-pass"})
    return client


def exported(runner, basis: str) -> list[dict[str, str]]:
    out = run(runner, "export", "partnerships", "--from", PERIOD["from"], "--to", PERIOD["to"], "--basis", basis).stdout
    return list(csv.DictReader(io.StringIO(out)))


def money(text: str) -> str:
    return f"£{Decimal(text):,.2f}"


def seconds(clock: str) -> int:
    """A time written exactly, on a page (1,204:05, 0:16:40) or in a file (1204:05:00), in seconds."""
    hour, minute, second = re.fullmatch(r"(\d{1,3}(?:,\d{3})*|\d+):([0-5]\d)(?::([0-5]\d))?", clock).groups()
    return (int(hour.replace(",", "")) * 60 + int(minute)) * 60 + int(second or 0)


def on_page(whole_seconds: int) -> str:
    """As the hours filter writes a time: H:MM, thousands separated, ``:SS`` only where there are seconds."""
    minutes, second = divmod(whole_seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour:,}:{minute:02d}" + (f":{second:02d}" if second else "")


# The demo's finance officer works for the Borough Council and sees its staff at their pay, everyone else at
# standard rates: no export is at that basis (its figures are worked by hand in test_dashboard_figures and
# test_cost_basis), so they are set against the export once switched to what directors see.
@pytest.mark.parametrize(("role", "basis"), [("finance", "standard"), ("director", "standard")])
def test_the_answer_is_costliest_first_with_the_exports_figures(demo, demo_runner, role, basis):
    client = signed_in(demo, role)
    if role == "finance":
        own = client.get("/dashboard", query_string=PERIOD).get_data(as_text=True)
        assert "actual pay for Borough Council staff, standard rates for everyone else" in own
        client.post("/cost-basis", data={"basis": "standard"})
    page = Page.of(client.get("/dashboard", query_string=PERIOD))
    shown = page.table("Partnership dashboard").records()
    rows = sorted(exported(demo_runner, basis), key=lambda r: (-Decimal(r["cost"] or 0), r["partnership"]))
    met = [r for r in rows if int(r["meetings"])]
    names = [r["Partnership"].removesuffix(" Reports nothing").removesuffix(" Reports only activity") for r in shown]
    assert names[: len(met)] == [r["partnership"] for r in met]  # then any that reported without meeting
    for seen, row in zip(shown, met, strict=False):
        # The page writes the export's exact time as hours and minutes (1204:05:00 in the file: 1,204:05).
        assert seen["Hours"] == on_page(seconds(row["hours"]))
        assert seen["Cost"] == money(row["cost"])
    bsp = page.table("Partnership dashboard").record("Borough Strategic Partnership")
    assert bsp["Result against target"].startswith("Actions completed on time: ")  # how well: its only kind


def test_the_unproven_are_flagged_in_the_answer_and_the_busiest_people_a_page_away(demo):
    director = signed_in(demo, "director")
    table = Page.of(director.get("/dashboard", query_string=PERIOD)).table("Partnership dashboard")
    for name, status in (
        ("Economic Partnership", "Reports nothing"),
        ("Voluntary Sector Compact Group", "Reports nothing"),
        ("Youth Crime Prevention Group", "Reports only activity"),
        ("Violence Against Women and Girls Group", "Reports only activity"),
    ):
        assert f"{name} {status}" in table.column("Partnership")
    flagged = [n for n in table.column("Partnership") if n.endswith(("Reports nothing", "Reports only activity"))]
    assert len(flagged) == 4
    html = director.get("/dashboard/hats", query_string=PERIOD).get_data(as_text=True)
    top = html[html.index('id="most-hats-title"') :]
    assert top[: top.index("Everyone's hats")].count(" partnerships, ") == 5  # the five people on most partnerships


def test_the_review_queue_leaves_out_series_that_take_no_ones_time(demo):
    """All-day days, and meetings declined or cancelled, cost no meeting time: out of the queue, listed apart."""
    manager = signed_in(demo, "manager")

    def rows(**query) -> list[dict[str, str]]:
        page = Page.of(manager.get("/review", query_string=query))
        (table,) = [t for t in page.tables if "unattributed series" in t.heading]
        return table.records()

    queue = rows()
    assert len(queue) == 50  # the demo has thousands of series: a page of 50, most hours first
    assert all(seconds(r["Hours"]) > 0 for r in queue) and "Senior leadership team" in {r["Series"] for r in queue}
    assert not {"Annual leave", "Leadership training"} & {r["Series"] for r in queue}
    left_out = rows(all="1")  # not hidden behind the busiest
    assert left_out and all(r["Hours"] == "0:00" for r in left_out)
    assert "Annual leave" in {r["Series"] for r in left_out}
