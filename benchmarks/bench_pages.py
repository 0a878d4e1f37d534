"""Page latency at an organisation's scale: does a page's time grow with the number of meetings?

For each database and size (people, each with about 1,200 attendances a year, meetings shared), the
organisation is written straight into the tables (``fill_org``), PostgreSQL is VACUUMed and ANALYZEd, and every
page finance opens is fetched five times through the Flask test client, signed in, for the financial
year 2025-04-01 to 2026-03-31. It prints each page's median, as a ratio to the sign-in page measured
in the same run (what any page costs) and to the same page at the first size (how it grows); then the
meetings CSV's first bytes and peak Python memory (tracemalloc) while it streams.

    python benchmarks/bench_pages.py --sizes 50 200 500 --databases sqlite postgresql
    python benchmarks/bench_pages.py --sizes 500 --databases sqlite --keep
    python benchmarks/bench_pages.py --sizes 500 --databases sqlite --reuse TAG --profile dashboard

The review queue is timed as its reviewers open it (a manager, their organisation's staff's calendars; an
administrator, everyone's): its first page and a filtered second page, with each page's size in kB, and a
save that attributes the first page's 25 busiest series to one partnership (then reverted, so each run
saves the same).
"""

from __future__ import annotations

import argparse
import cProfile
import html
import pstats
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
import scratch  # noqa: E402
from bench_uploads import PAGES as UPLOAD_PAGES  # noqa: E402
from bench_uploads import PERIOD  # noqa: E402
from fill_org import FINANCE, REVIEWERS, prepare  # noqa: E402

from tracker import create_app  # noqa: E402

PAGES = {  # the pages bench_uploads times, for the same period, and those of the partnership map
    "sign-in (baseline)": "/login",
    **UPLOAD_PAGES,
    "map": "/map",
    "hats": "/hats",
    "results CSV": "/downloads/results.csv",
}
REVIEW = {  # label: (who, the queue's address)
    "review (manager)": ("manager", "/review"),
    "review filtered (manager)": ("manager", "/review?filtered=1&q=board&page=2"),
    "review (admin)": ("admin", "/review"),
    "review filtered (admin)": ("admin", "/review?filtered=1&q=board&page=2"),
}
TICKED = 25  # series a timed save attributes at once


def measure(url: str, instance: Path, repeat: int, profile: str | None, review_only: bool = False) -> dict[str, float]:
    """Median seconds per page, and the meetings CSV's first bytes and peak memory (``review_only``: the
    sign-in page, as the baseline, and the review queue alone)."""
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench"})
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"email": FINANCE[0], "password": FINANCE[1]})
    out = {}
    for label, url_path in PAGES.items():
        if review_only and label != "sign-in (baseline)":
            continue
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url_path, query_string=PERIOD)
            response.get_data()
            assert response.status_code == 200, (url_path, response.status_code)
            runs.append(time.perf_counter() - started)
        out[label] = statistics.median(runs)
        if profile and profile in label:
            profiler = cProfile.Profile()
            profiler.runcall(lambda p=url_path: client.get(p, query_string=PERIOD).get_data())
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    if not review_only:
        out.update(streamed(client))
    out.update(reviewed(app, repeat))
    app.extensions["database"].engine.dispose()
    return out


def reviewed(app, repeat: int) -> dict[str, float]:
    """The review queue's pages, median seconds and (``<label> kB``) size, and a save of ``TICKED`` series
    at once, timed and then reverted."""
    out: dict[str, float] = {}
    clients = {}
    for role, (address, password, _) in REVIEWERS.items():
        clients[role] = app.test_client()
        clients[role].post("/login", data={"email": address, "password": password})
    for label, (role, url_path) in REVIEW.items():
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = clients[role].get(url_path)
            body = response.get_data()
            assert response.status_code == 200, (url_path, response.status_code)
            runs.append(time.perf_counter() - started)
        out[label], out[f"{label} kB"] = statistics.median(runs), len(body) / 1000
    manager = clients["manager"]
    page = manager.get("/review").get_data(as_text=True)
    keys = [html.unescape(k) for k in re.findall(r'name="series_key" value="([^"]+)"', page)][:TICKED]
    (choice,) = re.findall(r'<option value="(\d+)">', page.split('id="ticked-partnership"')[1])[:1]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        saved = manager.post("/review/attribute", data={"series_key": keys, "partnership_id": choice, "ticked": "1"})
        runs.append(time.perf_counter() - started)
        assert saved.status_code == 302, saved.status_code
        change = re.search(r'id="change-(\d+)"', manager.get("/review/changes").get_data(as_text=True))
        assert change and manager.post(f"/review/changes/{change.group(1)}/revert").status_code == 302
    out[f"review save ({TICKED} series)"] = statistics.median(runs)
    return out


def streamed(client) -> dict[str, float]:
    """The meetings CSV read as a browser would, chunk by chunk: when its first bytes came (a plain run),
    and the peak of Python's memory while it streams (a second run, under tracemalloc, which slows it)."""
    out = {}
    for traced in (False, True):
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        response = client.get(PAGES["meetings CSV"], query_string=PERIOD, buffered=False)
        chunks = iter(response.response)
        size = len(next(chunks))
        first = time.perf_counter() - started
        size += sum(len(chunk) for chunk in chunks)
        response.close()
        if traced:
            out["meetings CSV peak MB"] = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        else:
            out["meetings CSV first bytes"], out["meetings CSV MB"] = first, size / 1e6
    return out


def report(kind: str, sizes: list[int], results: dict[int, dict[str, float]]) -> None:
    first = results[sizes[0]]
    print(f"\n{kind}: median ms; x sign-in: / the sign-in page; x: / the same page at {sizes[0]} people")
    print(f"  {'page':<26}" + "".join(f"{f'{s} people':>30}" for s in sizes))
    for label in [*PAGES, *REVIEW, f"review save ({TICKED} series)", "meetings CSV first bytes"]:
        if label not in first:
            continue
        cells = []
        for s in sizes:
            r = results[s]
            base = r["sign-in (baseline)"]
            cells.append(f"{r[label] * 1000:8.0f} ms {r[label] / base:6.1f}x sign-in {r[label] / first[label]:5.1f}x")
        print(f"  {label:<26}" + "".join(f"{c:>30}" for c in cells))
    if "meetings CSV peak MB" not in first:
        return report_review_sizes(sizes, results)
    peaks = "".join(
        f"{'{:.1f} MB of {:.0f} MB'.format(r['meetings CSV peak MB'], r['meetings CSV MB']):>30}"
        for r in results.values()
    )
    print(f"  {'meetings CSV peak memory':<26}" + peaks)
    report_review_sizes(sizes, results)


def report_review_sizes(sizes: list[int], results: dict[int, dict[str, float]]) -> None:
    for label in REVIEW:
        print(f"  {label + ' kB':<26}" + "".join(f"{results[s][label + ' kB']:>27.0f} kB" for s in sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the filled databases, to --reuse them later")
    parser.add_argument("--reuse", metavar="TAG", help="the databases a run with --keep filled (it printed the tag)")
    parser.add_argument("--profile", help="print a cProfile of the pages whose label holds this")
    parser.add_argument("--review-only", action="store_true", help="the sign-in page and the review queue alone")
    args = parser.parse_args()
    tag = args.reuse or scratch.TAG
    with scratch.folder("pages", keep=False) as instance:
        for kind in args.databases:
            results = {}
            for size in args.sizes:
                name = f"pages_bench_{size}_{tag}"
                with scratch.database(kind, name, reuse=bool(args.reuse), keep=args.keep) as url:
                    prepare(kind, size, url)
                    results[size] = measure(url, instance, args.repeat, args.profile, args.review_only)
            report(kind, args.sizes, results)
    if args.keep:
        print(f"\nkept: run again on the same databases with --reuse {tag}")


if __name__ == "__main__":
    conditions.run(main)
