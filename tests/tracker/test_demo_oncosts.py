"""The demo's on-costs are each organisation's own, with their sources: a police officer, a firefighter and NHS
staff are costed at their own schemes' pension rates, and the apprenticeship levy at each employer's share
of its pay bill after the £15,000 allowance (``tracker/demo/oncosts.py``, ``docs/definitions.md``).

Every rate below is worked by hand for 2026/27, the demo's current year (its today is 22 November 2026):
this April's salary is last year's × 1.035, rounded to the pound; employer NI is 15% above £5,000; the
productive year is 37 × 365/7 − 35 × 7.4 = 11,692/7 hours (1,670.29).
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.conftest import run
from tests.web.page import Page

# (email, hand-worked hourly rate, unrounded): the arithmetic beside each.
RATES_2026 = {
    # Council, LGPS 19%, levy 0.4875% (£120m pay bill): 78,000 × 1.035 = 80,730; NI 0.15 × 75,730 =
    # 11,359.50; pension 15,338.70; levy 393.55875; 107,821.75875 × 7 / 11,692 = 64.5529.
    "tom.reilly@borough.gov.uk": Decimal("64.5529"),
    # NHS trust, NHS Pension Scheme 23.7%, levy 0.495% (£300m), admin levy 0.08%: 92,000 × 1.035 = 95,220;
    # NI 0.15 × 90,220 = 13,533; pension 22,567.14; levy 471.339; other 76.176; 131,867.655 × 7 / 11,692
    # = 78.9492 (at the defaults, 20% and 0.5%, it was 76.80).
    "simon.kaur@nhs.net": Decimal("78.9492"),
    # ICB, NHS Pension Scheme 23.7%, levy 0.44% (£25m), admin levy 0.08%: 96,000 × 1.035 = 99,360; NI
    # 0.15 × 94,360 = 14,154; pension 23,548.32; levy 437.184; other 79.488; 137,578.992 × 7 / 11,692 = 82.3685.
    "karen.hughes@nhs.net": Decimal("82.3685"),
    # Police officer, Police Pension Scheme 2015 35.3%, levy 0.494% (£250m): 68,000 × 1.035 = 70,380; NI
    # 0.15 × 65,380 = 9,807; pension 24,844.14; levy 347.6772; 105,378.8172 × 7 / 11,692 = 63.0903
    # (at the defaults it was 56.65).
    "ray.moss@county.police.uk": Decimal("63.0903"),
    # Firefighter, Firefighters' Pension Scheme 2015 37.6%, levy 0.4625% (£40m): 56,000 × 1.035 = 57,960;
    # NI 0.15 × 52,960 = 7,944; pension 21,792.96; levy 268.065; 87,965.025 × 7 / 11,692 = 52.6647
    # (at the defaults it was 46.57).
    "dan.kerr@countyfire.gov.uk": Decimal("52.6647"),
    # Probation, civil service alpha 28.97%, levy 0.4995% (£3bn): 48,000 × 1.035 = 49,680; NI 0.15 × 44,680
    # = 6,702; pension 14,392.296; levy 248.1516; 71,022.4476 × 7 / 11,692 = 42.5211.
    "anita.desai@justice.gov.uk": Decimal("42.5211"),
    # Voluntary sector, 5% defined contribution, no levy (£1.2m pay bill, inside the allowance): 62,000 ×
    # 1.035 = 64,170; NI 0.15 × 59,170 = 8,875.50; pension 3,208.50; 76,254 × 7 / 11,692 = 45.6533.
    "chris.lee@boroughcvs.org.uk": Decimal("45.6533"),
}


def _as_printed(exact: Decimal, printed: str) -> Decimal:
    """The hand-worked rate rounded half up to the places the CSV prints it with."""
    places = len(printed.partition(".")[2])
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("email", sorted(RATES_2026))
def test_demo_costs_each_kind_of_person_at_their_own_organisations_oncosts(demo_runner, email):
    out = run(demo_runner, "export", "meetings", "--from", "2026-04-01", "--to", "2026-11-22").stdout
    rates = {row["hourly_rate"] for row in csv.DictReader(io.StringIO(out)) if row["email"] == email}
    assert len(rates) == 1, rates  # one salary and one set of on-costs all year
    printed = rates.pop()
    assert Decimal(printed) == _as_printed(RATES_2026[email], printed)


def test_demo_nhs_rate_last_year_is_last_years_salary_at_the_nhs_rates(demo_runner):
    # 2025/26: 92,000; NI 0.15 × 87,000 = 13,050; pension 0.237 × 92,000 = 21,804; levy 0.00495 × 92,000 =
    # 455.40; other 0.0008 × 92,000 = 73.60; 127,383 × 7 / 11,692 = 76.2642.
    out = run(demo_runner, "export", "meetings", "--from", "2025-11-01", "--to", "2026-03-31").stdout
    rates = {row["hourly_rate"] for row in csv.DictReader(io.StringIO(out)) if row["email"] == "simon.kaur@nhs.net"}
    assert len(rates) == 1, rates
    printed = rates.pop()
    assert Decimal(printed) == _as_printed(Decimal("76.2642"), printed)


def test_demo_oncosts_page_shows_each_organisations_rates_with_their_source(demo):
    client = demo.test_client()
    client.post("/login", data={"email": "finance@demo.example", "password": "demo-finance-pass"})
    table = Page.of(client.get("/registers/oncosts")).table("Organisations and on-costs")
    rows = {(r["Organisation"], r["Year"]): r for r in table.records()}
    police = rows[("County Police", "2026/27")]
    assert (police["Employer NI"], police["NI threshold"], police["Pension"], police["Levy"]) == (
        "15%",
        "£5,000",
        "35.3%",
        "0.494%",  # (0.5% × 250,000,000 − 15,000) / 250,000,000
    )
    assert "Police Pension Scheme 2015 employer rate 35.3% of pensionable pay from April 2024" in police["Source"]
    assert "0.5% of an assumed £250m pay bill, less the £15,000 allowance" in police["Source"]
    nhs = rows[("Borough NHS Trust", "2025/26")]
    assert (nhs["Pension"], nhs["Levy"], nhs["Other"]) == ("23.7%", "0.495%", "0.08%")
    assert "NHS England 9.4% centrally on its behalf" in nhs["Source"]
    fire = rows[("County Fire and Rescue", "2026/27")]
    assert (fire["Pension"], fire["Levy"]) == ("37.6%", "0.4625%")  # (200,000 − 15,000) / 40,000,000
    voluntary = rows[("Borough Council for Voluntary Service", "2026/27")]
    assert (voluntary["Pension"], voluntary["Levy"]) == ("5%", "0%")
    assert "under £3m, the £15,000 allowance covers it all" in voluntary["Source"]
    # Every organisation has its own rates for both years the demo's calendars reach: none at the defaults.
    assert len(rows) == 7 * 2 and all(r["Source"] for r in rows.values())
