"""A curious director subtracts figures to work out one person's pay: it must never come out.

Every cost a director is given is at standard rates (``tracker.domain.standard_rates``): a grade's published
rate, nothing of anyone's pay, and never hidden however few people it covers. On the demo, each
figure the JSON API gives a director (each partnership's own cost for every day with meetings, every
month, every month for one organisation, and the whole period) is paired with every other that covers
the same people for the same hours but one: their difference is what subtraction reveals about that one
person. It must never be the person's actual cost (unless their pay happens to cost what their grade's
published rate does).

A finance officer sees their own organisation's staff at actual pay and everyone else at standard rates,
so the same search over their figures finds their own staff's pay, which is theirs to see (the search
can fail), and must find nothing of any other organisation's staff.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select, update

from tests.tracker.test_demo_pinned import QUERY
from tests.tracker.test_end_to_end import A1, B, C
from tests.web.page import Page
from tests.web.test_dashboard_figures import STANDARD, figures, pounds
from tracker import db
from tracker.models import Attendance, Partnership, Person, User

CENT = Decimal("0.01")
FIRST, LAST = date.fromisoformat(QUERY["from"]), date.fromisoformat(QUERY["to"])


def _rows(app) -> list[tuple]:
    """(partnership, day, person, organisation, hours, actual cost, standard cost) of every attributed row."""
    with app.app_context():
        query = (
            select(
                Partnership.name,
                Attendance.local_day,
                Attendance.person_id,
                Person.organisation_id,
                Attendance.seconds,  # hours, as whole seconds
                Attendance.cost,
                Attendance.standard_cost,
            )
            .join(Partnership, Partnership.id == Attendance.partnership_id)
            .join(Person, Person.id == Attendance.person_id)
        )
        return [tuple(r) for r in db.get_session().execute(query)]


def _periods(rows) -> list[tuple[date, date]]:
    days = sorted({r[1] for r in rows if FIRST <= r[1] <= LAST})
    months = []
    month = FIRST.replace(day=1)
    while month <= LAST:
        after = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        months.append((month, after - timedelta(days=1)))
        month = after
    return [(d, d) for d in days] + months + [(FIRST, LAST)]


def _figures(client, rows, periods, organisations) -> list[dict]:
    """Every figure the API gives this client: its value (or None, hidden), and whose hours it covers."""
    out = []
    for start, end in periods:
        for organisation in organisations if (start, end) != (start, start) else [None]:
            args = {"from": start.isoformat(), "to": end.isoformat()}
            if organisation is not None:
                args["organisation"] = str(organisation)
            answer = client.get("/api/partnerships", query_string=args).get_json()
            for p in answer["partnerships"]:
                mine = [
                    r
                    for r in rows
                    if r[0] == p["partnership"] and start <= r[1] <= end and organisation in (None, r[3])
                ]
                hours: dict[int, int] = defaultdict(int)  # seconds
                actual: dict[int, Decimal] = defaultdict(Decimal)
                standard: dict[int, Decimal] = defaultdict(Decimal)
                for _, _, person, _, h, cost, std in mine:
                    hours[person] += h
                    actual[person] += cost or 0
                    standard[person] += std or 0
                value = None if p["cost"] is None else Decimal(p["cost"])
                out.append(
                    {
                        "basis": answer["cost_basis"],
                        "value": value,
                        "hours": hours,
                        "actual": actual,
                        "standard": standard,
                    }
                )
    return out


def _revealing(figures: list[dict], shown) -> list[tuple]:
    """Pairs of shown figures whose hours differ for one person only, and whose difference is that
    person's actual cost of the hours between them, to the penny."""
    by_rest: dict[tuple, list[tuple[int, dict]]] = defaultdict(list)
    for f in figures:
        if not shown(f):
            continue
        by_rest[(None, frozenset(f["hours"].items()))].append((-1, f))
        for person in f["hours"]:
            rest = frozenset((p, h) for p, h in f["hours"].items() if p != person)
            by_rest[(person, rest)].append((person, f))
    found = []
    for (person, rest), group in by_rest.items():
        if person is None:
            continue
        partners = group + [(person, f) for _, f in by_rest.get((None, rest), [])]
        for i, (_, f) in enumerate(partners):
            for _, g in partners[i + 1 :]:
                if f["hours"].get(person, 0) == g["hours"].get(person, 0):
                    continue
                difference = abs(f["value"] - g["value"])
                true_cost = abs(f["actual"].get(person, 0) - g["actual"].get(person, 0)).quantize(CENT)
                at_standard = abs(f["standard"].get(person, 0) - g["standard"].get(person, 0)).quantize(CENT)
                if abs(difference - true_cost) <= CENT and abs(true_cost - at_standard) > CENT:
                    found.append((person, difference, true_cost))
    return found


def test_no_difference_of_two_figures_is_the_pay_of_anyone_the_viewer_may_not_see(demo_copy):
    rows = _rows(demo_copy)
    # The demo's finance officer works for the organisation with the most attendances (a copy of the demo:
    # the shared one is read by other tests), so its staff's pay is in many figures.
    employer = Counter(r[3] for r in rows).most_common(1)[0][0]
    with demo_copy.app_context(), db.transaction() as session:
        session.execute(update(User).where(User.email == "finance@demo.example").values(organisation_id=employer))
    director, finance = demo_copy.test_client(), demo_copy.test_client()
    director.post("/login", data={"email": "director@demo.example", "password": "demo-director-pass"})
    finance.post("/login", data={"email": "finance@demo.example", "password": "demo-finance-pass"})
    periods = _periods(rows)
    organisations = [None, *sorted({r[3] for r in rows})]

    seen = _figures(director, rows, periods, organisations)
    assert {f["basis"] for f in seen} == {"standard"}
    shown = [f for f in seen if f["value"] is not None]
    assert len(shown) > 200  # enough figures for the search to mean something
    assert _revealing(seen, lambda f: f["value"] is not None) == []

    # The same figures for the finance officer: subtraction gives their own organisation's staff's pay,
    # which they may see (so the search does find pay where there is pay), and no one else's.
    at_own = _figures(finance, rows, periods, organisations)
    assert {f["basis"] for f in at_own} == {"own"}
    revealed = _revealing(at_own, lambda f: f["value"] is not None)
    assert len(revealed) >= 10, revealed
    organisation_of = {r[2]: r[3] for r in rows}
    assert {organisation_of[person] for person, _, _ in revealed} == {employer}, revealed


def amount(shown: str) -> Decimal:
    """A page's "£1,234.56" as a number."""
    return Decimal(shown.removeprefix("£").replace(",", ""))


def _api(client, start: str, end: str) -> dict[str, str | None]:
    answer = client.get("/api/partnerships", query_string={"from": start, "to": end}).get_json()
    return {p["partnership"]: p["cost"] for p in answer["partnerships"]}


def test_two_meeting_dates_one_more_attendee_reveal_only_the_standard_rate(as_role):
    # The Health and Wellbeing Board met on 3 March (Alice, Bob and Carol, 2 hours each) and on 10 March
    # (Alice and Carol: Bob declined). The days differ by Bob's 2 hours.
    director, finance = as_role("director"), as_role("finance")
    third = Decimal(_api(director, "2025-03-03", "2025-03-03")["Health and Wellbeing Board"])
    tenth = Decimal(_api(director, "2025-03-10", "2025-03-10")["Health and Wellbeing Board"])
    # Bob's 2 hours at his grade's published rate (tests/web/test_dashboard_figures.py).
    assert third - tenth == amount(pounds(2 * STANDARD)) == Decimal("105.00")
    assert amount(pounds(2 * B)) == Decimal("143.22")  # Bob's 2 hours at his pay (2 x £71.61): what must not show
    # The council's finance officer sees Alice at her pay, but Bob is the NHS Trust's: his 2 hours are at
    # the standard rate for them too, so the two days give them no more of his pay than a director.
    paid = _api(finance, "2025-03-03", "2025-03-03")["Health and Wellbeing Board"]
    paid_tenth = _api(finance, "2025-03-10", "2025-03-10")["Health and Wellbeing Board"]
    assert Decimal(paid) - Decimal(paid_tenth) == Decimal("105.00")


def test_a_roll_up_less_its_parts_gives_no_boards_pay(as_role):
    # The Borough Strategic Partnership's figure includes the Health and Wellbeing Board (three people)
    # and the Community Safety Partnership (Alice and Carol only, shown too). Roll-up less the HWB is the
    # CSP: at standard rates, 4.5 hours at the standard rate, not Alice's 1.5 h and Carol's 3 h at pay.
    seen = figures(as_role("director"), "tree")
    tree = seen.table("Cost by partnership")
    roll_up = amount(tree.record("Borough Strategic Partnership")["Cost (incl. below)"])
    within = Page.of(as_role("director").get(tree.row("Borough Strategic Partnership")[0].links[0]))
    parts = within.table("Cost by partnership")
    hwb = amount(parts.record("Health and Wellbeing Board")["Cost (incl. below)"])
    assert amount(parts.record("Community Safety Partnership")["Cost (incl. below)"]) == Decimal("236.25")
    difference = roll_up - hwb
    assert abs(difference - amount(pounds(Fraction(9, 2) * STANDARD))) <= CENT
    assert amount(pounds(Fraction(3, 2) * A1 + 3 * C)) == Decimal("177.53")  # the CSP at pay
    assert abs(difference - Decimal("177.53")) > CENT


def test_two_date_ranges_a_day_apart_give_no_meetings_pay(as_role):
    # 1-18 March and 1-19 March differ by the CSP tasking on the 19th: Carol's hour alone.
    director, finance = as_role("director"), as_role("finance")
    before = figures(director, "totals", **{"to": "2025-03-18"}).totals["Cost"]
    after = figures(director, "totals", **{"to": "2025-03-19"}).totals["Cost"]
    difference = amount(after) - amount(before)
    assert abs(difference - amount(pounds(STANDARD))) <= CENT  # an hour at the standard rate
    paid_before = figures(finance, "totals", **{"to": "2025-03-18"}).totals["Cost"]
    paid_after = figures(finance, "totals", **{"to": "2025-03-19"}).totals["Cost"]
    paid = amount(paid_after) - amount(paid_before)
    # Carol is the Police's: the council's finance officer gets her hour at the standard rate too, not her
    # hourly rate (£35.43).
    assert abs(paid - amount(pounds(STANDARD))) <= CENT
    assert amount(pounds(C)) == Decimal("35.43")
    assert abs(paid - amount(pounds(C))) > CENT and abs(difference - amount(pounds(C))) > CENT
