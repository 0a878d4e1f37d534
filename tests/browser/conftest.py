"""A live server on a free local port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
README_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def require_browser() -> None:
    """Skip without Chromium and Playwright, or fail where they must be there (CI sets REQUIRE_BROWSER)."""
    if (reason := _missing()) is not None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)


def serve(app):
    """The app on a free local port in a thread, for as long as the generator is open."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def live_server(web_app):
    require_browser()
    web_app.config["WTF_CSRF_ENABLED"] = True
    yield from serve(web_app)


@pytest.fixture
def browser():
    if (reason := _missing()) is not None:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page_for(browser, live_server):
    """A fresh page signed in as the given role."""
    from tests.web_fixtures import PASSWORD, email

    pages = []

    def make(role: str, address: str | None = None):
        """``address``: another user of the role than the fixture's (``web_fixtures.make_manager``)."""
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.get_by_label("Email address").fill(address or email(role))
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server}/")
        pages.append(context)
        return page

    yield make
    for context in pages:
        context.close()


def shot(page, name: str, *, readme: bool = False) -> None:
    """Keep a screenshot of the page as a test artefact; ``readme``: also its top 1,400 pixels, which the
    README shows (written into docs/screenshots when UPDATE_README_SCREENSHOTS=1)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if readme:
        top = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": 1400}
        page.screenshot(path=str(SHOTS / f"readme-{name}.png"), full_page=True, clip=top)
        if os.environ.get("UPDATE_README_SCREENSHOTS") == "1":
            README_SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(README_SHOTS / f"{name}.png"), full_page=True, clip=top)


def fill_date(page, legend: str, iso: str) -> None:
    """Type an ISO day into the day, month and year boxes of the date input with this legend."""
    year, month, day = iso.split("-")
    group = page.get_by_role("group", name=legend, exact=True)
    for part, value in (("Day", day.lstrip("0")), ("Month", month.lstrip("0")), ("Year", year)):
        group.get_by_label(part, exact=True).fill(value)


def date_typed(page, legend: str) -> str:
    """The ISO day the date input with this legend holds."""
    group = page.get_by_role("group", name=legend, exact=True)
    day, month, year = (group.get_by_label(part, exact=True).input_value() for part in ("Day", "Month", "Year"))
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
