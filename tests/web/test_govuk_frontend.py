"""The design system the pages use is the vendored GOV.UK Frontend, at the version its Jinja macros match,
built for a service outside GOV.UK: no GDS Transport typeface and no crown."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.web.govuk import GOVUK_FRONTEND_VERSION

ROOT = Path(__file__).resolve().parents[2]


def test_the_vendored_build_is_the_pinned_version():
    package = json.loads((ROOT / "frontend" / "package.json").read_text())
    lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text())
    assert package["devDependencies"]["govuk-frontend"] == GOVUK_FRONTEND_VERSION
    assert lock["packages"]["node_modules/govuk-frontend"]["version"] == GOVUK_FRONTEND_VERSION
    assert (ROOT / "static" / "govuk" / "VERSION").read_text().strip() == GOVUK_FRONTEND_VERSION


def test_the_build_has_neither_the_gds_typeface_nor_the_crown():
    css = (ROOT / "static" / "govuk" / "govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css and "font-family:arial,sans-serif" in css
    assert not (ROOT / "static" / "govuk" / "assets").exists()  # the crown's images and the GDS fonts


def test_a_page_is_built_from_the_design_systems_components(as_role):
    page = as_role("director").get("/dashboard").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/static/govuk/govuk-frontend.min.css">' in page
    assert 'class="govuk-service-navigation' in page and 'class="govuk-skip-link"' in page
    assert "govuk-header__logo" not in page and "govuk-logo" not in page and "Crown copyright" not in page
