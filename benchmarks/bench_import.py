"""Import and report timings for the demo organisation, as ratios to a baseline taken in the same run.

Baseline: parsing every demo calendar with plain ``icalendar.Calendar.from_ical``
(what any reader must do at least). Measured: our reading (repairs, zones,
expansion), the full import (store + attribute + cost), the three exports, and
the pages a director opens most (dashboard and a partnership page for the
demo's financial year to date), rendered through the Flask test client.

    .venv/bin/python benchmarks/bench_import.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import icalendar

import importers
from tracker import create_app, db
from tracker.demo import build_demo
from tracker.domain.periods import Period
from tracker.reports import basis
from tracker.reports.csv_files import export_rows, to_csv

sys.path.insert(0, str(Path(__file__).resolve().parent))
import conditions  # noqa: E402
import scratch  # noqa: E402

TODAY = date(2026, 11, 22)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with scratch.folder("import") as work:
        run(work, args.repeat)


def run(work: Path, repeat: int) -> None:
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}", "INSTANCE_PATH": str(work), "WTF_CSRF_ENABLED": False}
    )
    with app.app_context():
        db.upgrade(app.extensions["database"].engine)
        with db.transaction() as session:
            build_demo(session, work / "files", today=TODAY)
        files = sorted((work / "files").glob("*@*"))
        blobs = [(p.name, p.read_bytes()) for p in files]
        ics = [(n, b) for n, b in blobs if n.endswith(".ics")]

        def baseline():
            for _, data in ics:
                icalendar.Calendar.from_ical(data)

        def read_ours():
            for name, data in ics:
                importers.read(data, name, today=TODAY)

        def full_import():
            fresh = create_app({"DATABASE_URL": f"sqlite:///{work / 'fresh.sqlite'}", "INSTANCE_PATH": str(work)})
            (work / "fresh.sqlite").unlink(missing_ok=True)
            with fresh.app_context():
                db.upgrade(fresh.extensions["database"].engine)
                with db.transaction() as s:
                    build_demo(s, work / "files2", today=TODAY)
            fresh.extensions["database"].engine.dispose()

        period = Period(date(2025, 11, 1), date(2026, 12, 31))
        session = db.get_session()
        basis.use(session, basis.ACTUAL)

        def exports():
            for kind in ("partnerships", "people", "meetings"):
                to_csv(kind, export_rows(session, kind, period), basis.ACTUAL)

        client = app.test_client()
        client.post("/login", data={"email": "director@demo.example", "password": "demo-director-pass"})
        year = {"from": "2026-04-01", "to": TODAY.isoformat()}

        def page(url: str):
            def get():
                response = client.get(url, query_string=year)
                assert response.status_code == 200, response.status_code

            return get

        base = timed(baseline, repeat)
        figures = {
            "read .ics (ours)": timed(read_ours, repeat),
            "full demo import": timed(full_import, repeat),
            "three CSV exports": timed(exports, repeat),
            "dashboard page": timed(page("/dashboard"), repeat),
            "partnership page": timed(page("/partnerships/2"), repeat),
        }
    print(f"baseline: icalendar parse of {len(ics)} demo .ics files = {base * 1000:.0f} ms (ratio 1.00)")
    for label, seconds in figures.items():
        print(f"{label:<22} {seconds * 1000:8.0f} ms   ratio {seconds / base:6.2f}")


if __name__ == "__main__":
    conditions.run(main)
