"""Review dates and preparation and travel allowances, worked by hand on the end-to-end scenario, as the
finance user (Borough Council's) sees them: Alice, the council's, at her pay; Bob and Carol at the standard
rate."""

from __future__ import annotations

from fractions import Fraction

from tests.conftest import run
from tests.tracker.test_end_to_end import A1, A2, E2E
from tests.web.page import Page
from tests.web.test_dashboard_figures import HWB_OWN, MARCH, STANDARD, pounds

# The HWB was last reviewed at the end of February 2025 and was due again on 1 June 2025; each attendance
# carries half an hour of reading and a quarter of an hour of travel.
REGISTER = (E2E / "partnerships.csv").read_text().splitlines()
HWB_ROW = next(line for line in REGISTER if line.startswith("Health and Wellbeing Board,"))
ALLOWED = "\n".join(
    [
        REGISTER[0] + ",review_on,last_reviewed,preparation_hours,travel_hours",
        HWB_ROW + ",2025-06-01,2025-02-28,0.5,0.25",
    ]
)


def load(runner, tmp_path) -> None:
    path = tmp_path / "partnerships.csv"
    path.write_text(ALLOWED + "\n")
    run(runner, "partnerships", "load", path)


def test_a_partnership_past_its_review_date_is_listed_with_its_cost_since_the_last_review(
    web_app, runner, as_role, tmp_path
):
    load(runner, tmp_path)
    table = Page.of(as_role("finance").get("/dashboard/reviews", query_string=MARCH)).table("Overdue for review")
    hwb = table.record("Health and Wellbeing Board")
    assert (hwb["Review was due"], hwb["Last reviewed"]) == ("1 Jun 2025", "28 Feb 2025")
    # Since 1 March 2025 it met five times, all in March (the series ends on the 31st): 23.5 hours, 23:30.
    assert (hwb["Meetings since"], hwb["Hours since"], hwb["Cost since"]) == ("5", "23:30", pounds(HWB_OWN))
    assert hwb["Cost since"] == "£1,205.48"  # Alice at her pay, Bob's and Carol's 14 hours at £52.50
    assert hwb["Results"] == "Reports who is better off"
    assert table.column("Partnership") == ["Health and Wellbeing Board"]  # no other has a review date


def test_preparation_and_travel_are_costed_apart_from_meeting_time(web_app, runner, as_role, tmp_path):
    load(runner, tmp_path)
    page = Page.of(as_role("finance").get("/dashboard", query_string=MARCH))
    assert page.totals["Meeting hours"] == "28:00"  # unchanged: allowances are never mixed in
    page = Page.of(as_role("finance").get("/dashboard/preparation-and-travel", query_string=MARCH))
    row = page.table("Preparation and travel").record("Health and Wellbeing Board")
    # Twelve attendances at these rates: Alice 3 x A1 (the 3rd, 10th and the development session) and
    # 2 x A2; Bob's 3 and Carol's 4 at the standard rate (not the council's to see at pay); each with 0.5 h of
    # preparation and 0.25 h of travel: 12 x 0.5 h = 6:00 and 12 x 0.25 h = 3:00.
    rates = 3 * A1 + 2 * A2 + (3 + 4) * STANDARD
    assert (row["Attendances"], row["Preparation hours"], row["Travel hours"]) == ("12", "6:00", "3:00")
    # 3 x 47.49 + 2 x 52.32 + 7 x 52.50 = £614.61; half of it £307.305 -> £307.31 (a quarter £153.6525 -> £153.65).
    assert row["Preparation cost"] == pounds(Fraction(1, 2) * rates) == "£307.31"
    assert row["Travel cost"] == pounds(Fraction(1, 4) * rates) == "£153.65"
    partnership = Page.of(as_role("finance").get("/partnerships/2", query_string=MARCH))
    lines = partnership.table("Preparation and travel")
    assert lines.record("Preparation")["Cost"] == pounds(Fraction(1, 2) * rates)
    assert partnership.totals["Hours"] == "23:30"  # 23.5 hours
    # In a sentence, the same times in words: 0.5 h and 0.25 h for each attendance.
    assert "30 minutes of preparation and 15 minutes of travel" in partnership.html


def test_a_bad_allowance_names_its_line(web_app, runner, tmp_path):
    path = tmp_path / "partnerships.csv"
    path.write_text(ALLOWED.replace(",0.5,0.25", ",half,0.25") + "\n")
    result = run(runner, "partnerships", "load", path, ok=False)
    assert "line 2" in result.output and "preparation_hours" in result.output and "'half'" in result.output
