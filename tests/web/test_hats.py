"""The hats page and its CSVs: people on most partnerships, their share of working time, and the time one
representative per organisation would save ("send one"), worked by hand from the end-to-end scenario. The
finance user works for Borough Council: Alice's time (and Dave's, where he joins the council) at pay,
everyone else's at the standard rate."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction

from tests.conftest import run
from tests.tracker.test_end_to_end import A1, A2, ALICE_HALF, E2E, PRODUCTIVE, C, money, rate
from tests.web.page import Page
from tests.web.test_dashboard_figures import MARCH, OWN_WORDS, STANDARD, pounds
from tracker.reports.hats import trend

D = Decimal
DAVE = Fraction(int(rate(30000) * 100 + Fraction(1, 2)), 100)  # £23.3698 an hour, held to the penny: £23.37


def hats_page(client) -> Page:
    return Page.of(client.get("/hats", query_string=MARCH))


def percent(value: Fraction) -> str:
    return f"{int(value * 100 + Fraction(1, 2))}%"


def test_people_on_most_partnerships_come_first(as_role):
    table = hats_page(as_role("finance")).table("People on most partnerships")
    assert table.column("Person") == ["Alice Adams", "Carol Cole", "Bob Brown"]
    alice = table.record("Alice Adams")
    # HWB 9.5 h (five meetings with the development session) and the CSP board 1.5 h.
    assert (alice["Partnerships"], alice["Meetings"], alice["Hours"]) == ("2", "6", "11:00")
    # Her working time in March: 1 FTE x 11692/7 productive hours a year x 31/365.
    share = 11 / (PRODUCTIVE * Fraction(31, 365))
    assert alice["Share of working time"] == percent(share) == "8%"
    assert alice["Trend"] == "–"  # one whole month: nothing to compare
    # Alice is the council's: her 7 hours at A1 (4 whole, two of 1.5 h at £71.24 each) and 4 at A2:
    # 189.96 + 142.48 + 209.28 = £541.72. Carol is the Police's: her 11 hours at the standard rate, not her
    # pay (11 C, £389.73).
    assert alice["Cost"] == pounds(4 * A1 + 2 * ALICE_HALF + 4 * A2) == "£541.72"
    carol = table.record("Carol Cole")
    assert (carol["Partnerships"], carol["Hours"], carol["Cost"]) == ("2", "11:00", pounds(11 * STANDARD))
    assert carol["Cost"] == "£577.50" != pounds(11 * C)


def test_a_persons_cost_is_shown_only_to_those_who_see_pay(as_role):
    for role in ("manager", "director"):
        table = hats_page(as_role(role)).table("People on most partnerships")
        assert "Cost" not in table.header
        assert table.record("Bob Brown")["Hours"] == "6:00"
    director_csv = as_role("director").get("/hats/hats.csv", query_string=MARCH).data.decode("utf-8-sig")
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(director_csv))}
    # At standard rates Bob's row is his 6 hours at his grade's published £52.50: nothing of his pay.
    assert rows["Bob Brown"]["cost"] == "315.00" and rows["Bob Brown"]["hours"] == "6:00:00"
    assert rows["Bob Brown"]["cost_basis"] == "standard"
    # The council's finance officer sees the council's own, Alice, at her pay; Bob and Carol, who are not the
    # council's, at the standard rate as a director does.
    finance_csv = as_role("finance").get("/hats/hats.csv", query_string=MARCH).data.decode("utf-8-sig")
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(finance_csv))}
    assert rows["Alice Adams"]["cost"] == money(4 * A1 + 2 * ALICE_HALF + 4 * A2) == "541.72"
    assert (
        (rows["Bob Brown"]["cost"], rows["Carol Cole"]["cost"])
        == ("315.00", money(11 * STANDARD))
        == (
            "315.00",
            "577.50",
        )
    )
    assert {r["cost_basis"] for r in rows.values()} == {OWN_WORDS}
    assert rows["Alice Adams"]["share_of_working_time"] == f"{float(11 / (PRODUCTIVE * Fraction(31, 365))):.3f}"


def test_trend_compares_the_halves_of_the_whole_months():
    assert trend([D(10), D(10), D(15), D(15)]) == D("0.5")  # 20 h then 30 h
    assert trend([D(8), D(99), D(6)]) == D("-0.25")  # the middle month left out
    assert trend([D(0), D(5)]) is None and trend([D(4)]) is None


def register_dave_at(runner, tmp_path, organisation: str = "Police") -> None:
    """Dave (not in the register until now) attends the four HWB board meetings, beside Carol of the Police
    and Alice of the council; his grade (SI) has no standard rate."""
    staff = (E2E / "staff.csv").read_text().rstrip("\n")
    staff += (
        f"\nDave Doe,dave@voluntary.org.uk,,Superintendent,SI,{organisation},Local Policing,LP3,30000,1,2024-04-01\n"
    )
    path = tmp_path / "staff.csv"
    path.write_text(staff)
    run(runner, "staff", "load", path)


def test_send_one_saves_the_second_police_seat(web_app, runner, as_role, tmp_path):
    finance = as_role("finance")
    before = finance.get("/hats", query_string=MARCH).get_data(as_text=True)
    assert "No organisation sent more than one person to any meeting in this period." in before
    register_dave_at(runner, tmp_path, "Police")
    page = hats_page(finance)
    table = page.table("Send one: several people from one organisation at the same meeting")
    hwb = table.record("Health and Wellbeing Board")
    # The 3rd, 10th, 25th and 31st: Carol and Dave, 2 h each. One goes: 2 h saved a meeting, the seat Dave's
    # (the saving keeps the dearer). Both are the Police's, so the council's finance officer sees them at
    # standard rates, as a director does: Dave's grade has none, so the seat is not costed (see below).
    assert (hwb["Meetings"], hwb["Extra seats"], hwb["Hours saved"]) == ("4", "4", "8:00")
    # A year of 52 weeks: 8 h x 364/31 = 2,912/31 h = 10,483,200/31 s = 338,167.74 s, rounded once, half up,
    # to 338,168 s: 93 h 56 min 8 s.
    assert int(Fraction(8 * 364 * 3600, 31) + Fraction(1, 2)) == (93 * 60 + 56) * 60 + 8
    assert hwb["Hours saved a year"] == "93:56:08"
    assert (hwb["Cost saved"], hwb["Cost saved a year"]) == ("–", "–")  # not Dave's pay: it is the Police's
    assert table.column("Partnership") == ["Health and Wellbeing Board"]  # the CSP had no two of one body
    # A director: the seat freed is Dave's, whose grade (SI) has neither a standard rate nor a band, so his
    # time is not costed at standard rates: no cost, never a cost of zero.
    director = hats_page(as_role("director")).table(
        "Send one: several people from one organisation at the same meeting"
    )
    assert director.record("Health and Wellbeing Board")["Cost saved"] == "–"
    body = as_role("director").get("/hats/send_one.csv", query_string=MARCH).data.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert (row["hours_saved"], row["cost_saved"], row["hours_saved_a_year"]) == ("8:00:00", "", "93:56:08")
    assert row["a_year_basis"] == "a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31"
    # The shell's export of the same saving says the same basis beside the same figure.
    out = run(runner, "export", "send_one", "--from", "2025-03-01", "--to", "2025-03-31", "--basis", "standard")
    (shell,) = csv.DictReader(io.StringIO(out.stdout))
    assert (shell["hours_saved_a_year"], shell["a_year_basis"]) == ("93:56:08", row["a_year_basis"])
    assert (
        "In all: <strong>8 hours</strong> in the period, <strong>93 hours 56 minutes 8 seconds a year</strong>"
        " (a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31)"
    ) in page.html


def test_send_one_costs_a_second_council_seat_at_pay_for_the_councils_finance(web_app, runner, as_role, tmp_path):
    """Dave joins the council instead: Alice and he sit at the four HWB board meetings, 2 h each. One goes,
    the seat freed Dave's (the cheaper: the saving keeps the dearer, Alice at A1 then A2). Both are the
    council's, so its finance officer sees the seat at Dave's pay; a director, at standard rates, cannot cost
    it (his grade has no standard rate)."""
    register_dave_at(runner, tmp_path, "Borough Council")
    table = hats_page(as_role("finance")).table("Send one: several people from one organisation at the same meeting")
    hwb = table.record("Health and Wellbeing Board")
    assert (hwb["Meetings"], hwb["Extra seats"], hwb["Hours saved"]) == ("4", "4", "8:00")
    assert hwb["Cost saved"] == pounds(8 * DAVE) == "£186.96"  # 8 h at £23.37
    assert hwb["Cost saved a year"] == pounds(8 * DAVE * Fraction(364, 31)) == "£2,195.27"  # 186.96 x 364 / 31
    assert table.column("Partnership") == ["Health and Wellbeing Board"]
    director = hats_page(as_role("director")).table(
        "Send one: several people from one organisation at the same meeting"
    )
    assert director.record("Health and Wellbeing Board")["Cost saved"] == "–"


def test_the_hats_matrix_is_paged_those_on_most_partnerships_first(as_role, monkeypatch):
    """A locality's matrix (1,000 people by 120 partnerships) is paged; here two people a page of three. The
    order is the list's above (Alice on two partnerships, then Carol, then Bob), and each page's columns are
    the partnerships its people are on; the links to other pages keep the period."""
    import html
    import re

    from tests.web.test_pages import _chart
    from tracker.reports import people

    monkeypatch.setattr(people, "HATS_PAGE", 2)
    finance = as_role("finance")
    first = finance.get("/dashboard/hats", query_string=MARCH).get_data(as_text=True)
    assert _chart(first, "chart-hats")["layout"]["yaxis"]["ticktext"] == ["Alice Adams", "Carol Cole"]
    assert "People 1 to 2 of 3, those on most partnerships first" in first
    links = {html.unescape(h) for h in re.findall(r'href="([^"]*page=2[^"]*)"', first)}
    assert links and all("from=2025-03-01" in h and "to=2025-03-31" in h for h in links)
    second = finance.get(sorted(links)[0]).get_data(as_text=True)
    chart = _chart(second, "chart-hats")
    assert chart["layout"]["yaxis"]["ticktext"] == ["Bob Brown"]
    assert "People 3 to 3 of 3" in second
    bobs = Page.of(finance.get("/hats", query_string=MARCH)).table("People on most partnerships").record("Bob Brown")
    assert len(chart["layout"]["xaxis"]["ticktext"]) == int(bobs["Partnerships"])  # his partnerships alone
    # A page past the last shows the last.
    assert _chart(finance.get("/dashboard/hats", query_string={**MARCH, "page": "9"}).get_data(as_text=True),
                  "chart-hats")["layout"]["yaxis"]["ticktext"] == ["Bob Brown"]  # fmt: skip


def test_one_page_of_hats_says_nothing_of_pages(as_role):
    page = as_role("finance").get("/dashboard/hats", query_string=MARCH).get_data(as_text=True)
    assert "People 1 to" not in page and "Pages of people and their hats" not in page


def test_a_page_of_hats_orders_by_partnerships_then_hours_then_name():
    from tracker.reports.people import HatsMatrix

    hours = {("Ann", "A"): D(2), ("Ann", "B"): D(1), ("Bob", "A"): D(5), ("Cat", "B"): D(1), ("Cat", "C"): D(1)}
    matrix = HatsMatrix(["Ann", "Bob", "Cat"], ["A", "B", "C"], hours)
    # Ann and Cat are on two partnerships each, Ann for 3 hours, Cat for 2; Bob on one, for 5 hours.
    first = matrix.page(1, size=2)
    assert (first.matrix.people, first.matrix.partnerships) == (["Ann", "Cat"], ["A", "B", "C"])
    assert (first.number, first.pages, first.first, first.last, first.total) == (1, 2, 1, 2, 3)
    second = matrix.page(2, size=2)
    assert (second.matrix.people, second.matrix.partnerships) == (["Bob"], ["A"])
    assert second.matrix.hours == {("Bob", "A"): 5}
    assert (second.first, second.last) == (3, 3)
    assert matrix.page(0, size=2).number == 1 and matrix.page(7, size=2).number == 2
    empty = HatsMatrix([], [], {}).page(1)
    assert (empty.pages, empty.first, empty.last, empty.total, empty.matrix.people) == (1, 0, 0, 0, [])


def test_the_hats_list_is_paged_everyone_on_exactly_one_page(as_role, monkeypatch):
    """A locality's 500 people on one page were 466 kB: the list is paged (here two a page of three), in its
    order; the links to other pages keep the period, and a page past the last shows the last."""
    import html
    import re

    from tracker.reports import hats

    monkeypatch.setattr(hats, "HATS_SHOWN", 2)
    finance = as_role("finance")
    first = finance.get("/hats", query_string=MARCH).get_data(as_text=True)
    assert Page(first).table("People on most partnerships").column("Person") == ["Alice Adams", "Carol Cole"]
    assert "People 1 to 2 of 3, those on most partnerships first." in first
    links = {html.unescape(h) for h in re.findall(r'href="(/hats\?[^"]*page=2[^"]*)"', first)}
    assert links and all("from=2025-03-01" in h and "to=2025-03-31" in h for h in links)
    second = finance.get(sorted(links)[0]).get_data(as_text=True)
    assert Page(second).table("People on most partnerships").column("Person") == ["Bob Brown"]
    assert "People 3 to 3 of 3" in second
    past = finance.get("/hats", query_string={**MARCH, "page": "9"}).get_data(as_text=True)
    assert Page(past).table("People on most partnerships").column("Person") == ["Bob Brown"]
    assert "Send one: several people from one organisation" in second  # the page's other part, on every page
    monkeypatch.setattr(hats, "HATS_SHOWN", 50)
    assert "People 1 to" not in finance.get("/hats", query_string=MARCH).get_data(as_text=True)
