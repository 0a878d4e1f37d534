"""Dates are typed as GOV.UK asks: day, month and year boxes, in the forms and in every period filter.

A browser's own date picker writes mm/dd/yyyy in an American browser (the issue's walk-through found it);
the boxes read the same in every browser and say what is wrong in the design system's words.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.web.test_pages import text
from tracker import db
from tracker.models import Measure, OutcomeValue, Partnership

BOXES = re.compile(
    r'id="(?P<id>[\w-]+-(?:day|month|year))" name="(?P<name>[\w-]+)" type="text" value="(?P<value>[^"]*)"'
)


def _boxes(html: str) -> dict[str, tuple[str, str]]:
    """Each day, month and year box on the page: id -> (name, value)."""
    return {m["id"]: (m["name"], m["value"]) for m in BOXES.finditer(html)}


def _csp(web_app, manager) -> int:
    """The Community Safety Partnership, whose lead the manager is, with a measure to report against."""
    with web_app.app_context():
        csp = db.get_session().scalar(select(Partnership.id).where(Partnership.name == "Community Safety Partnership"))
    measure = {"measure-name": "Repeat victims", "measure-kind": "better_off", "measure-unit": "people"}
    assert manager.post(f"/outcomes/{csp}", data=measure).status_code == 302
    return csp


def _record(web_app, client, csp: int, start: list[str], end: list[str]):
    with web_app.app_context():
        measure = db.get_session().scalar(select(Measure.id).where(Measure.partnership_id == csp))
    values = {"value-period_start": start, "value-period_end": end, "value-value": "35"}
    return client.post(f"/outcomes/{csp}", data={"value-measure": str(measure), **values})


def test_a_result_is_recorded_from_day_month_and_year_boxes(web_app, as_role):
    manager = as_role("manager")
    csp = _csp(web_app, manager)
    page = manager.get(f"/outcomes/{csp}").get_data(as_text=True)
    boxes = _boxes(page)
    assert [boxes[f"value-period_start-{part}"][0] for part in ("day", "month", "year")] == ["value-period_start"] * 3
    assert 'type="date"' not in page
    assert _record(web_app, manager, csp, ["1", "1", "2025"], ["31", "03", "2025"]).status_code == 302
    with web_app.app_context():
        stored = db.get_session().scalars(select(OutcomeValue).where(OutcomeValue.value == 35)).one()
        assert (stored.period_start.isoformat(), stored.period_end.isoformat()) == ("2025-01-01", "2025-03-31")


def test_boxes_that_make_no_date_are_refused_in_govuk_words_and_kept_as_typed(web_app, as_role):
    manager = as_role("manager")
    csp = _csp(web_app, manager)
    refused = _record(web_app, manager, csp, ["31", "2", "2025"], ["", "3", "2025"])
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Period start: must be a real date" in text(refused)
    assert "Period end: must include a day" in text(refused)
    assert 'href="#value-period_start-day"' in page  # the summary links to the first box
    boxes = _boxes(page)
    assert [boxes[f"value-period_start-{part}"][1] for part in ("day", "month", "year")] == ["31", "2", "2025"]
    with web_app.app_context():
        assert db.get_session().scalars(select(OutcomeValue).where(OutcomeValue.value == 35)).all() == []


def test_the_period_filter_takes_boxes_and_sends_on_to_the_address_links_use(as_role):
    director = as_role("director")
    typed = {
        "from-day": "1",
        "from-month": "3",
        "from-year": "2025",
        "to-day": "31",
        "to-month": "3",
        "to-year": "2025",
    }
    sent = director.get("/dashboard", query_string={**typed, "organisation": ""})
    assert sent.status_code == 302
    assert sent.headers["Location"] == "/dashboard?from=2025-03-01&to=2025-03-31&organisation="
    page = director.get(sent.headers["Location"]).get_data(as_text=True)
    boxes = _boxes(page)
    assert {key: value for key, (_, value) in boxes.items()} == typed  # the boxes show the period again
    assert "1 Mar 2025" in text(director.get(sent.headers["Location"]))


def test_a_period_filter_that_makes_no_date_says_why(as_role):
    director = as_role("director")
    typed = {"from-day": "31", "from-month": "2", "from-year": "2025", "to": "2025-03-31"}
    page = director.get("/dashboard", query_string=typed)
    assert page.status_code == 200
    assert "The start of the period must be a real date" in text(page)
