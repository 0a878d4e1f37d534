"""Reading through the command: ``tracker inspect`` against a plain icalendar + recurring-ical-events script.

Both are run as a person would run them, a new process each time, on the same generated Outlook/Exchange
export (``generate_calendars.py``) and days, and both print one JSON line per occurrence. The baseline is
the few lines anyone would write with the libraries (``baseline_inspect.py`` beside this file); its start
is a bare Python's plus theirs, so the ratio counts the command's start, its checks and its printing too.
Medians of ``--repeat`` runs, peak memory of the last; exits non-zero when the two count different
occurrences. The exports are written to a folder of the run's own and removed after.

    python benchmarks/bench_inspect.py --sizes 2000 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402
import scratch  # noqa: E402
from generate_calendars import calendar_events, render  # noqa: E402

HERE = Path(__file__).resolve().parent
FIRST, LAST = "2025-01-01", "2026-06-30"
TRACKER = Path(sys.executable).with_name("tracker")


def run(command: list[str]) -> tuple[float, int, int]:
    """Seconds, lines printed and peak memory (MB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    lines = sum(1 for _ in process.stdout)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command)} failed")
    return seconds, lines, usage.ru_maxrss // 1024


def timed(command: list[str], repeat: int) -> tuple[float, int, int]:
    runs = [run(command) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), runs[-1][1], runs[-1][2]


def bench(size: int, repeat: int, folder: Path) -> bool:
    path = folder / f"export-{size}.ics"
    path.write_bytes(render(calendar_events(size, seed=1)))
    baseline = [sys.executable, str(HERE / "baseline_inspect.py"), str(path), FIRST, LAST]
    ours = [str(TRACKER), "inspect", "--max-bytes", str(path.stat().st_size), "--from", FIRST, "--to", LAST, str(path)]
    base_time, base_count, base_memory = timed(baseline, repeat)
    our_time, our_count, our_memory = timed(ours, repeat)
    print(f"{size:,} events, {path.stat().st_size / 1e6:.1f} MB, days {FIRST} to {LAST}")
    print(f"  baseline (icalendar + recurring-ical-events) {base_time:7.2f} s  {base_memory:5,} MB")
    print(
        f"  tracker inspect                              {our_time:7.2f} s  {our_memory:5,} MB"
        f"  {our_time / base_time:.2f}x the baseline, {base_time / our_time:.1f}x faster"
    )
    print(f"  occurrences: baseline {base_count:,}, ours {our_count:,}")
    if base_count != our_count:
        print(f"  MISMATCH: the baseline prints {base_count:,} occurrences, ours {our_count:,}")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with scratch.folder("inspect") as folder:
        ok = [bench(size, args.repeat, folder) for size in args.sizes]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(conditions.run(main))
