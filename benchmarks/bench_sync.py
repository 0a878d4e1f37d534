"""Connected calendars at scale: N CalDAV calendars on a real Radicale server, synced, synced again with
nothing changed, then again with one event moved in a tenth of them; time, requests made and memory.

Each person's year of calendar (``generate_org``: about 1,200 occurrences) is split into one CalDAV object
per UID (a series and its moved occurrences together), as a calendar program stores it, and written into
the server's storage before it starts. The baseline, measured in the same run on a database of its own:
the same calendars uploaded one by one, each its own import (as each source's sync is), then uploaded
again unchanged, then those with an event moved uploaded again; CPU seconds are compared, as the sync's
time is mostly the server's (Radicale computes every answer in Python).

    python benchmarks/bench_sync.py --sizes 20 200
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
import scratch  # noqa: E402
from bench_uploads import prepare_organisation  # noqa: E402
from generate_org import email, write  # noqa: E402

USER, PASSWORD = "bench", "bench-dav-password"
UID = re.compile(r"^UID:(.+)$", re.MULTILINE)


def split_objects(calendar: str) -> dict[str, str]:
    """One CalDAV object a UID: the VTIMEZONE and every VEVENT of that UID (a series and its exceptions)."""
    head, _, rest = calendar.partition("BEGIN:VEVENT")
    zone = head[head.find("BEGIN:VTIMEZONE") : head.find("END:VTIMEZONE") + len("END:VTIMEZONE\r\n")]
    objects: dict[str, list[str]] = {}
    for block in ("BEGIN:VEVENT" + rest).split("BEGIN:VEVENT")[1:]:
        body = "BEGIN:VEVENT" + block[: block.index("END:VEVENT") + len("END:VEVENT\r\n")]
        found = UID.search(body)
        assert found, "every generated event has a UID"
        objects.setdefault(found.group(1).strip(), []).append(body)
    header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
    # As CalDAV clients (Apple, Thunderbird, DAVx5) write the zone: rules from 1970, not Outlook's 1601, on
    # which Radicale's time zone library walks 370 more years for every time it converts (40 s a calendar).
    zone = zone.replace("16011028T020000", "19701025T020000").replace("16010325T010000", "19700329T010000")
    return {uid: header + zone + "".join(events) + "END:VCALENDAR\r\n" for uid, events in objects.items()}


def fill_storage(root: Path, paths: list[Path]) -> list[str]:
    """Radicale's file storage: a collection a person, an .ics file an object; their collections' paths."""
    collections = []
    for n, path in enumerate(paths):
        folder = root / "collection-root" / USER / f"cal{n:04d}"
        folder.mkdir(parents=True)
        (folder / ".Radicale.props").write_text(json.dumps({"tag": "VCALENDAR"}))
        for i, (_uid, text) in enumerate(sorted(split_objects(path.read_text()).items())):
            (folder / f"event{i:05d}.ics").write_text(text)
        collections.append(f"/{USER}/cal{n:04d}/")
    return collections


def start_radicale(folder: Path) -> tuple[subprocess.Popen, str]:
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = scratch.free_port()
    # Radicale fsyncs every cache file it writes as it first reads a collection (40 s for 836 objects here):
    # a benchmark's scratch disk needs no such care, and the server's first read is not what is measured.
    launcher = (
        "import os, sys; os.fsync = lambda fd: None; from radicale.__main__ import run; sys.argv[0] = 'radicale'; run()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", launcher, "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(folder), "--auth-type", "htpasswd",
         "--auth-htpasswd-filename", str(users), "--auth-htpasswd-encryption", "plain", "--logging-level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/.web/", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("Radicale did not start")


def timed_sync(ids: list[int], key: str) -> dict:
    """Every source synced once in this process: seconds (and this process's CPU), requests made, failures,
    the process's peak memory so far."""
    from tracker import sync_runs
    from tracker.services.source_sync import SyncSettings

    started, cpu = time.perf_counter(), time.process_time()
    outcomes = sync_runs.sync(ids, by="bench", settings=SyncSettings(key=key))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the process's peak so far (Linux: KiB)
    requests = sum(int(m.group(1)) for o in outcomes if (m := re.search(r"\((\d+) requests?\)", o.words)))
    failed = [f"{o.source_id}: {o.words}" for o in outcomes if not o.ok]
    return {"seconds": seconds, "cpu": cpu, "requests": requests, "failed": failed, "peak_mb": peak / 1e6}


def move_one_event(root: Path, base: str, collections: list[str], every: int) -> int:
    """One object of every ``every``-th calendar moved an hour later, put through the server as a calendar
    program would (PUT); how many calendars changed."""
    import requests

    changed = 0
    for collection in collections[::every]:
        item = sorted((root / "collection-root" / collection.strip("/")).glob("event*.ics"))[0]
        moved = moved_text(item.read_text())
        answer = requests.put(
            f"{base}{collection}{item.name}", data=moved.encode(), auth=(USER, PASSWORD),
            headers={"Content-Type": "text/calendar"}, timeout=30,
        )  # fmt: skip
        answer.raise_for_status()
        changed += 1
    return changed


def one_by_one(paths: list[Path], given: dict[Path, bytes]) -> tuple[float, float]:
    """Each calendar uploaded on its own, its own transaction (as a sync imports each source): the baseline.
    Seconds and this process's CPU seconds."""
    from tracker import db
    from tracker.services.calendar_import import Upload, each_calendar, import_calendars

    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        upload = Upload(path.name, given.get(path) or path.read_bytes(), path.name.removesuffix(".ics"))
        with db.transaction() as session:
            import_calendars(session, each_calendar(upload, session=session), imported_by="bench")
    return time.perf_counter() - started, time.process_time() - cpu


def moved_text(text: str) -> str:
    """The calendar with its first event an hour later (its start; not the time zone's rules)."""

    def later(match: re.Match) -> str:
        return f"{match.group(1)}{int(match.group(2)) + 1:02d}"

    zone, _, events = text.partition("BEGIN:VEVENT")
    return zone + "BEGIN:VEVENT" + re.sub(r"(DTSTART[^:]*:\d{8}T)(\d{2})", later, events, count=1)


def organisations(work: Path) -> set[str]:
    """The organisations of the generated staff register."""
    import csv

    with (work / "files" / "staff.csv").open() as rows:
        return {row["organisation"] for row in csv.DictReader(rows)}


def measure(size: int, work: Path, url: str, baseline_url: str) -> dict:
    import requests

    from tracker import create_app, db
    from tracker.services import settings as settings_service
    from tracker.services import sources as connecting
    from tracker.services.source_secrets import new_key

    paths = write(size, work / "files")
    storage = work / "dav"
    collections = fill_storage(storage, paths)
    objects = sum(1 for _ in storage.rglob("event*.ics"))
    result: dict = {"objects": objects}

    base_app = create_app({"DATABASE_URL": baseline_url, "INSTANCE_PATH": str(work / "base"), "SECRET_KEY": "b"})
    with base_app.app_context():
        prepare_organisation(base_app, work)
        result["files_first"] = one_by_one(paths, {})
        result["files_again"] = one_by_one(paths, {})
        changed = {p: moved_text(p.read_text()).encode() for p in paths[::10]}
        result["files_changed"] = one_by_one(list(changed), changed)
    base_app.extensions["database"].engine.dispose()

    key = new_key()
    server, base = start_radicale(storage)
    started = time.perf_counter()
    for collection in collections:  # the server's first read of each calendar builds its caches: not ours
        requests.request("PROPFIND", base + collection, headers={"Depth": "1"}, auth=(USER, PASSWORD), timeout=600)
    result["warming"] = time.perf_counter() - started
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(work / "instance"), "SECRET_KEY": "s"})
    try:
        with app.app_context():
            prepare_organisation(app, work)
            with db.transaction() as session:
                settings_service.change_settings(session, {"allow_private_sources": "yes"})
                for organisation in organisations(work):
                    connecting.agree(session, organisation, True)
                ids = []
                for n, collection in enumerate(collections):
                    new = connecting.NewSource(
                        owner=email(n), url=base + collection, kind="caldav", username=USER, secret=PASSWORD
                    )
                    source = connecting.connect(session, new, by="bench", key=key, resolve=lambda h, p: ["127.0.0.1"])
                    ids.append(source.id)
            result["first"] = timed_sync(ids, key)
            result["again"] = timed_sync(ids, key)
            result["changed_calendars"] = move_one_event(storage, base, collections, 10)
            result["changed"] = timed_sync(ids, key)
    finally:
        server.terminate()
        server.wait()
        app.extensions["database"].engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    args = parser.parse_args()
    for size in args.sizes:
        with (
            scratch.folder(f"sync-{size}") as work,
            scratch.database(args.database, f"sync_bench_{size}_{scratch.TAG}") as url,
            scratch.database(args.database, f"sync_base_{size}_{scratch.TAG}") as baseline_url,
        ):
            r = measure(size, work, url, baseline_url)
        print(f"\n{args.database}, {size} CalDAV calendars ({r['objects']:,} objects) on Radicale")
        print(f"  (the server's own first read of every calendar, before: {r['warming']:.0f} s)")
        phases = (("first sync", "first", "files_first"), ("again, nothing changed", "again", "files_again"),
                  (f"again, one event moved in {r['changed_calendars']}", "changed", "files_changed"))  # fmt: skip
        for label, key, baseline in phases:
            s, (b_wall, b_cpu) = r[key], r[baseline]
            print(
                f"  {label:<32} {s['seconds']:7.2f} s, {s['cpu']:6.2f} s CPU (the rest waiting for the server); "
                f"the same calendars uploaded one by one {b_wall:6.2f} s, {b_cpu:6.2f} s CPU: CPU ratio "
                f"{s['cpu'] / b_cpu:5.2f}; {s['requests']:,} requests ({s['requests'] / size:.1f} a calendar); "
                f"peak {s['peak_mb']:.0f} MB; {len(s['failed'])} failed"
            )
            for failure in s["failed"][:3]:
                print("    failed:", failure)


if __name__ == "__main__":
    conditions.run(main)
