"""An unchanged file uploaded again, against its first upload, in an organisation ``bench_uploads`` left.

``bench_uploads --keep`` keeps each size's folder (``/tmp/tracker-uploads-<size>-<tag>-*``: its SQLite
database and the calendars). Here the last person's imports are undone, their calendar is uploaded as if for the
first time (the baseline), then the same file again, several times: the ratio shows what recognising
a file by its hash saves, at the organisation's real size, without loading it all over again.

    python benchmarks/bench_uploads.py --sizes 500 --databases sqlite --keep
    python benchmarks/bench_again.py /tmp/tracker-uploads-500-1234_abcdef-xyz --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
from bench_uploads import TODAY  # noqa: E402

from tracker import create_app, db  # noqa: E402
from tracker.models import CalendarImport  # noqa: E402
from tracker.services.calendar_import import Upload, import_calendars, read_upload  # noqa: E402
from tracker.services.import_undo import undo_import  # noqa: E402


def upload(path: Path, owner: str) -> float:
    started = time.perf_counter()
    with db.transaction() as session:
        read = read_upload(Upload(path.name, path.read_bytes(), owner), today=TODAY, session=session)
        import_calendars(session, read, imported_by="bench")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="a folder bench_uploads --keep left (SQLite)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    database = args.folder / "bench.sqlite"
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "INSTANCE_PATH": str(args.folder / "instance")})
    path = sorted((args.folder / "files").glob("*.ics"))[-1]
    owner = path.name.removesuffix(".ics")
    with app.app_context():
        db.upgrade(app.extensions["database"].engine)
        with db.transaction() as session:
            for record in session.scalars(select(CalendarImport).where(CalendarImport.owner_email == owner)).all():
                undo_import(session, record)
        first = upload(path, owner)
        again = [upload(path, owner) for _ in range(args.repeat)]
    app.extensions["database"].engine.dispose()
    median = statistics.median(again)
    print(f"{args.folder.name}: {owner}'s calendar ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"  first upload (baseline)        {first * 1000:8.0f} ms")
    print(f"  the same file again, median of {args.repeat} {median * 1000:6.1f} ms   ratio {median / first:.4f}")
    print(f"  the first time again only      {again[0] * 1000:6.1f} ms   ratio {again[0] / first:.4f}")


if __name__ == "__main__":
    conditions.run(main)
