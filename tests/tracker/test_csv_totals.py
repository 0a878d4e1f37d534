"""Every CSV agrees to the penny with the partnerships CSV, and every meetings row multiplies out: each
attendance is costed once, to the penny, from its whole seconds at a rate in pence, and every money figure
is a sum of those pence (``domain.rounding``)."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from tests.conftest import run
from tracker import db
from tracker.domain.periods import Filters, Period
from tracker.reports import basis, totals

WINDOW = ("--from", "2026-04-01", "--to", "2026-11-22")
CLOCK = re.compile(r"\d+:[0-5]\d:[0-5]\d")  # a time as the CSVs write it, exactly: H:MM:SS


def seconds(printed: str) -> int:
    """A CSV's time, ``H:MM:SS`` (2 h is 2:00:00), as whole seconds."""
    assert CLOCK.fullmatch(printed), printed
    hours, minutes, secs = (int(part) for part in printed.split(":"))
    return (hours * 60 + minutes) * 60 + secs


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
        # Time is written exactly, to the second it is held in, so each partnership's rows add up to its
        # total exactly, as its pence do.
        time: dict[str, int] = defaultdict(int)
        for r in rows:
            time[r["partnership"]] += seconds(r["hours"])
        assert time == {p: seconds(r["hours"]) for p, r in partnerships.items()}, kind


def test_every_meetings_row_multiplies_out_on_the_demo(demo_runner):
    rows = export(demo_runner, "meetings")
    assert rows
    for r in rows:
        # The printed time, exact to the second, x the printed rate, rounded half up to the penny.
        exact = Decimal(seconds(r["hours"])) * Decimal(r["hourly_rate"]) / 3600
        assert exact.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal(r["cost"]), r
        assert len(r["hourly_rate"].split(".")[1]) == 2  # the rate in pence, exactly


def test_the_dashboard_total_is_the_sum_of_the_partnerships_csv_rows(demo, demo_runner):
    rows = export(demo_runner, "partnerships")
    with demo.app_context():
        session = db.get_session()
        basis.use(session, basis.ACTUAL)  # what ``tracker export`` reads without --basis
        summed_up = totals.totals(session, Period(date(2026, 4, 1), date(2026, 11, 22)), Filters(), Fraction(1670))
    assert sum(Decimal(r["cost"]) for r in rows) == summed_up.cost
