"""Reading generated Outlook exports: our reader against plain icalendar + recurring-ical-events, same window.

For each size: the baseline (``Calendar.from_ical`` then ``of(cal).between(window)``), our first
read, and our re-read of a newer export with 1% of events changed, reusing the first read's
groups. Medians of a few runs; exits non-zero when the occurrence counts disagree.

    .venv/bin/python benchmarks/bench_read.py [--sizes 2000 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import recurring_ical_events

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import importers  # noqa: E402
from benchmarks import conditions  # noqa: E402
from benchmarks.generate_calendars import calendar_events, changed, render  # noqa: E402

WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    runs, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), value


def ratio(ours: float, baseline: float) -> str:
    return f"{ours:7.2f}s  {ours / baseline:.2f}x the baseline, {baseline / ours:.1f}x faster"


def bench(size: int, repeat: int) -> bool:
    events = calendar_events(size, seed=1)
    old, new = render(events), render(changed(events, 0.01, seed=2))

    def baseline() -> int:
        return len(recurring_ical_events.of(icalendar.Calendar.from_ical(old)).between(*WINDOW))

    def first() -> importers.ReadResult:
        return importers.read(old, "export.ics", window=WINDOW, max_bytes=len(old) + 1)[0]

    base_time, base_count = timed(baseline, repeat)
    first_time, result = timed(first, repeat)
    assert isinstance(result, importers.ReadResult)
    groups = result.groups

    def again() -> importers.ReadResult:
        return importers.read(new, "export.ics", window=WINDOW, reuse=groups, max_bytes=len(new) + 1)[0]

    again_time, reread = timed(again, repeat)
    assert isinstance(reread, importers.ReadResult)
    ours_count = len(result.occurrences)
    print(f"{size:,} events, {len(old) / 1e6:.1f} MB, window {WINDOW[0]:%Y-%m-%d} to {WINDOW[1]:%Y-%m-%d}")
    print(f"  baseline (icalendar + recurring-ical-events)  {base_time:7.2f}s")
    print(f"  ours, first read                             {ratio(first_time, base_time)}")
    print(f"  ours, re-read with 1% changed, reusing       {ratio(again_time, base_time)}")
    print(f"  occurrences: baseline {base_count:,}, ours {ours_count:,} (re-read {len(reread.occurrences):,})")
    if base_count != ours_count:
        print(f"  MISMATCH: the baseline lists {base_count:,} occurrences, ours {ours_count:,}")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    # It measures reading, not the upload limits: a 20,000-event export is over the line limit too.
    importers.kinds.MAX_LINES = importers.kinds.MAX_EVENTS = 10**9
    ok = [bench(size, args.repeat) for size in args.sizes]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(conditions.run(main))
