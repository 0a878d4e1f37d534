"""A directorate's calendars in one zip, imported at once: time and peak memory as the zip grows.

For each size, N people's year-long calendars (``generate_org``) are zipped and imported in one
transaction, as a confirmed web upload or ``tracker import`` does, in a fresh process so its peak
memory is its own. Printed: the time per calendar as a ratio to the first size's, and the peak memory
against the same process's memory just before the import (the baseline measured in the same run).

    python benchmarks/bench_bulk.py --sizes 50 200 --databases sqlite
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scratch  # noqa: E402
from bench_uploads import prepare_organisation  # noqa: E402
from generate_org import write  # noqa: E402

TODAY = date(2026, 3, 31)


def measure(size: int, kind: str) -> dict:
    """Run in a child process: import the zip, report seconds and memory."""
    with scratch.folder(f"bulk-{size}") as work, scratch.database(kind, f"bulk_bench_{size}_{scratch.TAG}") as url:
        return _measure(size, kind, work, url)


def _measure(size: int, kind: str, work: Path, url: str) -> dict:
    from tracker import create_app, db
    from tracker.services.calendar_import import Upload, each_calendar, import_calendars

    files = write(size, work / "files")
    archive = work / "directorate.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            bundle.write(path, path.name)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(work / "i"), "SECRET_KEY": "b"})
    with app.app_context():
        prepare_organisation(app, work)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        with db.transaction() as session:
            upload = Upload(archive.name, archive.read_bytes())
            summaries = import_calendars(
                session, each_calendar(upload, today=TODAY, session=session, skip_invalid=False)
            )
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    copies = sum(s.new for s in summaries)
    return {"seconds": seconds, "before_mb": before, "peak_mb": peak, "calendars": len(summaries), "copies": copies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--databases", nargs="+", default=["sqlite"])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(int(args.child[0]), args.child[1])))
        return
    for kind in args.databases:
        base = None
        for size in args.sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size), kind], check=True, capture_output=True, text=True
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            per = r["seconds"] / r["calendars"]
            base = base or per
            print(
                f"{kind}, a zip of {r['calendars']} calendars ({r['copies']:,} copies): {r['seconds']:.0f} s, "
                f"{per:.2f} s a calendar (ratio {per / base:.2f} to the first size); peak memory {r['peak_mb']:.0f} MB "
                f"({r['peak_mb'] / r['before_mb']:.2f}x the {r['before_mb']:.0f} MB before the import)"
            )


if __name__ == "__main__":
    main()
