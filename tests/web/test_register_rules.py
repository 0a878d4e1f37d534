"""One set of register rules: the same input gets the same answer and the same message by form, by upload and by CLI."""

from __future__ import annotations

import html
import io

import pytest

from tests.conftest import run
from tests.web.page import Page
from tests.web.test_pages import text

ONCOST_HEAD = (
    "organisation,financial_year,employer_ni_rate,ni_threshold,pension_rate,apprenticeship_levy_rate,other_rate\n"
)
STAFF_HEAD = (
    "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte,salary_effective_from\n"
)
ONCOST_FORM = {
    "organisation": "Borough Council",
    "financial_year": "2025",
    "employer_ni_rate": "15%",
    "ni_threshold": "5000",
    "pension_rate": "20%",
    "apprenticeship_levy_rate": "0.5%",
    "other_rate": "0",
}


def upload(client, register: str, body: str):
    data = {"file": (io.BytesIO(body.encode()), f"{register}.csv")}
    client.post(f"/registers/{register}/load", data=data, content_type="multipart/form-data")
    return html.unescape(text(client.get(f"/registers/{register}")))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pension_rate", "100%", "'100%' must be at least 0% and below 100% (write 15% or 0.15)"),
        ("pension_rate", "20", "'20' must be at least 0% and below 100% (write 15% or 0.15)"),
        ("financial_year", "2025/27", "'2025/27' is not a financial year"),
        ("ni_threshold", "lots", "'lots' is not an amount"),
    ],
)
def test_register_rules_oncosts_form_and_file_agree(as_role, field, value, message):
    finance = as_role("finance")
    form = finance.post("/registers/oncosts", data={**ONCOST_FORM, field: value})
    assert form.status_code == 400 and message in html.unescape(text(form))
    row = ",".join({**ONCOST_FORM, field: value}[c] for c in ONCOST_HEAD.strip().split(","))
    assert f"oncosts.csv, line 2: {field}: {message}" in upload(finance, "oncosts", ONCOST_HEAD + row + "\n")
    saved = [r[:2] for r in rows(text(finance.get("/registers/oncosts")))]
    assert ["Borough Council", "2025/26"] not in saved  # nothing was saved


def test_register_rules_oncosts_in_percent_mean_the_same_by_form_and_file(as_role):
    finance = as_role("finance")
    assert finance.post("/registers/oncosts", data={**ONCOST_FORM, "pension_rate": "0.3"}).status_code == 302
    page = text(finance.get("/registers/oncosts"))
    assert ["Borough Council", "2025/26", "15%"] in rows(page) and "30%" in page
    row = "Borough Council,2024,0.15,5000,30%,0.5%,0\n"  # finance of the council sets the council's own
    assert "oncosts.csv: 1 rows: 1 new, 0 updated" in upload(finance, "oncosts", ONCOST_HEAD + row)
    assert page.count("30%") + 1 == text(finance.get("/registers/oncosts")).count("30%")


def test_register_rules_oncosts_source_is_kept_by_form_and_file_and_shown_beside_the_rates(as_role):
    finance = as_role("finance")
    source = "LGPS primary rate 19% (2022 valuation); levy 0.5% of a £120m pay bill less £15,000"
    form = {**ONCOST_FORM, "pension_rate": "19%", "apprenticeship_levy_rate": "0.4875%", "source": source}
    assert finance.post("/registers/oncosts", data=form).status_code == 302
    table = Page(text(finance.get("/registers/oncosts"))).table("Organisations and on-costs")
    assert table.record("Borough Council")["Levy"] == "0.4875%"  # to its last figure, not 0.49%
    assert table.record("Borough Council")["Source"] == source
    # By file: the source column (quoted, with its commas); a row replaces the year's setting whole.
    row = 'Borough Council,2025,15%,5000,23.7%,0.495%,0.08%,"NHS Pension Scheme, 23.7% from April 2024"\n'
    assert "oncosts.csv: 1 rows: 0 new, 1 updated" in upload(
        finance, "oncosts", ONCOST_HEAD.strip() + ",source\n" + row
    )
    table = Page(text(finance.get("/registers/oncosts"))).table("Organisations and on-costs")
    assert table.record("Borough Council")["Source"] == "NHS Pension Scheme, 23.7% from April 2024"
    # A file of the older columns, without a source: the year's rates are replaced and no source is claimed.
    assert "0 new, 1 updated" in upload(finance, "oncosts", ONCOST_HEAD + "Borough Council,2025,15%,5000,20%,0.5%,0\n")
    table = Page(text(finance.get("/registers/oncosts"))).table("Organisations and on-costs")
    assert (table.record("Borough Council")["Pension"], table.record("Borough Council")["Source"]) == (
        "20%",
        "not given",
    )


def test_register_rules_oncosts_source_too_long_is_refused_alike_by_form_and_file(as_role):
    finance = as_role("finance")
    long = "x" * 1001
    form = finance.post("/registers/oncosts", data={**ONCOST_FORM, "source": long})
    assert form.status_code == 400 and "is longer than 1000 characters" in text(form)
    row = "Borough Council,2025,15%,5000,20%,0.5%,0," + long + "\n"
    page = upload(finance, "oncosts", ONCOST_HEAD.strip() + ",source\n" + row)
    assert "oncosts.csv, line 2: source: is longer than 1000 characters" in page
    assert ["Borough Council", "2025/26"] not in [r[:2] for r in rows(text(finance.get("/registers/oncosts")))]


def test_register_rules_blank_organisation_is_a_message_not_a_crash(web_app, runner, tmp_path):
    path = tmp_path / "oncosts.csv"
    path.write_text(ONCOST_HEAD + ",2025,15%,5000,20%,0.5%,0\n")
    result = run(runner, "oncosts", "load", path, ok=False)
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert "oncosts.csv, line 2: organisation: cannot be empty (nothing was changed)" in result.output


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"fte": "2"}, "fte", "'2' must be above 0 and at most 1.5"),
        ({"aliases": "bob@nhs.net"}, "aliases", "'bob@nhs.net' is already another person's address"),
        ({"aliases": "not-an-address"}, "aliases", "'not-an-address' is not an email address"),
        ({"name": ""}, "name", "cannot be empty"),
    ],
)
def test_register_rules_people_form_and_file_agree(as_role, change, field, message):
    admin = as_role("admin")
    person = {
        "name": "Dee Dixon",
        "email": "dee@council.gov.uk",
        "aliases": "",
        "job_title": "Head of Housing",
        "grade": "",
        "organisation": "Borough Council",
        "directorate": "",
        "cost_centre": "",
        "fte": "0.8",
        **change,
    }
    form = admin.post("/registers/staff/new", data=person)
    assert form.status_code == 400 and message in html.unescape(text(form))
    row = ",".join(person.get(c, "") for c in STAFF_HEAD.strip().split(","))
    assert f"staff.csv, line 2: {field}: {message}" in upload(admin, "staff", STAFF_HEAD + row + "\n")
    assert "dee@council.gov.uk" not in text(admin.get("/registers/staff"))


def test_register_rules_a_loop_in_the_partnership_tree_is_refused_either_way(as_role):
    admin = as_role("admin")
    page = text(admin.get("/registers/partnerships"))
    assert "Borough Strategic Partnership" in page and "Health and Wellbeing Board" in page
    form = admin.post(
        "/registers/partnerships/1",
        data={"name": "Borough Strategic Partnership", "parent": "Health and Wellbeing Board", "priority": "100"},
    )
    message = "'Borough Strategic Partnership' would sit under one of its own sub-partnerships"
    assert form.status_code == 400 and message in html.unescape(text(form))
    head = "name,parent,purpose,lead_organisation,keywords,categories,priority\n"
    body = head + "Borough Strategic Partnership,Health and Wellbeing Board,,,,,\n"
    assert f"partnerships.csv, line 2: parent: {message}" in upload(admin, "partnerships", body)


def test_register_rules_partnership_names_ignore_case_either_way(as_role):
    admin = as_role("admin")
    form = admin.post("/registers/partnerships/new", data={"name": "community safety partnership", "priority": "5"})
    assert form.status_code == 400
    assert "there is already a partnership called 'community safety partnership'" in html.unescape(text(form))
    head = "name,parent,purpose,lead_organisation,keywords,categories,priority\n"
    page = upload(admin, "partnerships", head + "community safety partnership,,Reduce crime,Police,csp,,10\n")
    assert "partnerships.csv: 1 rows: 0 new, 1 updated" in page
    assert page.count("ommunity safety partnership") == 1  # still one partnership, now named as the file says


def test_register_rules_a_file_with_some_columns_changes_only_those(web_app, as_role):
    """Regression: a staff file of name and email only blanked everyone's grade, organisation and FTE."""
    admin = as_role("admin")
    before = text(admin.get("/registers/staff"))
    assert "Director of Public Health" in before and "Borough Council" in before
    page = upload(admin, "staff", "name,email\nAlice Adams-Smith,alice@council.gov.uk\n")
    assert "staff.csv: 1 rows: 0 new, 1 updated" in page
    assert "Alice Adams-Smith" in page and "Director of Public Health" in page and "Borough Council" in page
    head = "name,priority\n"
    parts = upload(admin, "partnerships", head + "Health and Wellbeing Board,5\n")
    assert "1 rows: 0 new, 1 updated" in parts
    detail = html.unescape(text(admin.get("/registers/partnerships/2")))
    assert 'value="health and wellbeing;HWB"' in detail
    assert [v for v, _, chosen in Page(detail).options["parent"] if chosen] == ["Borough Strategic Partnership"]


def rows(page: str) -> list[list[str]]:
    """Every table row's first three cells, as the page shows them."""
    return [[cell.text for cell in row][:3] for table in Page(page).tables for row in table.rows]
