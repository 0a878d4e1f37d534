"""A directorate's calendars in one zip, imported at once: time and peak memory as the zip grows.

For each size, N people's year-long calendars (``generate_org``) are zipped and imported in one
transaction, as a confirmed web upload or ``tracker import`` does, in a fresh process so its peak
memory is its own, once for each number of ``--readers`` (processes reading the calendars while they are
stored one at a time; 1 reads them in the importing process). Printed: the time per calendar as a ratio
to the first size's with one reader, the time as a ratio to one reader's at the same size, and the peak
memory of the importing process (against its memory just before the import) and of the largest reader.

    python benchmarks/bench_bulk.py --sizes 50 200 --databases sqlite --readers 1 2
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

import conditions  # noqa: E402
import scratch  # noqa: E402
from bench_uploads import prepare_organisation  # noqa: E402
from generate_org import write  # noqa: E402

TODAY = date(2026, 3, 31)


def measure(size: int, kind: str, readers: int) -> dict:
    """Run in a child process: import the zip, report seconds and memory."""
    with scratch.folder(f"bulk-{size}") as work, scratch.database(kind, f"bulk_bench_{size}_{scratch.TAG}") as url:
        return _measure(size, kind, work, url, readers)


def _measure(size: int, kind: str, work: Path, url: str, readers: int) -> dict:
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
                session, each_calendar(upload, today=TODAY, session=session, skip_invalid=False, readers=readers)
            )
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if readers > 1 else 0.0
    copies = sum(s.new for s in summaries)
    return {
        "seconds": seconds,
        "before_mb": before,
        "peak_mb": peak,
        "reader_mb": reader,
        "calendars": len(summaries),
        "copies": copies,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--databases", nargs="+", default=["sqlite"])
    parser.add_argument("--readers", type=int, nargs="+", default=[1, 2], help="the first is the baseline")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(int(args.child[0]), args.child[1], int(args.child[2]))))
        return
    for kind in args.databases:
        base = None
        for size in args.sizes:
            alone = None
            for readers in args.readers:
                command = [sys.executable, __file__, "--child", str(size), kind, str(readers)]
                out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                per = r["seconds"] / r["calendars"]
                base, alone = base or per, alone or r["seconds"]
                largest = f", largest reader {r['reader_mb']:.0f} MB" if r["reader_mb"] else ""
                print(
                    f"{kind}, a zip of {r['calendars']} calendars ({r['copies']:,} copies), {readers} reading: "
                    f"{r['seconds']:.0f} s ({r['seconds'] / alone:.2f} of the first readers' time), "
                    f"{per:.2f} s a calendar (ratio {per / base:.2f} to the first size's); peak memory: importing "
                    f"{r['peak_mb']:.0f} MB ({r['peak_mb'] / r['before_mb']:.2f}x its {r['before_mb']:.0f} MB before "
                    f"the import){largest}",
                    flush=True,
                )


if __name__ == "__main__":
    conditions.run(main)
