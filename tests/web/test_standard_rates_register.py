"""Finance's table of standard rates: set by form or by `tracker rates load`, defaulting to a grade's band
midpoint, re-costing what directors see and recorded in the audit trail, as a salary change is."""

from __future__ import annotations

from tests.conftest import run
from tests.tracker.test_end_to_end import C
from tests.web.page import Page
from tests.web.test_dashboard_figures import MARCH, pounds
from tests.web.test_hats import hats_page, register_dave_at

SEND_ONE = "Send one: several people from one organisation at the same meeting"


def _api_costs(client) -> dict[str, str | None]:
    answer = client.get("/api/partnerships", query_string=MARCH).get_json()
    return {p["partnership"]: p["cost"] for p in answer["partnerships"]}


def test_finance_sets_a_grades_rate_by_form_and_directors_costs_move_with_it(as_role):
    director, finance = as_role("director"), as_role("finance")
    assert _api_costs(director)["Health and Wellbeing Board"] == "1233.75"  # 23.5 h at £52.50
    done = finance.post("/registers/rates", data={"grade": "d1", "financial_year": "2024/25", "hourly_rate": "£60"})
    assert done.status_code == 302
    # Alice (D1) has 9.5 of the board's hours: 9.5 x £60 + 14 x £52.50 = £570 + £735.
    assert _api_costs(director)["Health and Wellbeing Board"] == "1305.00"
    table = Page.of(finance.get("/registers/rates")).table("Standard rates")
    # The grade keeps the spelling first given (tests/data/e2e/rates.csv), by year and grade.
    assert [(r["Financial year"], r["Grade"], r["Hourly rate"]) for r in table.records()] == [
        ("2024/25", "cs", "£52.50"),
        ("2024/25", "D1", "£60.00"),
        ("2024/25", "VSM", "£52.50"),
    ]
    audit = Page.of(as_role("admin").get("/admin/audit")).html
    assert "change standard rates" in audit


def test_a_bad_rate_is_refused_and_changes_nothing(as_role):
    finance = as_role("finance")
    refused = finance.post("/registers/rates", data={"grade": "D1", "financial_year": "24", "hourly_rate": "0"})
    assert refused.status_code == 400
    assert "is not a financial year" in refused.get_data(as_text=True)
    assert _api_costs(as_role("director"))["Health and Wellbeing Board"] == "1233.75"
    assert as_role("director").post("/registers/rates", data={}).status_code == 403


def test_the_rates_command_loads_a_file_all_or_nothing(web_app, runner, tmp_path, as_role):
    bad = tmp_path / "rates.csv"
    bad.write_text("grade,financial_year,hourly_rate\nD1,2024,60\nVSM,2024,sixty\n")
    refused = runner.invoke(args=["rates", "load", str(bad)])
    assert refused.exit_code != 0
    assert "line 3" in refused.output and "nothing was changed" in refused.output
    assert _api_costs(as_role("director"))["Health and Wellbeing Board"] == "1233.75"
    good = tmp_path / "good.csv"
    good.write_text("grade,financial_year,hourly_rate\nD1,2024,60\n")
    assert run(runner, "rates", "load", good).output == "good.csv: 1 rows: 0 new, 1 updated\n"
    assert _api_costs(as_role("director"))["Health and Wellbeing Board"] == "1305.00"


def test_a_grade_with_no_rate_set_is_costed_at_its_band_midpoint_and_one_with_neither_not_at_all(
    web_app, runner, as_role, tmp_path
):
    register_dave_at(runner, tmp_path, "Police")  # Dave, grade SI: no rate set, no band
    director = hats_page(as_role("director")).table(SEND_ONE)
    assert director.record("Health and Wellbeing Board")["Cost saved"] == "–"  # his time is not costed
    bands = tmp_path / "grades.csv"
    bands.write_text("grade,band_min,band_max\nSI,40000,50000\n")
    run(runner, "grades", "load", bands)
    # The band's midpoint, £45,000, with the 2024/25 statutory on-costs over 11,692/7 hours: C, £35.43
    # an hour (Carol's pay happens to be £45,000). The seat freed is Dave's 8 hours.
    director = hats_page(as_role("director")).table(SEND_ONE)
    assert director.record("Health and Wellbeing Board")["Cost saved"] == pounds(8 * C) == "£283.44"
    definitions = Page.of(as_role("director").get("/definitions")).html
    assert "pay band midpoint with on-costs" in definitions
    # Every organisation is on the statutory on-costs: one rate, said once, not once per organisation.
    page = Page.of(as_role("director").get("/definitions"))
    si = page.table("Actual pay and standard rates").record("SI")
    assert si["From"] == "pay band midpoint with on-costs"
    assert si["Hourly rate"].count("£") == 1 and "(" not in si["Hourly rate"]  # this year's rate, once
