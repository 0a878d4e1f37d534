"""Uploads one by one into a growing organisation, then page latency: does the cost grow with the size?

For each size (people, each with about 1,200 occurrences a year, meetings shared) and each database,
the organisation's calendars are uploaded one at a time, each in its own transaction as the web upload
does, and the script prints the last upload's time as a ratio to the first, the growth exponent (the
slope of log time against log upload number: 0 means flat), the total, peak memory and database size;
then the median latency of the dashboard, a partnership page, a person page, the JSON API and each CSV
export, as ratios to the median first upload measured in the same run.

    python benchmarks/bench_uploads.py --sizes 50 200 --databases sqlite postgresql
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
import scratch  # noqa: E402
from generate_org import write  # noqa: E402

from tracker import create_app, db  # noqa: E402
from tracker.services import registers, users  # noqa: E402
from tracker.services.calendar_import import Upload, each_calendar, import_calendars, read_upload  # noqa: E402

TODAY = date(2026, 3, 31)
PAGES = {
    "dashboard": "/dashboard",
    "partnership": "/partnerships/1",
    "person": "/people/1",
    "JSON API": "/api/partnerships",
    "partnerships CSV": "/downloads/partnerships.csv",
    "people CSV": "/downloads/people.csv",
    "meetings CSV": "/downloads/meetings.csv",
}
PERIOD = {"from": "2025-04-01", "to": "2026-03-31"}
SAMPLE = 5  # uploads timed at each end of an organisation loaded partly in bulk


def database_size(app, kind: str, url: str) -> int:
    if kind == "sqlite":
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    with app.extensions["database"].engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def prepare_organisation(app, work: Path) -> None:
    """The schema, the staff and partnership registers ``generate_org`` wrote, and a finance user."""
    db.upgrade(app.extensions["database"].engine)
    with db.transaction() as session:
        for register in ("staff", "partnerships"):
            body = (work / "files" / f"{register}.csv").read_bytes()
            registers.load_register(session, register, body, f"{register}.csv")
        users.create_user(session, "finance@bench.example", "finance", "bench-password-1")


def bulk_load(paths: list[Path]) -> float:
    """The calendars between the timed first and last uploads, stored in one transaction (a zip's way)."""
    started = time.perf_counter()
    with db.transaction() as session:

        def calendars():
            for path in paths:
                upload = Upload(path.name, path.read_bytes(), path.name.removesuffix(".ics"))
                yield from each_calendar(upload, today=TODAY, session=session, skip_invalid=False)

        import_calendars(session, calendars(), imported_by="bench")
    return time.perf_counter() - started


def run(size: int, kind: str, one_by_one: int, keep: bool = False) -> dict:
    """One size on one database, in a folder and a database of the run's own, removed afterwards unless
    ``keep`` (``bench_again`` reads a kept SQLite folder: its calendars and ``bench.sqlite``)."""
    with scratch.folder(f"uploads-{size}", keep=keep) as work:
        if kind == "sqlite":
            return measure(size, kind, one_by_one, work, f"sqlite:///{work / 'bench.sqlite'}")
        with scratch.database(kind, f"uploads_bench_{size}_{scratch.TAG}", keep=keep) as url:
            return measure(size, kind, one_by_one, work, url)


def measure(size: int, kind: str, one_by_one: int, work: Path, url: str) -> dict:
    calendars = write(size, work / "files")
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(work / "instance"), "SECRET_KEY": "bench"})
    app.config["WTF_CSRF_ENABLED"] = False
    times: list[float] = []
    numbers: list[int] = []  # which upload each time is: the first and last few when sampled
    again: dict[str, float] = {}
    bulk = 0.0
    with app.app_context():
        prepare_organisation(app, work)
        ends = SAMPLE if size > one_by_one else size
        for n, path in enumerate(calendars):
            if ends <= n < size - ends:
                continue
            if n == size - ends and size > one_by_one:
                bulk = bulk_load(calendars[ends : size - ends])
            owner = path.name.removesuffix(".ics")
            started = time.perf_counter()
            with db.transaction() as session:
                read = read_upload(Upload(path.name, path.read_bytes(), owner), today=TODAY, session=session)
                import_calendars(session, read, imported_by="bench")
            times.append(time.perf_counter() - started)
            numbers.append(n + 1)
        last = calendars[-1]
        owner = last.name.removesuffix(".ics")

        def upload_again(body: bytes) -> float:
            started = time.perf_counter()
            with db.transaction() as session:
                read = read_upload(Upload(last.name, body, owner), today=TODAY, session=session)
                import_calendars(session, read, imported_by="bench")
            return time.perf_counter() - started

        unchanged = [upload_again(last.read_bytes()) for _ in range(3)]
        again["unchanged"], again["unchanged, median of 3"] = unchanged[0], statistics.median(unchanged)
        again["1% changed"] = upload_again(one_percent_changed(last.read_bytes()))
        if kind == "postgresql":
            with app.extensions["database"].engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
        client = app.test_client()
        client.post("/login", data={"email": "finance@bench.example", "password": "bench-password-1"})
        pages = {}
        for label, address in PAGES.items():
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                response = client.get(address, query_string=PERIOD)
                response.get_data()
                assert response.status_code == 200, (address, response.status_code)
                runs.append(time.perf_counter() - started)
            pages[label] = statistics.median(runs)
        result = {
            "times": times,
            "numbers": numbers,
            "again": again,
            "bulk": bulk,
            "sampled": size > one_by_one,
            "pages": pages,
            "database": database_size(app, kind, url),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    app.extensions["database"].engine.dispose()
    return result


def one_percent_changed(data: bytes) -> bytes:
    """The same calendar exported again with one event in a hundred retitled."""
    events = data.split(b"BEGIN:VEVENT")
    for n in range(1, len(events), 100):
        events[n] = events[n].replace(b"\r\nSUMMARY:", b"\r\nSUMMARY:Moved: ", 1)
    return b"BEGIN:VEVENT".join(events)


def growth(times: list[float], numbers: list[int]) -> float:
    """Slope of log(time) against log(upload number), from the fifth upload on (the first few warm up)."""
    points = [(math.log(n), math.log(t)) for n, t in zip(numbers, times, strict=True) if n >= 5]
    if len(points) < 2:
        return 0.0
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--one-by-one",
        type=int,
        default=50,
        help="larger sizes upload the first and last five one by one and load the rest in one transaction",
    )
    parser.add_argument("--keep", action="store_true", help="keep each size's folder and database (for bench_again)")
    args = parser.parse_args()
    for kind in args.databases:
        for size in args.sizes:
            r = run(size, kind, args.one_by_one, args.keep)
            first = statistics.median(r["times"][:3])
            last = statistics.median(r["times"][-3:])
            print(f"\n{kind}, {size} people: baseline = median of the first three uploads, {first * 1000:.0f} ms")
            print(f"  last uploads / first      ratio {last / first:6.2f}   ({last * 1000:.0f} ms)")
            if r["sampled"]:
                middle = size - 2 * SAMPLE
                print(
                    f"  (uploads 1-{SAMPLE} and {size - SAMPLE + 1}-{size} one by one; "
                    f"the {middle} between in one transaction, {r['bulk']:.0f} s)"
                )
            exponent = growth(r["times"], r["numbers"])
            print(f"  growth exponent                 {exponent:6.2f}   (0 is flat, 1 is linear)")
            for label, seconds in r["again"].items():
                print(f"  last file again, {label:<22} ratio {seconds / first:6.3f}   ({seconds * 1000:.0f} ms)")
            size_mb, total = r["database"] / 1e6, sum(r["times"]) + r["bulk"]
            print(f"  total {total:.1f} s; peak memory {r['peak_mb']:.0f} MB; database {size_mb:.0f} MB")
            for label, seconds in r["pages"].items():
                print(f"  {label:<24} ratio {seconds / first:6.2f}   ({seconds * 1000:.0f} ms)")


if __name__ == "__main__":
    conditions.run(main)
