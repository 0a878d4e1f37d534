"""Every CSV agrees to the penny with the partnerships CSV: the people and meetings rows of a partnership
add up to its cost and hours there, and each row is within a penny (or a hundredth of an hour) of its own
value (``csv_files.Running``)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from tests.conftest import run
from tracker.reports.csv_files import Running

WINDOW = ("--from", "2026-04-01", "--to", "2026-11-22")


def summed(rows: list[dict[str, str]], column: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        totals[r["partnership"]] += Decimal(r[column] or 0)
    return dict(totals)


def export(runner, kind: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(runner, "export", kind, *WINDOW).stdout)))


def test_people_and_meetings_add_up_to_the_partnerships_csv_on_the_demo(demo_runner):
    partnerships = {r["partnership"]: r for r in export(demo_runner, "partnerships")}
    for kind in ("people", "meetings"):
        rows = export(demo_runner, kind)
        for column in ("cost", "hours"):
            totals = summed(rows, column)
            assert totals == {p: Decimal(r[column]) for p, r in partnerships.items()}, (kind, column)


def test_each_row_moves_the_running_total_by_its_rounded_share():
    # Three rows of a third of a penny over a penny: 0.0133..., 0.0266..., 0.04 rounded are 0.01, 0.03, 0.04.
    running = Running()
    third = Decimal(4) / 300
    assert [running("A", third) for _ in range(3)] == ["0.01", "0.02", "0.01"]
    assert running("B", None) == "" and running("B", Decimal("2.005")) == "2.01"
    plain_sum = sum(Decimal(f"{third:.2f}") for _ in range(3))
    assert plain_sum == Decimal("0.03") != Decimal("0.04")  # what rounding each row alone would add up to
