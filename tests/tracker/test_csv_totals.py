"""Every CSV agrees to the penny with the partnerships CSV, and every meetings row multiplies out: each
attendance is costed once, to the penny, from its whole seconds at a rate in pence, and every money figure
is a sum of those pence (``domain.rounding``)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tests.conftest import run
from tracker import db
from tracker.domain.periods import Filters, Period
from tracker.reports import basis, totals

WINDOW = ("--from", "2026-04-01", "--to", "2026-11-22")


def summed(rows: list[dict[str, str]], column: str) -> dict[str, Decimal]:
    totals_: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        totals_[r["partnership"]] += Decimal(r[column] or 0)
    return dict(totals_)


def export(runner, kind: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(runner, "export", kind, *WINDOW).stdout)))


def test_people_and_meetings_costs_add_up_to_the_partnerships_csv_on_the_demo(demo_runner):
    partnerships = {r["partnership"]: r for r in export(demo_runner, "partnerships")}
    for kind in ("people", "meetings"):
        rows = export(demo_runner, kind)
        assert summed(rows, "cost") == {p: Decimal(r["cost"]) for p, r in partnerships.items()}, kind
        # Hours are rounded once from each row's exact seconds, and the total once from their exact sum: a
        # column of rounded rows may differ from its total by up to half a unit of the last place per row.
        count = defaultdict(int)
        for r in rows:
            count[r["partnership"]] += 1
        for partnership, hours in summed(rows, "hours").items():
            assert abs(hours - Decimal(partnerships[partnership]["hours"])) <= Decimal("0.005") * (
                count[partnership] + 1
            )


def test_every_meetings_row_multiplies_out_on_the_demo(demo_runner):
    rows = export(demo_runner, "meetings")
    assert rows
    for r in rows:
        product = (Decimal(r["hours"]) * Decimal(r["hourly_rate"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert product == Decimal(r["cost"]), r
        assert len(r["hourly_rate"].split(".")[1]) == 2  # the rate in pence, exactly
        assert 6 <= len(r["hours"].split(".")[1]) <= 10


def test_the_dashboard_total_is_the_sum_of_the_partnerships_csv_rows(demo, demo_runner):
    rows = export(demo_runner, "partnerships")
    with demo.app_context():
        session = db.get_session()
        basis.use(session, basis.ACTUAL)  # what ``tracker export`` reads without --basis
        summed_up = totals.totals(session, Period(date(2026, 4, 1), date(2026, 11, 22)), Filters(), Fraction(1670))
    assert sum(Decimal(r["cost"]) for r in rows) == summed_up.cost
