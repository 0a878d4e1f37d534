"""Scenarios on the end-to-end scenario, worked by hand. March 2025 (31 days) scaled to a year of 52 weeks:
x 364/31.

HWB: 5 meetings, 12 attendances; Alice 9.5 h, Bob 6 h, Carol 8 h. Each of its five meetings is booked for 2 h
(its scheduled slot); Alice's seat at the development session on the 5th is 1.5 h, because the CSP board
overlaps it by an hour and she is double-booked, so its average seat is 23.5/12 h, less than the slot.
CSP: 2 meetings, 3 attendances; Alice 1.5 h, Carol 3 h; booked 2 h (the board) and 1 h (the tasking): a slot
of 1.5 h. (Rates: tests/tracker/test_end_to_end.py.) The finance user works for Borough Council, so sees
Alice, the council's, at her pay and Bob (NHS Trust) and Carol (Police) at the standard rate, £52.50.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser

from tests.tracker.test_end_to_end import A1, A2, ALICE_HALF, B, C
from tests.web.page import Page
from tests.web.test_dashboard_figures import CSP_OWN, HWB_OWN, MARCH, OWN_WORDS, STANDARD, pounds
from tracker.domain.scenarios import Board, Seat, merge

YEAR = Fraction(364, 31)
HWB, CSP = "2", "3"
ALICE, BOB, CAROL = "1", "2", "3"  # the staff register's order


def clock(hours: Fraction) -> str:
    """A year's estimate of hours as a page writes it: rounded once, half up, to the whole second, then H:MM,
    thousands separated, with :SS only where there are seconds (5,896,800/31 s, 190,219.35, is 52:50:19)."""
    exact = abs(hours) * 3600
    whole = int(exact + Fraction(1, 2))  # half up, away from zero
    minutes, second = divmod(whole, 60)
    hour, minute = divmod(minutes, 60)
    sign = "-" if hours < 0 and whole else ""
    return f"{sign}{hour:,}:{minute:02d}" + (f":{second:02d}" if second else "")


def save(client, **fields) -> Page:
    data = {"name": "Test", "kind": "stop", "partnerships": [], "members": [], **fields}
    response = client.post("/scenarios", query_string=MARCH, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return Page.of(client.get(response.headers["Location"]))


def saving(page: Page) -> dict[str, str]:
    return page.table("What it would save").record("Saving")


def test_stopping_the_csp_frees_all_of_its_time(as_role):
    page = save(as_role("finance"), name="Stop the CSP", kind="stop", partnerships=[CSP])
    assert page.h1() == "Stop the CSP"
    assert saving(page) == {
        "": "Saving",
        "Hours a year": clock(Fraction(9, 2) * YEAR),
        "Cost a year": pounds(CSP_OWN * YEAR),
    }
    # 4.5 h x 364 / 31 = 52.8387 h, 190,219.35 s: 52:50:19. £228.74 (71.24 + 3 x 52.50) x 364 / 31 = £2,685.85.
    assert (clock(Fraction(9, 2) * YEAR), pounds(CSP_OWN * YEAR)) == ("52:50:19", "£2,685.85")
    freed = page.table("Senior time freed, per person")
    # Carol is the Police's: her time at the standard rate, not her pay (3 C a March).
    assert freed.record("Carol Cole") == {
        "Person": "Carol Cole",
        "Hours a year": clock(3 * YEAR),
        "Cost a year": pounds(3 * STANDARD * YEAR),
    }
    assert clock(3 * YEAR) == "35:13:33"  # 3 h x 364/31 = 126,812.90 s
    assert pounds(3 * STANDARD * YEAR) == "£1,849.35" != pounds(3 * C * YEAR)
    # Alice is the council's: her 1.5 hours at A1, costed to the penny: £71.24; x 364 / 31 = £836.50.
    alice = freed.record("Alice Adams")
    assert (alice["Hours a year"], alice["Cost a year"]) == (
        clock(Fraction(3, 2) * YEAR),
        pounds(ALICE_HALF * YEAR),
    )
    assert alice["Hours a year"] == "17:36:46"  # 1.5 h x 364/31 = 63,406.45 s; with Carol's, 52:50:19
    assert alice["Cost a year"] == "£836.50"
    # Beside the figures, what a year is: March's 31 days x 364/31; stopping needs no more said.
    assert "Basis: a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31." in page.html


def test_meeting_less_often_scales_every_seat(as_role):
    page = save(as_role("finance"), name="HWB quarterly-ish", kind="less_often", partnerships=[HWB], meetings="12")
    # 5 meetings in March are 5 x 364/31 = 58.7 a year; at 12 a year each seat is 12 / (5 x 364/31) of what it
    # was, so a year of 23.5 x 364/31 hours becomes 23.5 x 12/5 = 56.4 (56:24), a saving of
    # 275.9355 - 56.4 = 219.5355 h: 790,327.74 s, 219:32:08.
    after = Fraction(47, 2) * 12 / 5
    table = page.table("What it would save")
    assert table.record("With the change")["Hours a year"] == clock(after) == "56:24"
    assert saving(page)["Hours a year"] == clock(Fraction(47, 2) * YEAR - after) == "219:32:08"
    # £1,205.48 x (364/31 - 12/5) = £11,261.52
    assert saving(page)["Cost a year"] == pounds(HWB_OWN * YEAR - HWB_OWN * Fraction(12, 5)) == "£11,261.52"
    assert "; 12 meetings a year for the 58.7 it holds: each seat × 12/58.7." in page.html


def test_shorter_meetings_scale_by_the_new_length_over_the_scheduled_slot(as_role):
    # The HWB's meetings are booked for 2 h each. At 1 hour, every seat is 1/2 of what it was: 23.5/2 = 11.75 h
    # in March, 11.75 x 364/31 = 137.97 a year (496,683.87 s: 137:58:04). The old rule divided by the average
    # seat (23.5 h over 12 attendances, shortened by Alice's double-booking on the 5th), so every seat became
    # 12/23.5 of itself: 12 x 364/31 = 140.9 h (140:54:12), as if each of the 12 seats were a whole hour, the
    # shared one too.
    page = save(as_role("finance"), name="HWB one hour", kind="shorter", partnerships=[HWB], hours="1")
    after = page.table("What it would save").record("With the change")["Hours a year"]
    assert after == clock(Fraction(47, 4) * YEAR) == "137:58:04" != clock(12 * YEAR) == "140:54:12"
    assert "; 1 h for its scheduled slot of 2 h: each seat × 1/2." in page.html


def test_a_deputy_frees_the_persons_time_and_costs_the_difference(as_role):
    # Bob (VSM) sends a deputy on grade CS, costed at that grade's rate over March: Carol's. Both are other
    # organisations' than the council's, so its finance officer has both at £52.50: a saving of nothing, and
    # nothing of their pay (6 (B - C) a March).
    finance = as_role("finance")
    page = save(finance, name="Bob deputises", kind="deputy", partnerships=[HWB], person=BOB, grade="CS")
    assert saving(page)["Hours a year"] == "0:00"  # the deputy attends the same hours
    assert saving(page)["Cost a year"] == pounds(6 * (STANDARD - STANDARD) * YEAR) == "£0.00"
    assert pounds(6 * (B - C) * YEAR) == "£2,548.94"  # what their pay would have said: 6 x (71.61 - 35.43) x 364/31
    freed = page.table("Senior time freed, per person")
    assert freed.column("Person") == ["Bob Brown"]
    assert freed.record("Bob Brown")["Hours a year"] == clock(6 * YEAR) == "70:27:06"  # 253,625.81 s
    # A deputy on the council's grade D1 is costed at the council's pay for it: Alice's rate over March,
    # her cost over her hours, £541.72 / 11 (4 A1 + 2 x £71.24 + 4 A2: each attendance to the penny), against
    # Bob's £52.50: 6 x (52.50 - 49.2473) x 364/31 = £229.16.
    page = save(finance, name="Bob sends a D1", kind="deputy", partnerships=[HWB], person=BOB, grade="D1")
    alice_rate = (4 * A1 + 2 * ALICE_HALF + 4 * A2) / 11
    assert saving(page)["Cost a year"] == pounds(6 * (STANDARD - alice_rate) * YEAR) == "£229.16"


def test_merging_with_chosen_members(as_role):
    # Alice and Carol only, meeting as often as the HWB (5 x 364/31 a year) for the HWB's longer scheduled slot
    # (2 h against the CSP's 1.5 h), each for the whole meeting: 2 x 5 x 2 = 20 hours in March, x 364/31
    # = 234.84 h (845,419.35 s, 234:50:19); the saving 8 x 364/31 = 93.94 h (338,167.74 s, 93:56:08).
    page = save(as_role("finance"), name="One board", kind="merge", partnerships=[HWB, CSP], members=[ALICE, CAROL])
    after = 2 * 5 * 2
    assert page.table("What it would save").record("With the change")["Hours a year"] == clock(after * YEAR)
    assert clock(after * YEAR) == "234:50:19"
    assert saving(page)["Hours a year"] == clock((28 - after) * YEAR) == "93:56:08"
    # Each member's seat costs at their own rate over the two: Alice £541.72 / 11 (her attendances' pence over
    # her hours); Carol, the Police's, at the standard rate for the council's finance officer.
    alice_rate = (4 * A1 + 2 * ALICE_HALF + 4 * A2) / 11
    cost_after = 5 * 2 * (alice_rate + STANDARD) * YEAR
    assert saving(page)["Cost a year"] == pounds((HWB_OWN + CSP_OWN) * YEAR - cost_after) == "£4,893.42"
    # The old rule modelled the board at the HWB's average seat, 23.5/12 = 1.958 h (Alice's double-booked
    # 1.5 h seat pulls it under the 2 h booked): 2 x 5 x 23.5/12 = 19.58 h in March, a saving of 98.8 h
    # (355,780.65 s, 98:49:41) and £5,142.32 a year, more than merging would save, since everyone sits the
    # whole of the merged meeting.
    old_after = 5 * Fraction(47, 24)
    assert clock((28 - 2 * old_after) * YEAR) == "98:49:41" != saving(page)["Hours a year"]
    old_cost = (HWB_OWN + CSP_OWN) * YEAR - old_after * (alice_rate + STANDARD) * YEAR
    assert pounds(old_cost) == "£5,142.32"
    assert (
        "Basis: a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31; the merged board: 58.7 meetings a year"
        " (the most of any: Health and Wellbeing Board) of 2 h (the longest scheduled slot: Health and Wellbeing"
        " Board), each member for the whole meeting at their own rate." in page.html
    )
    assert page.table("Senior time freed, per person").record("Bob Brown")["Hours a year"] == clock(6 * YEAR)


def test_merge_defaults_to_all_members_and_can_add_time():
    boards = [
        Board(1, Decimal(10), Decimal(2), (Seat(1, 7, Decimal(20), Decimal(200)), Seat(1, 8, Decimal(20), None))),
        Board(2, Decimal(4), Decimal(1), (Seat(2, 7, Decimal(4), Decimal(40)),)),
    ]
    outcome = merge(boards)  # 10 meetings of 2 h (the first's scheduled slot) for persons 7 and 8
    assert (outcome.hours_before, outcome.hours_after) == (44, 40)
    assert outcome.cost_before is None and outcome.cost_saved is None  # person 8 has no rate
    assert [(f.person, f.hours) for f in outcome.freed] == [(7, 4)]


def test_scenarios_are_compared_side_by_side_and_exported(as_role):
    finance = as_role("finance")
    save(finance, name="Stop the CSP", kind="stop", partnerships=[CSP])
    save(finance, name="HWB quarterly-ish", kind="less_often", partnerships=[HWB], meetings="12")
    page = Page.of(finance.get("/scenarios/compare", query_string={**MARCH, "id": ["1", "2"]}))
    table = page.table("Scenarios compared")
    assert table.header == ["", "Stop the CSP", "HWB quarterly-ish"]
    saved = table.record("Hours saved a year")
    assert (saved["Stop the CSP"], saved["HWB quarterly-ish"]) == ("52:50:19", "219:32:08")
    basis = table.record("Basis")
    assert basis["Stop the CSP"] == "a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31"
    assert basis["HWB quarterly-ish"] == (
        "a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31; 12 meetings a year for the 58.7 it holds:"
        " each seat × 12/58.7"
    )
    body = finance.get("/scenarios/compare.csv", query_string={**MARCH, "id": ["2"]}).data.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["scenario"] == "HWB quarterly-ish" and row["hours_a_year_after"] == "56:24:00"
    assert row["a_year_basis"] == basis["HWB quarterly-ish"]
    listed = Page.of(finance.get("/scenarios", query_string=MARCH)).table("Saved scenarios")
    assert listed.caption == "Basis of every figure, a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31"
    (quarterly,) = [r for r in listed.records() if r["Scenario"] == "HWB quarterly-ish"]
    assert quarterly["What changes"].endswith("12 meetings a year for the 58.7 it holds: each seat × 12/58.7")
    assert row["cost_basis"] == OWN_WORDS and row["what"] == "Health and Wellbeing Board meets 12 times a year"


def test_director_sees_savings_at_standard_rates_and_no_ones_pay(as_role):
    director = as_role("director")
    page = save(director, name="Bob deputises", kind="deputy", partnerships=[HWB], person=BOB, grade="CS")
    # Bob's time and his deputy's are both at £52.50 (VSM and CS): a saving of nothing, not his pay.
    assert page.table("What it would save").record("Saving")["Cost a year"] == "£0.00"
    assert "Cost a year" not in page.table("Senior time freed, per person").header
    stop = save(director, name="Stop the HWB", kind="stop", partnerships=[HWB])
    assert stop.table("What it would save").record("Saving")["Cost a year"].startswith("£")  # three people


def test_a_scenario_form_says_what_is_missing(as_role):
    response = as_role("finance").post("/scenarios", data={"name": "Merge", "kind": "merge", "partnerships": [HWB]})
    assert response.status_code == 400
    assert "choose at least two partnerships to merge" in response.get_data(as_text=True)
    response = as_role("finance").post("/scenarios", data={"name": "", "kind": "stop", "partnerships": [HWB]})
    assert "name the scenario so it can be found again" in response.get_data(as_text=True)


def test_one_person_per_organisation_frees_the_second_seat(web_app, runner, as_role, tmp_path):
    from tests.web.test_hats import register_dave_at

    register_dave_at(runner, tmp_path, "Police")  # Carol and Dave, both Police, at four HWB meetings of 2 h
    page = save(as_role("finance"), name="Send one to the HWB", kind="send_one", partnerships=[HWB])
    assert saving(page)["Hours a year"] == clock(8 * YEAR) == "93:56:08"  # 8 h x 364/31 = 338,167.74 s
    # Dave's time goes (Carol's is dearer). He is the Police's, so the council's finance officer costs him at
    # his grade's standard rate, and SI has none: not costed, never his pay.
    assert saving(page)["Cost a year"] == "–"
    freed = page.table("Senior time freed, per person")
    assert freed.column("Person") == ["Dave Doe"]


def test_one_person_per_organisation_costs_a_council_seat_at_pay(web_app, runner, as_role, tmp_path):
    from tests.web.test_hats import DAVE, register_dave_at

    register_dave_at(runner, tmp_path, "Borough Council")  # Alice and Dave, both the council's, at four HWB meetings
    page = save(as_role("finance"), name="Send one to the HWB", kind="send_one", partnerships=[HWB])
    assert saving(page)["Hours a year"] == clock(8 * YEAR) == "93:56:08"  # 8 h x 364/31 = 338,167.74 s
    # Dave's time goes (Alice's is dearer), at his pay: the council's to see.
    assert saving(page)["Cost a year"] == pounds(8 * DAVE * YEAR) == "£2,195.27"  # 8 x £23.37 x 364/31
    assert page.table("Senior time freed, per person").column("Person") == ["Dave Doe"]


def test_only_its_maker_or_an_administrator_removes_a_scenario(as_role):
    save(as_role("finance"), name="Stop the CSP", kind="stop", partnerships=[CSP])
    assert as_role("director").post("/scenarios/1/remove").status_code == 403
    assert as_role("admin").post("/scenarios/1/remove").status_code == 302
    assert as_role("finance").get("/scenarios/1").status_code == 404


def test_a_cost_over_one_person_is_shown_at_her_grades_rate(as_role):
    # Merging with Alice alone: "with the change" is her own time, at her grade's published rate, which
    # gives nothing of her pay away: a director sees it, and the saving, like any other.
    page = save(as_role("director"), name="Alice alone", kind="merge", partnerships=[HWB, CSP], members=[ALICE])
    saved = page.table("What it would save").record("Saving")["Cost a year"]
    assert saved.startswith("£")
    listed = Page.of(as_role("director").get("/scenarios", query_string=MARCH)).table("Saved scenarios")
    assert listed.record("Compare Alice alone")["Cost saved a year"] == saved


def test_the_definitions_page_states_the_one_year_and_the_scheduled_slot(as_role):
    html = as_role("director").get("/definitions").get_data(as_text=True)
    assert "<strong>A year is 52 weeks (364 days)</strong>, the same for scenarios and for proposals" in html
    assert "so a board meeting every 4 weeks counts 13 either way" in html  # 52/4 = 13 = 1 x 364/28
    assert "shorter meetings by the new length over the scheduled slot" in html
    assert "365" not in html.split('id="scenarios"')[1]


class _Revealed(HTMLParser):
    """The names of the fields inside each of a page's conditional reveals, by the reveal's id."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str | None] = []  # for each open div: the reveal it starts, if it starts one
        self.fields: dict[str, set[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div":
            reveal = "govuk-radios__conditional" in (attributes.get("class") or "")
            self.open.append(attributes["id"] if reveal else None)
            if reveal:
                self.fields[attributes["id"]] = set()
        inside = [r for r in self.open if r]
        if tag in ("input", "select", "textarea") and inside and attributes.get("name"):
            self.fields[inside[-1]].add(attributes["name"])

    def handle_endtag(self, tag):
        if tag == "div" and self.open:
            self.open.pop()


def test_the_form_asks_only_what_the_chosen_change_needs(as_role):
    """Each kind's own questions sit under its radio button, revealed when it is chosen (GOV.UK's conditional
    reveal): no field is marked "(merge only)" or "(deputy only)", and partnerships are ticked, not Ctrl-clicked."""
    page = as_role("finance").get("/scenarios").get_data(as_text=True)
    form = page[page.index('id="new"') :]
    reveals = _Revealed()
    reveals.feed(form)
    assert sorted(sorted(names) for names in reveals.fields.values()) == [
        ["choose_members", "merge_hours", "merge_meetings"],  # a merge: whose, and if they change, its meetings
        ["grade"],  # a deputy: at what grade (who sends one is asked next, among those who sit on it)
        ["hours"],  # shorter meetings: how long
        ["meetings"],  # meeting less often: how many a year
    ]
    assert 'name="person"' not in form and 'name="members"' not in form  # nobody listed before a partnership is
    assert "only)" not in form and "Ctrl" not in form and "multiple" not in form
    assert re.search(r'name="partnerships" type="checkbox" value="\d+"', form)  # partnerships are ticked


def people_step(client, **answers) -> str:
    """The second step's address the first step sends a person to, for these answers."""
    response = client.post("/scenarios", query_string=MARCH, data={"name": "Test", **answers})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert response.headers["Location"].startswith("/scenarios/people?")
    return response.headers["Location"]


def listed(page: str, name: str) -> list[str]:
    """The people a list of the page offers, by name, in order."""
    if name == "person":
        select = page.split('name="person"')[1].split("</select>")[0]
        return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)
    found = rf'name="{name}" type="checkbox" value="\d+"(?: checked)?>\s*<label[^>]*>\s*([^<]*?)\s*</label>'
    return re.findall(found, page)


def test_a_deputy_is_chosen_next_among_those_who_sit_on_the_partnership(as_role):
    """A locality's thousand people are not listed on the first step: who sends a deputy is asked next, among
    those who sat on the partnership over the period, with the grade given kept; the saving is the one the
    whole form gives at once (``test_a_deputy_frees_the_persons_time_and_costs_the_difference``)."""
    finance = as_role("finance")
    csp = finance.get(people_step(finance, kind="deputy", partnerships=[CSP], grade="D1")).get_data(as_text=True)
    assert listed(csp, "person") == ["Alice Adams", "Carol Cole"]  # Bob sits on the HWB only in March
    address = people_step(finance, name="Bob deputises", kind="deputy", partnerships=[HWB], grade="D1")
    page = finance.get(address).get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Who sends a deputy</h1>' in page
    assert listed(page, "person") == ["Alice Adams", "Bob Brown", "Carol Cole"]
    assert '<option value="D1" selected>' in page
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    response = finance.post("/scenarios/people", query_string=MARCH, data={**fields, "person": BOB, "grade": "D1"})
    assert response.status_code == 302
    saved = Page.of(finance.get(response.headers["Location"]))
    assert saved.h1() == "Bob deputises" and saving(saved)["Cost a year"] == "£229.16"


def test_a_deputy_not_chosen_is_asked_for_again_with_the_answers_kept(as_role):
    finance = as_role("finance")
    page = finance.get(people_step(finance, kind="deputy", partnerships=[CSP], grade="CS"))
    assert page.status_code == 200 and "There is a problem" not in page.get_data(as_text=True)
    sent = {"name": "Test", "kind": "deputy", "partnerships": [CSP], "grade": "CS"}
    again = finance.post("/scenarios/people", query_string=MARCH, data=sent)
    text = again.get_data(as_text=True)
    assert again.status_code == 400 and "choose who would send a deputy" in text
    assert 'href="#person"' in text and 'id="person" name="person"' in text  # the summary links to the question
    assert listed(text, "person") == ["Alice Adams", "Carol Cole"] and '<option value="CS" selected>' in text
    back = re.search(r'class="govuk-back-link" href="([^"]+)"', text)
    assert back  # "Change the scenario": the first step again, with the answers given
    first = finance.get(back.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="Test"' in first and re.search(r'value="deputy" checked', first)


def test_a_first_step_answer_wrong_is_shown_there_before_anyone_is_asked_for(as_role):
    response = as_role("finance").post("/scenarios", query_string=MARCH, data={"name": "", "kind": "deputy"})
    assert response.status_code == 400 and "Location" not in response.headers
    assert "name the scenario so it can be found again" in response.get_data(as_text=True)


def test_a_merge_asks_for_its_members_only_when_they_are_to_be_chosen(as_role):
    finance = as_role("finance")
    everyone = finance.post(
        "/scenarios", query_string=MARCH, data={"name": "All of them", "kind": "merge", "partnerships": [HWB, CSP]}
    )
    assert everyone.status_code == 302 and "/scenarios/people" not in everyone.headers["Location"]
    address = people_step(finance, name="One board", kind="merge", partnerships=[HWB, CSP], choose_members="y")
    page = finance.get(address).get_data(as_text=True)
    assert listed(page, "members") == ["Alice Adams", "Bob Brown", "Carol Cole"]
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    response = finance.post("/scenarios/people", query_string=MARCH, data={**data, "members": [ALICE, CAROL]})
    assert response.status_code == 302
    saved = Page.of(finance.get(response.headers["Location"]))
    chosen = Page.of(finance.get(save_address(finance, ALICE, CAROL)))
    assert saved.table("What it would save").rows == chosen.table("What it would save").rows


def save_address(client, *members: str) -> str:
    data = {"name": "At once", "kind": "merge", "partnerships": [HWB, CSP], "members": list(members)}
    return client.post("/scenarios", query_string=MARCH, data=data).headers["Location"]


def test_nobody_to_choose_is_said_in_words(as_role):
    finance = as_role("finance")
    address = people_step(finance, kind="deputy", partnerships=[HWB], grade="CS")
    empty = address.replace("2025-03-01", "2030-03-01").replace("2025-03-31", "2030-03-31")
    page = finance.get(empty).get_data(as_text=True)
    assert "Nobody sat on it from" in page and 'name="person"' not in page


def test_a_long_list_of_checkboxes_is_written_without_the_indentation(as_role, monkeypatch):
    """A locality's thousand people were 375 kB of the proposal form, 30 % of it spaces: a list long enough to
    get its filter is written tight, each person's label holding just their name, every item still there."""
    from tracker.web import govuk

    finance = as_role("finance")
    address = people_step(finance, kind="merge", partnerships=[HWB, CSP], choose_members="y")
    loose = finance.get(address).get_data(as_text=True)
    monkeypatch.setattr(govuk, "LONG_LIST", 1)  # the scenario's three people count as a long list
    tight = finance.get(address).get_data(as_text=True)
    items = re.findall(
        r'<div class="govuk-checkboxes__item"><input[^>]*name="members"[^>]*><label[^>]*>([^<]*)</label>', tight
    )
    assert items == ["Alice Adams", "Bob Brown", "Carol Cole"]
    assert 'data-filter="Members of the merged board"' in tight
    assert len(tight) < len(loose) and 'name="members"' in loose and "Alice Adams" in loose


def test_a_long_list_is_written_as_the_design_system_writes_it_and_keeps_what_was_ticked(as_role, monkeypatch):
    """Long lists' items are written by the app, not the design system's macro (a thousand people took 400
    ms through it): the page must be the one the macro gives, with the ticks it was given, and the first
    item's id the one an error summary links to."""
    from tracker.web import govuk

    finance = as_role("finance")
    monkeypatch.setattr(govuk, "LONG_LIST", 1)  # the scenario's three people count as a long list
    address = people_step(finance, kind="merge", partnerships=[HWB, CSP], choose_members="y") + f"&members={BOB}"
    ours = finance.get(address)
    monkeypatch.setattr(govuk, "_LONG", govuk._MULTIPLE)
    macros = finance.get(address)

    def without_token(page: str) -> str:
        return re.sub(r'name="csrf_token"[^>]*>', "", page)

    assert without_token(ours.get_data(as_text=True)) == without_token(macros.get_data(as_text=True))
    ticked = re.findall(r'name="members" type="checkbox" value="\d+" checked><label[^>]*>([^<]*)<', ours.text)
    assert ticked == ["Bob Brown"]
    assert 'id="members" name="members"' in ours.text  # the first item, as the macro names it
