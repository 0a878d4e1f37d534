"""The gatekeeper on the end-to-end scenario: a proposal's projected cost worked by hand, the partnerships it
overlaps, the questions, and a recorded decision.

The proposal: Alice and Carol, and one unnamed place at grade VSM (Bob's, the only one on it), monthly
(12 a year) for 1.5 hours: 12 x 1.5 x 3 = 54 hours a year.
"""

from __future__ import annotations

import re
from fractions import Fraction
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.tracker.test_end_to_end import PRODUCTIVE
from tests.web.page import Page
from tests.web.test_dashboard_figures import MARCH, OWN_WORDS, pounds
from tracker import db
from tracker.domain.costing import financial_year
from tracker.domain.local_time import today
from tracker.models import Proposal

ALICE, CAROL = "1", "3"


def rate_now(salary: int) -> Fraction:
    """A proposal is costed at this financial year's rates: the defaults from 2025/26 on are NI 15% above
    5,000, pension 20%, levy 0.5% (the end-to-end register's salaries are the latest: Alice 66,000)."""
    s = Fraction(salary)
    return (s + Fraction(15, 100) * (s - 5000) + Fraction(205, 1000) * s) / PRODUCTIVE


ALICE_NOW = rate_now(66000)  # £53.0927 an hour: the council's finance officer's own staff
PROPOSAL = {
    "name": "Reducing Reoffending Board",
    "purpose": "Reduce reoffending and crime through community support",
    "lead": "Police",
    "every": "month",
    "hours_each": "1.5",
    "people": [ALICE, CAROL],
    "grade_places": "VSM",
    "sub_groups": "Housing for offenders",
    "needs_many": "Police, probation and the council hold the levers",
    "results": "Proven reoffending rate",
    "review_on": "2027-03-31",
}


def propose(client, **changes) -> Page:
    response = client.post("/proposals/new", data={**PROPOSAL, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return Page.of(client.get(response.headers["Location"], query_string=MARCH))


def test_a_proposal_shows_its_projected_hours_and_the_partnerships_it_overlaps(as_role):
    page = propose(as_role("manager"))
    assert page.h1() == "Reducing Reoffending Board"
    assert page.totals["Senior hours a year"] == "54:00"  # 12 meetings x 1.5 hours x 3 places
    # Beside it, what a year is: monthly, 12 meetings (a year of 52 weeks counts months as twelve).
    assert '<p id="basis">A year: monthly = 12 meetings × 1.5 h × 3 places.' in page.html
    assert page.totals["Places"] == "3"
    assert "Cost a year" not in page.totals  # a manager sees no costs
    overlaps = page.table("Existing partnerships it overlaps")
    csp = overlaps.record("Community Safety Partnership")
    # Alice and Carol each give it 18 hours a year; in March the CSP had Alice 1.5 h and Carol 3 h, a year
    # of them x 364/31 (the same year of 52 weeks). Overlap: (18 + 3 x 364/31) / (18 + 18 + 0) ... worked out
    # below.
    alice_csp, carol_csp = Fraction(3, 2) * Fraction(364, 31), 3 * Fraction(364, 31)
    smaller = min(Fraction(18), alice_csp) + min(Fraction(18), carol_csp)
    larger = max(Fraction(18), alice_csp) + max(Fraction(18), carol_csp)
    assert csp["Overlap"] == f"{float(smaller / larger):.3f}"
    assert csp["Members it shares"] == "Alice Adams, Carol Cole"
    assert "hours a year against each partnership's (a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31)" in (
        page.html
    )
    # Purpose words {reduce, reoffending, crime, community, support} and the CSP's {reduce, crime, disorder,
    # community, safety, csp}: 3 of 8.
    assert csp["Purpose similarity"] == "0.375" and csp["Words in common"] == "community, crime, reduce"
    html = as_role("manager").get("/proposals/1").get_data(as_text=True)
    assert '<dd class="govuk-summary-list__value">Police, probation and the council hold the levers</dd>' in html
    assert html.count('<dd class="govuk-summary-list__value">Not answered</dd>') == 2  # two left unanswered


def set_this_years_rates(client) -> None:
    """Finance sets this year's standard rates: Alice's D1, Carol's CS, and VSM (the place by grade)."""
    year = str(financial_year(today()))
    for grade, rate in (("D1", "50"), ("CS", "40"), ("VSM", "60")):
        form = {"grade": grade, "financial_year": year, "hourly_rate": rate}
        assert client.post("/registers/rates", data=form).status_code == 302


def test_a_proposal_is_costed_at_each_places_rate(as_role):
    propose(as_role("manager"))
    finance, director = as_role("finance"), as_role("director")
    # 18 hours a year each place. The council's finance officer: Alice, the council's, at her own rate; Carol
    # (Police) and the VSM place (whoever holds it: its mean would be the NHS Trust's Bob's pay) at their
    # grades' standard rates, of which none is set for this year yet: the proposal cannot be costed.
    page = Page.of(finance.get("/proposals/1", query_string=MARCH))
    assert page.totals["Cost a year"] == "–"
    assert "each place at its standard rate, Borough Council staff at their own" in page.html
    assert "It cannot be costed: no rate for 1 place at VSM, Carol Cole" in page.html
    # A director: no standard rate is set for this year, and no grade has a band: nothing to cost it at.
    assert Page.of(director.get("/proposals/1", query_string=MARCH)).totals["Cost a year"] == "–"
    set_this_years_rates(finance)
    assert Page.of(director.get("/proposals/1", query_string=MARCH)).totals["Cost a year"] == "£2,700.00"  # 18 x 150
    # Finance: Alice at her £53.0927 an hour, Carol at CS's £40, the VSM place at £60.
    cost = 18 * (ALICE_NOW + 40 + 60)
    assert Page.of(finance.get("/proposals/1", query_string=MARCH)).totals["Cost a year"] == pounds(cost) == "£2,755.67"


def test_the_gatekeeper_records_a_decision_once(as_role):
    propose(as_role("manager"))
    manager = as_role("manager")
    assert manager.post("/proposals/1", data={"decision": "decline", "notes": "x"}).status_code == 403
    director = as_role("director")
    refused = director.post("/proposals/1", data={"decision": "refer", "notes": "The CSP covers this"})
    assert refused.status_code == 400
    assert "choose the partnership it is referred to" in refused.get_data(as_text=True)
    done = director.post("/proposals/1", data={"decision": "refer", "notes": "The CSP covers this", "referred_to": "3"})
    assert done.status_code == 302
    page = Page.of(director.get("/proposals/1"))
    text = director.get("/proposals/1").get_data(as_text=True)
    assert "<strong>Refer to an existing partnership</strong>: to Community Safety Partnership, by director@" in text
    again = director.post("/proposals/1", data={"decision": "approve", "notes": ""})
    assert "it was decided already, by director@example.gov.uk" in again.get_data(as_text=True)
    register = Page.of(director.get("/proposals")).table("Register of proposals")
    assert register.record("Reducing Reoffending Board")["Decision"].startswith("Refer to an existing partnership")
    assert register.record("Reducing Reoffending Board")["Basis"] == "a year: monthly = 12 meetings × 1.5 h × 3 places"
    assert page.h1() == "Reducing Reoffending Board"


def test_the_register_downloads_with_the_projection(as_role):
    propose(as_role("manager"))
    finance = as_role("finance")
    set_this_years_rates(finance)
    body = finance.get("/proposals/register.csv").data.decode("utf-8-sig").splitlines()
    assert (
        body[0] == "proposal,lead,meets,hours_each,places,hours_a_year,cost_a_year,decision,decided_by,review_on,"
        "a_year_basis,cost_basis"
    )
    # Alice at her pay, Carol and the VSM place at standard rates (test_a_proposal_is_costed_at_each_places_rate).
    basis = "a year: monthly = 12 meetings × 1.5 h × 3 places"  # 12 x 1.5 x 3 = 54 hours: 1:30:00 each, 54:00:00
    row = "Reducing Reoffending Board,Police,month,1:30:00,3,54:00:00,2755.67,,,2027-03-31"
    assert body[1] == f'{row},{basis},"{OWN_WORDS}"'


def test_a_proposal_needs_a_purpose_and_members(as_role):
    response = as_role("manager").post("/proposals/new", data={**PROPOSAL, "people": [], "grade_places": ""})
    assert response.status_code == 400
    assert "name at least one member, or a place by grade" in response.get_data(as_text=True)
    response = as_role("manager").post("/proposals/new", data={**PROPOSAL, "grade_places": "VSM x 0"})
    assert "a grade needs at least one place" in response.get_data(as_text=True)


def test_the_assessment_prints_on_one_page_and_downloads_as_pdf(as_role, web_app):
    from tracker.web import pdf

    propose(as_role("manager"))
    director = as_role("director")
    printable = director.get("/proposals/1/assessment", query_string=MARCH).get_data(as_text=True)
    assert "Download as PDF" in printable and "govuk-service-navigation" not in printable
    response = director.get("/proposals/1/assessment.pdf", query_string=MARCH)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"] == 'attachment; filename="assessment-reducing-reoffending-board.pdf"'
    with web_app.test_request_context():
        styles = pdf.inline_css(Path(web_app.static_folder))
    inline = printable.replace("</head>", f"<style>{styles}</style></head>")
    assert pdf.pages(inline) == 1


def test_the_assessment_pdf_is_an_a4_sheet_with_margins_and_no_grey_block(as_role, web_app):
    """Broke: the template's pale grey background painted the whole PDF page, so below the assessment's white
    body an empty grey block filled the foot of the sheet; the printable page on screen had no margins."""
    weasyprint = pytest.importorskip("weasyprint")
    from tracker.web import pdf

    propose(as_role("manager"))
    printable = as_role("director").get("/proposals/1/assessment", query_string=MARCH).get_data(as_text=True)
    with web_app.test_request_context():
        styles = pdf.inline_css(Path(web_app.static_folder))
    (sheet,) = weasyprint.HTML(string=printable.replace("</head>", f"<style>{styles}</style></head>")).render().pages
    # A4 is 210 x 297 mm; at 96 CSS px an inch (25.4 mm): 210 / 25.4 * 96 = 793.70 px, 297 / 25.4 * 96 = 1122.52 px.
    assert (round(sheet.width, 2), round(sheet.height, 2)) == (793.70, 1122.52)
    box = sheet._page_box  # WeasyPrint's layout of the sheet (no public API tells margins or the canvas colour)
    # 12 mm margins all round: 12 / 25.4 * 96 = 45.35 px.
    margins = (box.margin_top, box.margin_right, box.margin_bottom, box.margin_left)
    assert [round(m, 2) for m in margins] == [45.35] * 4
    canvas = box.canvas_background.color  # what paints the sheet wherever the body does not reach
    assert tuple(canvas.to("srgb").coordinates) == (1, 1, 1)  # white, not the template's grey (#f4f8fb)
    # The content is the sheet less its margins: 210 - 2 x 12 = 186 mm, 186 / 25.4 * 96 = 702.99 px, not wider.
    body = box.children[0].children[0]
    assert round(body.position_x, 2) == 45.35 and round(body.width, 2) == 702.99


def test_whoever_proposed_it_cannot_decide_it(as_role):
    director = as_role("director")
    propose(director)
    refused = director.post("/proposals/1", data={"decision": "approve", "notes": ""})
    assert refused.status_code == 400
    assert "the person who proposed it cannot decide it" in refused.get_data(as_text=True)
    assert as_role("admin").post("/proposals/1", data={"decision": "approve", "notes": ""}).status_code == 302


def test_a_place_by_grade_is_costed_for_a_director_at_the_grades_rate_whoever_holds_it(as_role):
    # One named member (Carol, CS) and two places at VSM (Bob is the only VSM): at standard rates the
    # places cost the grade's rate, not Bob's pay, so a director may see it.
    propose(as_role("manager"), people=[CAROL], grade_places="VSM x 2")
    year = str(financial_year(today()))
    for grade, rate in (("CS", "40"), ("VSM", "60")):
        form = {"grade": grade, "financial_year": year, "hourly_rate": rate}
        assert as_role("finance").post("/registers/rates", data=form).status_code == 302
    director = Page.of(as_role("director").get("/proposals/1", query_string=MARCH))
    assert director.totals["Places"] == "3"
    assert director.totals["Cost a year"] == "£2,880.00"  # 18 hours each: 18 x (40 + 2 x 60)


def refusal(response) -> tuple[str, str]:
    """The error summary's entry and the field's own error message, as a reader sees them."""
    html = unescape(response.get_data(as_text=True))
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    entry = re.sub(r"<[^>]+>", "", summary.split("<li>")[1]).strip()
    field = re.search(r'<p id="[a-z_]+-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    assert field is not None, "no error beside the field"
    return " ".join(entry.split()), " ".join(re.sub(r"<[^>]+>", "", field[1]).split())


def saved(web_app) -> int:
    with web_app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(Proposal))


@pytest.mark.parametrize(
    ("places", "message"),
    [
        # The scenario's registers know D1, VSM and CS.
        ("SM2 x 2", "'SM2' is not a grade in the registers: did you mean VSM?"),
        ("VSM x 1000", "'VSM x 1000': at most 50 places a grade, not 1000; name the members instead"),
        ("SM x -1", "'SM x -1': a grade needs at least one place (from 1 to 50)"),
        ("VSM x 2.5", "'VSM x 2.5': 2.5 is not a whole number of places; write one from 1 to 50"),
        ("nonsense", "'nonsense' is not a grade in the registers; the grades are CS, D1, VSM"),
    ],
)
def test_places_it_cannot_cost_are_refused_on_the_field_and_nothing_is_saved(as_role, web_app, places, message):
    response = as_role("manager").post("/proposals/new", data={**PROPOSAL, "grade_places": places})
    assert response.status_code == 400
    entry, beside = refusal(response)
    assert entry == f"Places not yet named, by grade: {message}"
    assert beside == f"Error: {message}"
    assert 'href="#grade_places"' in response.get_data(as_text=True)
    assert saved(web_app) == 0


def test_a_meeting_longer_than_a_working_day_is_refused_saying_the_range(as_role, web_app):
    form = as_role("manager").get("/proposals/new").get_data(as_text=True)
    assert "A number between 0.25 and 8 hours, such as 1.5." in form  # the hint says the range
    assert "Grades: CS, D1, VSM." in form  # and the places' hint the grades there are
    response = as_role("manager").post("/proposals/new", data={**PROPOSAL, "hours_each": "24"})
    assert response.status_code == 400
    message = "24 hours is outside the range: a meeting lasts between 0.25 and 8 hours"
    assert refusal(response) == (f"How long each meeting would last (hours): {message}", f"Error: {message}")
    assert saved(web_app) == 0


def test_a_proposal_named_or_purposed_like_an_existing_partnership_is_warned_about_not_refused(as_role):
    page = propose(
        as_role("manager"),
        name="Community Safety Board",
        purpose="Reduce crime and disorder for community safety",
        grade_places="vsm x 2",
    )
    html = unescape(page.html)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    # Name words {community, safety}, the CSP's; purpose {reduce, crime, disorder, community, safety} against
    # the CSP's purpose and keywords {reduce, crime, disorder, community, safety, csp}: 5 of 6.
    assert (
        "Warning Like an existing partnership: Community Safety Partnership, with a name like this one and a "
        "purpose like this one (purpose similarity 0.833). Could it take this on?" in text
    )
    assert text.count("Like an existing partnership") == 1 and "A warning, not a refusal." in text
    assert page.totals["Places"] == "4"  # Alice, Carol and two at VSM, as the register writes it
    assert "2 at VSM" in text
    printable = unescape(as_role("manager").get("/proposals/1/assessment").get_data(as_text=True))
    assert "Like an existing partnership: Community Safety Partnership, with a name like this one" in printable
    assert "A warning, not a refusal." not in printable  # the page's note left off paper


def test_a_proposal_like_none_carries_no_warning(as_role):
    page = propose(as_role("manager"))  # Reducing Reoffending Board: its purpose 3 of 8 words the CSP's
    assert "Like an existing partnership" not in unescape(page.html)
