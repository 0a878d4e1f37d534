"""The demo's figures, pinned: every CSV and every figure on the main pages stays the same across refactors.

The golden files in ``tests/data/demo_pinned`` were written before the code was reorganised;
a change to any figure, in any export or page, fails here. Regenerate them only when a
figure is meant to change, with ``PIN_DEMO=write pytest tests/tracker/test_demo_pinned.py``.
"""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from tests.conftest import DATA, run

PINNED = DATA / "demo_pinned"
WINDOW = ("--from", "2025-11-01", "--to", "2026-12-31")
QUERY = {"from": "2025-11-01", "to": "2026-12-31"}


class _Text(HTMLParser):
    """The visible text of a page's <main>, scripts left out (charts repeat the tables' figures)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts) + "\n"


FIGURES = ("results", "tree", "months", "totals", "reviews", "hats", "recurring", "preparation-and-travel")


def _check(name: str, actual: str) -> None:
    path = PINNED / name
    if os.environ.get("PIN_DEMO") == "write":
        path.write_text(actual, encoding="utf-8", newline="")
    assert path.read_text(encoding="utf-8") == actual, f"{name} differs from the pinned figures"


@pytest.fixture
def pinned(demo, monkeypatch):
    for page in ("dashboard", "dashboard_figures", "explore"):  # overdue reviews are read on the demo's own day
        monkeypatch.setattr(f"tracker.web.{page}.today", lambda: date(2026, 11, 22))
    return demo


@pytest.mark.parametrize("kind", ["partnerships", "people", "meetings"])
def test_demo_exports_are_unchanged(pinned, demo_runner, kind):
    _check(f"{kind}.csv", run(demo_runner, "export", kind, *WINDOW).stdout)


def test_demo_pages_show_the_pinned_figures(pinned):
    demo = pinned
    client = demo.test_client()
    response = client.post("/login", data={"email": "finance@demo.example", "password": "demo-finance-pass"})
    assert response.status_code == 302
    dashboard = client.get("/dashboard", query_string=QUERY).get_data(as_text=True)
    ids = sorted({int(i) for i in re.findall(r'href="/partnerships/(\d+)', dashboard)})
    pages = {"dashboard": dashboard}
    for name in FIGURES:  # the dashboard's other figures, a page each
        pages[f"dashboard/{name}"] = client.get(f"/dashboard/{name}", query_string=QUERY).get_data(as_text=True)
    for pid in ids:
        pages[f"partnership {pid}"] = client.get(f"/partnerships/{pid}", query_string=QUERY).get_data(as_text=True)
    people = sorted({int(i) for html in pages.values() for i in re.findall(r'href="/people/(\d+)', html)})
    assert len(ids) >= 60 and len(people) >= 3
    for pid in people[:3]:
        pages[f"person {pid}"] = client.get(f"/people/{pid}", query_string=QUERY).get_data(as_text=True)
    pages["dashboard, one organisation"] = client.get("/dashboard", query_string={**QUERY, "organisation": 1}).get_data(
        as_text=True
    )
    pages["dashboard tree, one organisation, drilled down"] = client.get(
        "/dashboard/tree", query_string={**QUERY, "organisation": 1, "root": 1}
    ).get_data(as_text=True)
    pages["api"] = client.get("/api/partnerships", query_string=QUERY).get_data(as_text=True)
    director = demo.test_client()
    director.post("/login", data={"email": "director@demo.example", "password": "demo-director-pass"})
    pages["dashboard as director"] = director.get("/dashboard", query_string=QUERY).get_data(as_text=True)
    pages["partnership 5 as director"] = director.get("/partnerships/5", query_string=QUERY).get_data(as_text=True)
    text = "".join(f"== {name}\n{page_text(html) if name != 'api' else html}\n" for name, html in pages.items())
    _check("pages.txt", text)
