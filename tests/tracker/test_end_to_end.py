"""Three people's calendars in three formats, through the CLI, to hand-computed exports.

The scenario (March 2025, all in financial year 2024/25, default on-costs):
- a weekly Health and Wellbeing Board (Mondays 10:00-12:00 London) with the 17th
  removed (EXDATE) and the 24th moved to Tuesday 25th 14:00-16:00; the 31st falls
  after the clocks go forward, so it starts 09:00 UTC;
- Bob declines the 10th in his own Google calendar;
- a cancelled CSP meeting on the 12th;
- Alice is double-booked on the 5th: CSP board 13:00-15:00 and HWB development 14:00-16:00;
- Alice's salary rises from 60,000 to 66,000 on the 17th;
- Carol's Outlook CSV holds the same board meetings (matched, not double counted) and a
  CSP tasking on the 19th that names Alice, whose own calendar does not have it.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tests.conftest import DATA, run

E2E = DATA / "e2e"

# Productive hours: 37 h a week over 365/7 weeks, less 35 days (27 leave + 8 bank holidays) of 7.4 h.
PRODUCTIVE = Fraction(37) * Fraction(365, 7) - 35 * Fraction(74, 10)


def rate(salary: int) -> Fraction:
    """2024/25 defaults: NI 13.8% above 9,100; pension 20%; levy 0.5%."""
    s = Fraction(salary)
    loaded = s + Fraction(138, 1000) * (s - 9100) + Fraction(205, 1000) * s
    return loaded / PRODUCTIVE


EXACT = rate(60000), rate(66000), rate(90000), rate(45000)


def money(value: Fraction) -> str:
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def pence(value: Fraction) -> int:
    """Half up to a whole number: a rate in pounds x 100 to pence, or an attendance's cost in pence."""
    return int(value + Fraction(1, 2))


# Each rate is held in pence (£47.49, £52.32, £71.61, £35.43), and each attendance costs its hours x that rate,
# rounded half up to the penny: a whole number of hours at a rate in pence is whole pence already.
A1P, A2P, BP, CP = (pence(r * 100) for r in EXACT)
A1, A2, B, C = (Fraction(p, 100) for p in (A1P, A2P, BP, CP))
ALICE_HALF = Fraction(pence(Fraction(3, 2) * A1P), 100)  # 1.5 h at A1: 7,123.5 p -> 7,124 p, £71.24


def pounds(whole_pence: int) -> str:
    return str(Decimal(whole_pence).scaleb(-2))


def load_scenario(runner) -> None:
    run(runner, "staff", "load", E2E / "staff.csv")
    run(runner, "partnerships", "load", E2E / "partnerships.csv")
    run(runner, "rates", "load", E2E / "rates.csv")
    run(runner, "import", E2E / "alice-outlook.ics", "--owner", "alice@council.gov.uk")
    run(runner, "import", E2E / "bob-google.ics")
    run(runner, "import", E2E / "carol-outlook.csv", "--owner", "carol@police.uk")


def export(runner, kind: str) -> list[dict[str, str]]:
    out = run(runner, "export", kind, "--from", "2025-03-01", "--to", "2025-03-31").stdout
    return list(csv.DictReader(io.StringIO(out)))


def test_productive_hours_and_rates_are_what_the_readme_says():
    assert float(PRODUCTIVE) == 11692 / 7  # 1,670.29 hours
    assert money(EXACT[0]) == "47.49" and A1P == 4749
    assert money(EXACT[2]) == "71.61" and BP == 7161


def test_end_to_end_partnership_totals(runner):
    load_scenario(runner)
    rows = {r["partnership"]: r for r in export(runner, "partnerships")}
    assert set(rows) == {"Health and Wellbeing Board", "Community Safety Partnership"}
    hwb = rows["Health and Wellbeing Board"]
    assert hwb["parent"] == "Borough Strategic Partnership"
    assert hwb["meetings"] == "5"  # 3rd, 10th, 25th, 31st and the development session
    assert hwb["attendances"] == "12"
    assert hwb["hours"] == "23:30:00"  # Alice 8 + 1.5 (shared), Bob 6 (declined the 10th), Carol 8: 23.5 h
    # Alice: two 2 h meetings and 1.5 h (shared) at A1, two of 2 h at A2; Bob three of 2 h; Carol four of 2 h.
    # Whole hours cost a whole number of pence; 1.5 h costs 1.5 x A1P rounded half up.
    alice_dev = pence(Fraction(3, 2) * A1P)
    assert hwb["cost"] == pounds(4 * A1P + alice_dev + 4 * A2P + 6 * BP + 8 * CP)
    csp = rows["Community Safety Partnership"]
    assert (csp["meetings"], csp["attendances"], csp["hours"]) == ("2", "3", "4:30:00")  # 1.5 + 3 = 4.5 h
    assert csp["cost"] == pounds(pence(Fraction(3, 2) * A1P) + 3 * CP)  # Alice 1.5 h, Carol 3 whole hours


def test_end_to_end_people(runner):
    load_scenario(runner)
    rows = {(r["partnership"], r["email"]): r for r in export(runner, "people")}
    assert rows[("Health and Wellbeing Board", "alice@council.gov.uk")]["hours"] == "9:30:00"
    assert rows[("Health and Wellbeing Board", "bob@nhs.net")]["hours"] == "6:00:00"
    assert rows[("Health and Wellbeing Board", "carol@police.uk")]["hours"] == "8:00:00"
    assert rows[("Community Safety Partnership", "alice@council.gov.uk")]["hours"] == "1:30:00"
    # Each row is the sum of its attendances' pence, so the HWB's three rows add up to its total exactly.
    alice, bob, carol = 4 * A1P + pence(Fraction(3, 2) * A1P) + 4 * A2P, 6 * BP, 8 * CP
    hwb = [
        rows[("Health and Wellbeing Board", e)]["cost"]
        for e in ("alice@council.gov.uk", "bob@nhs.net", "carol@police.uk")
    ]
    assert hwb == [pounds(alice), pounds(bob), pounds(carol)]
    assert bob == 6 * 7161  # Bob's rate is £71.61 an hour: 6 h is £429.66 (£429.68 from his exact rate)
    assert sum(Decimal(v) for v in hwb) == Decimal(pounds(alice + bob + carol))
    assert rows[("Community Safety Partnership", "alice@council.gov.uk")]["cost"] == pounds(pence(Fraction(3, 2) * A1P))


def test_end_to_end_meetings_rows(runner):
    load_scenario(runner)
    rows = export(runner, "meetings")
    alice = [r for r in rows if r["email"] == "alice@council.gov.uk"]
    assert [(r["start"], r["title"], r["hours"], r["hourly_rate"]) for r in alice] == [
        ("2025-03-03T10:00+00:00", "Health and Wellbeing Board", "2:00:00", money(A1)),
        ("2025-03-05T13:00+00:00", "Community Safety Partnership board", "1:30:00", money(A1)),
        ("2025-03-05T14:00+00:00", "HWB development session", "1:30:00", money(A1)),
        ("2025-03-10T10:00+00:00", "Health and Wellbeing Board", "2:00:00", money(A1)),
        ("2025-03-25T14:00+00:00", "Health and Wellbeing Board", "2:00:00", money(A2)),
        ("2025-03-31T10:00+01:00", "Health and Wellbeing Board", "2:00:00", money(A2)),
    ]
    assert alice[-1]["end"] == "2025-03-31T12:00+01:00"
    bob_days = [r["start"][:10] for r in rows if r["email"] == "bob@nhs.net"]
    assert bob_days == ["2025-03-03", "2025-03-25", "2025-03-31"]
    assert not [r for r in rows if "extraordinary" in r["title"].lower()]
    assert not [r for r in rows if r["title"] == "CSP tasking" and r["email"] == "alice@council.gov.uk"]


def test_import_summary_counts(runner):
    run(runner, "staff", "load", E2E / "staff.csv")
    run(runner, "partnerships", "load", E2E / "partnerships.csv")
    out = run(runner, "import", E2E / "alice-outlook.ics", "--owner", "alice@council.gov.uk").output
    assert "events read: 6; occurrences: 8" in out
    assert "new: 8, updated: 0, unchanged: 0" in out
    assert "attributed: 6, unattributed: 1" in out
    assert "cancelled: 1" in out and "outside any partnership: 1" in out
    assert "dave@voluntary.org.uk (3)" in out  # the moved 25th does not list Dave
    out = run(runner, "import", E2E / "bob-google.ics").output
    assert "calendar of bob@nhs.net" in out
    assert "declined: 1" in out
    out = run(runner, "import", E2E / "carol-outlook.csv", "--owner", "carol@police.uk").output
    assert "private event: 1" in out


def test_reimporting_changes_nothing(runner):
    load_scenario(runner)
    before = [export(runner, kind) for kind in ("partnerships", "people", "meetings")]
    out = run(runner, "import", E2E / "alice-outlook.ics", "--owner", "alice@council.gov.uk").output
    assert "already imported" in out and "new: 0, updated: 0, unchanged: 8" in out
    assert [export(runner, kind) for kind in ("partnerships", "people", "meetings")] == before


def test_three_thirds_and_an_eighth_of_an_hour_print_1_07_30_and_multiply_out(runner):
    """Hours were held in billionths: three meetings sharing one hour (0.333333333 h each) and one of 7.5
    minutes added up to 1.124999999 and printed 1.12. Held as whole seconds they are 3 x 1,200 + 450 = 4,050 s,
    exactly 1.125 h, which the CSVs print exactly as 1:07:30."""
    run(runner, "staff", "load", E2E / "staff.csv")
    run(runner, "partnerships", "load", E2E / "partnerships.csv")
    run(runner, "import", DATA / "half_way_hours.ics", "--owner", "alice@council.gov.uk")
    hwb = {r["partnership"]: r for r in export(runner, "partnerships")}["Health and Wellbeing Board"]
    # Alice's rate in 2024/25, to the penny: £47.49 (4,749 p). A third of an hour: 1,200 x 4,749 / 3,600
    # = 1,583 p; 7.5 minutes: 450 x 4,749 / 3,600 = 593.625 -> 594 p. The total is their sum: 3 x 1,583 + 594
    # = 5,343 p.
    assert (hwb["attendances"], hwb["hours"], hwb["cost"]) == ("4", "1:07:30", "53.43")
    person = export(runner, "people")[0]
    assert (person["hours"], person["cost"]) == ("1:07:30", "53.43")
    rows = [(r["hours"], r["hourly_rate"], r["cost"]) for r in export(runner, "meetings")]
    # 0:20:00 (1,200 s) x 47.49 = 15.83 exactly; 0:07:30 (450 s) x 47.49 = 5.93625 -> 5.94: each row
    # multiplies out.
    assert sorted(rows) == [("0:07:30", "47.49", "5.94")] + [("0:20:00", "47.49", "15.83")] * 3
