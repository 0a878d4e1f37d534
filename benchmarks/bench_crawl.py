"""Every page within budget: each role's pages found by following links, timed, sized, held to a budget.

A locality (``locality.py``: 120 partnerships in families, seven organisations, three financial years) is
written into a database of the run's own (``fill_org``). Each role signs in (finance, a director, a
manager of one organisation, an administrator) and follows every same-site link from the pages that take
no argument, for the financial year 2025-26, reading at most ``--per-route`` addresses of each route (the
first found: a list links to hundreds of pages of one kind). Every address found is then fetched
``--repeat`` times. Per route and role it prints p50 and p95 over all those fetches, the largest answer
and how many addresses were read; the sign-in page is the baseline measured in the same run.

Budgets (the issue's, at 1,000 people on PostgreSQL and 500 on SQLite): p50 at most 300 ms, p95 at most
600 ms, and at most 300 kB of HTML. Downloads (CSV, workbook, PDF) are timed and listed, but not held to
the budget: a file is as large, and takes as long to write, as what it holds. Exits 1, naming each page over
budget.

    python benchmarks/bench_crawl.py --sizes 200 --databases sqlite
    python benchmarks/bench_crawl.py --sizes 200 500 1000 --databases sqlite postgresql --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
import scratch  # noqa: E402
from fill_org import DIRECTOR, FINANCE, REVIEWERS, prepare  # noqa: E402
from locality import LOCALITY  # noqa: E402

from tracker import create_app  # noqa: E402

PERIOD = {"from": "2025-04-01", "to": "2026-03-31"}
SKIPPED = ("/logout", "/static/", "/vendor/", "/login", "/healthz")
PAGE_TYPES = ("text/html",)
BUDGET = {"p50": 0.300, "p95": 0.600, "kB": 300.0}


class Links(HTMLParser):
    """The ``href`` of every link on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and not href.startswith(("#", "mailto:", "http://", "https://", "javascript:")):
            self.found.append(href)


@dataclass
class Route:
    """One route as one role reads it: every fetch's seconds, the largest answer, whether it is a page."""

    addresses: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    largest: int = 0
    page: bool = True

    def over(self, budget: dict[str, float]) -> list[str]:
        """What is over budget: pages only (a download's time and size are what it holds, so it is listed)."""
        if not self.page:
            return []
        p50, p95 = self.percentile(50), self.percentile(95)
        out = []
        if p50 > budget["p50"]:
            out.append(f"p50 {p50 * 1000:.0f} ms")
        if p95 > budget["p95"]:
            out.append(f"p95 {p95 * 1000:.0f} ms")
        if self.largest / 1000 > budget["kB"]:
            out.append(f"{self.largest / 1000:.0f} kB")
        return out

    def percentile(self, p: int) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def readers() -> dict[str, tuple[str, str]]:
    return {
        "finance": FINANCE,
        "director": DIRECTOR,
        "manager": REVIEWERS["manager"][:2],
        "admin": REVIEWERS["admin"][:2],
    }


def crawl(app, client, per_route: int) -> dict[str, list[str]]:
    """The addresses the signed-in client reaches, by route (at most ``per_route`` each)."""
    adapter = app.url_map.bind("localhost")
    starts = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and not rule.rule.startswith(SKIPPED)
    )
    queue = [f"{path}?{urlencode(PERIOD)}" for path in starts]
    seen: set[str] = set()
    found: dict[str, list[str]] = defaultdict(list)
    while queue:
        address = queue.pop(0)
        if address in seen or address.startswith(SKIPPED):
            continue
        seen.add(address)
        try:
            endpoint, _ = adapter.match(urlsplit(address).path, method="GET")
        except Exception:  # a link to a POST-only address, or nowhere: nothing to read
            continue
        if len(found[endpoint]) >= per_route:
            continue
        response = client.get(address)
        if response.status_code != 200:
            response.close()
            continue
        found[endpoint].append(address)
        if response.mimetype in PAGE_TYPES:
            links = Links()
            links.feed(response.get_data(as_text=True))
            queue.extend(urljoin(address, link) for link in links.found)
        response.close()
    return {endpoint: addresses for endpoint, addresses in found.items() if addresses}


def measure(url: str, instance: Path, repeat: int, per_route: int) -> tuple[float, dict[str, dict[str, Route]]]:
    """The sign-in page's median seconds, and each role's routes timed."""
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench"})
    app.config["WTF_CSRF_ENABLED"] = False
    anonymous = app.test_client()
    baseline = []
    for _ in range(max(5, repeat)):
        started = time.perf_counter()
        anonymous.get("/login").get_data()
        baseline.append(time.perf_counter() - started)
    out: dict[str, dict[str, Route]] = {}
    for role, (address, password) in readers().items():
        client = app.test_client()
        assert client.post("/login", data={"email": address, "password": password}).status_code == 302, role
        routes: dict[str, Route] = {}
        for endpoint, addresses in crawl(app, client, per_route).items():
            route = routes[endpoint] = Route(addresses=addresses)
            for page in addresses:
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(page)
                    body = response.get_data()
                    route.seconds.append(time.perf_counter() - started)
                    route.largest = max(route.largest, len(body))
                    route.page = response.mimetype in PAGE_TYPES
        out[role] = routes
    app.extensions["database"].engine.dispose()
    return statistics.median(baseline), out


def report(kind: str, size: int, baseline: float, roles: dict[str, dict[str, Route]]) -> list[str]:
    """Print every route's figures; return what is over budget."""
    print(f"\n{kind}, {size} people: sign-in page {baseline * 1000:.1f} ms (baseline)")
    print(f"  {'role':<9}{'route':<38}{'read':>5}{'p50 ms':>9}{'p95 ms':>9}{'x sign-in':>10}{'largest':>11}")
    over = []
    for role, routes in roles.items():
        for endpoint, route in sorted(routes.items(), key=lambda kv: -kv[1].percentile(50)):
            p50, p95 = route.percentile(50), route.percentile(95)
            size_text = f"{route.largest / 1000:8.0f} kB" + ("" if route.page else " (file)")
            problems = route.over(BUDGET)
            mark = "  OVER: " + ", ".join(problems) if problems else ""
            print(
                f"  {role:<9}{endpoint:<38}{len(route.addresses):>5}{p50 * 1000:>9.0f}{p95 * 1000:>9.0f}"
                f"{p50 / baseline:>10.0f}{size_text:>11}{mark}"
            )
            over += [f"{kind} {size} people, {role}, {endpoint} ({route.addresses[0]}): {p}" for p in problems]
    return over


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--databases", nargs="+", default=["sqlite"])
    parser.add_argument("--repeat", type=int, default=3, help="fetches of each address found")
    parser.add_argument("--per-route", type=int, default=3, help="addresses of each route read, the first found")
    parser.add_argument("--keep", action="store_true", help="keep the filled databases, to --reuse them later")
    parser.add_argument("--reuse", metavar="TAG", help="the databases a run with --keep filled (it printed the tag)")
    args = parser.parse_args()
    tag = args.reuse or scratch.TAG
    over: list[str] = []
    with scratch.folder("crawl") as instance:
        for kind in args.databases:
            for size in args.sizes:
                name = f"crawl_bench_{size}_{tag}"
                with scratch.database(kind, name, reuse=bool(args.reuse), keep=args.keep) as url:
                    prepare(kind, size, url, LOCALITY)
                    baseline, roles = measure(url, instance, args.repeat, args.per_route)
                over += report(kind, size, baseline, roles)
    if args.keep:
        print(f"\nkept: run again on the same databases with --reuse {tag}")
    budget = f"p50 {BUDGET['p50'] * 1000:.0f} ms, p95 {BUDGET['p95'] * 1000:.0f} ms, {BUDGET['kB']:.0f} kB of HTML"
    if over:
        print(f"\n{len(over)} over budget ({budget}):")
        for line in over:
            print(f"  {line}")
        return 1
    print(f"\nevery page within budget ({budget})")
    return 0


if __name__ == "__main__":
    sys.exit(conditions.run(main))
