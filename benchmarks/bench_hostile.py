"""Reading hostile files: the issue's worst cases at several sizes, against plain files of as many lines.

For each size n: the baseline (a plain calendar of one event with n short property lines, read as
usual), then a DESCRIPTION folded over n continuation lines (left out, with a note, once over a
million characters), a SUMMARY folded over n lines (cut to 400 characters, or refused past a million),
n events written ``Begin:VEVENT`` with CR line ends refused at a limit of n - 1 events (against reading
them all with the limit lifted, as they once were), and, up to ``--old-up-to``, the join-as-you-go
unfolding this replaced. Medians of ``--repeat`` runs; the growth line shows time ratios between sizes
against the ratio of sizes (linear: the same).

    .venv/bin/python benchmarks/bench_hostile.py [--sizes 10000 40000 130000] [--repeat 3] [--old-up-to 40000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import importers  # noqa: E402
from benchmarks import conditions  # noqa: E402
from importers import kinds  # noqa: E402

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m1\r\nDTSTAMP:20250101T000000Z\r\n"
WHEN = "DTSTART:20250310T100000Z\r\nDTEND:20250310T110000Z\r\n"
TAIL = "END:VEVENT\r\nEND:VCALENDAR\r\n"
PIECE = "x" * 73  # a folded line of 75 octets: the space, 73 characters and CRLF's first byte aside


def plain(n: int) -> bytes:
    return (HEAD + WHEN + "SUMMARY:Board\r\n" + "".join(f"X-N{i}:{PIECE}\r\n" for i in range(n)) + TAIL).encode()


def folded(name: str, n: int) -> bytes:
    body = f"{name}:" + "".join(f"\r\n {PIECE}" for _ in range(n)) + "\r\n"
    summary = "" if name == "SUMMARY" else "SUMMARY:Board\r\n"
    return (HEAD + WHEN + summary + body + TAIL).encode()


def events(n: int) -> bytes:
    one = "Begin:VEVENT\rUID:m{0}\rDTSTAMP:20250101T000000Z\rDTSTART:20250310T100000Z\r"
    one += "DURATION:PT30M\rSUMMARY:B\rEnd:VEVENT\r"
    return ("BEGIN:VCALENDAR\rVERSION:2.0\r" + "".join(one.format(i) for i in range(n)) + "END:VCALENDAR\r").encode()


def old_unfold(text: str) -> int:
    """The unfolding this replaced: each continuation joined onto the line so far (a copy of it each time)."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw and not raw.isspace():
            lines.append((number, raw))
    return len(lines)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, str]:
    runs, outcome = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            result = fn()
            outcome = f"read, {len(result[0].occurrences)} meeting(s)" if isinstance(result, list) else "unfolded"
        except importers.CalendarFileError as exc:
            outcome = f"refused: {exc.reason[:60]}"
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), outcome


def read(data: bytes) -> Callable[[], object]:
    return lambda: importers.read(data, "hostile.ics", max_bytes=len(data) + 1)


def show(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<46}{seconds:8.3f}s  {extra}".rstrip())


def bench(n: int, repeat: int, old_up_to: int) -> dict[str, float]:
    kinds.MAX_LINES = 10**9  # the line limit would refuse the largest sizes before anything is measured
    figures: dict[str, float] = {}
    base, _ = timed(read(plain(n)), repeat)
    figures["baseline"] = base
    print(f"{n:,} lines ({len(plain(n)) / 1e6:.1f} MB)")
    show(f"baseline: {n:,} plain lines", base)
    cases = {"DESCRIPTION folded": folded("DESCRIPTION", n), "SUMMARY folded": folded("SUMMARY", n)}
    for name, data in cases.items():
        took, outcome = timed(read(data), repeat)
        figures[name] = took
        show(f"{name} over {n:,} lines", took, f"{took / base:6.2f}x  {outcome}")
    crowd = events(n)
    kinds.MAX_EVENTS = 10**9
    lifted, _ = timed(read(crowd), max(1, repeat // 2))
    kinds.MAX_EVENTS = n - 1
    refused, outcome = timed(read(crowd), repeat)
    kinds.MAX_EVENTS = 100_000
    figures["events refused"] = refused
    show(f"{n:,} Begin:VEVENT, CR ends, read all", lifted, f"{lifted / base:6.2f}x")
    show(f"the same at a limit of {n - 1:,}", refused, f"{refused / lifted:6.3f}x of reading them  {outcome}")
    if n <= old_up_to:
        text = folded("DESCRIPTION", n).decode()
        took, _ = timed(lambda: old_unfold(text), 1)
        figures["old unfolding"] = took
        show("the old unfolding alone, DESCRIPTION's file", took, f"{took / base:6.2f}x")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000, 130_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--old-up-to", type=int, default=40_000, help="largest size to run the old unfolding on")
    args = parser.parse_args(argv)
    results = [(n, bench(n, args.repeat, args.old_up_to)) for n in args.sizes]
    for (n1, first), (n2, second) in zip(results, results[1:]):
        growth = ", ".join(f"{k} {second[k] / first[k]:.1f}x" for k in second if k in first)
        print(f"growth {n1:,} -> {n2:,} lines ({n2 / n1:.1f}x): {growth}")
    return 0


if __name__ == "__main__":
    sys.exit(conditions.run(main))
