"""What a benchmark's figures were measured under: the day, the machine, and how busy it was.

Ratios against a baseline measured in the same run cancel out most of a machine's speed, but not a
machine that was busy with something else for part of the run: every benchmark prints these lines
before and after its figures, so each figure copied into docs/benchmarks.md carries them. Only the
process a person started prints them, not the children a benchmark starts to measure in.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

SHOWN = "BENCH_CONDITIONS_SHOWN"  # set in the environment children inherit: they print nothing
T = TypeVar("T")


def run(main: Callable[[], T]) -> T:
    """``main()``, with the conditions printed before and after it (by the first benchmark process only)."""
    if os.environ.get(SHOWN):
        return main()
    os.environ[SHOWN] = "1"
    print(described("started"), flush=True)
    try:
        return main()
    finally:
        print(described("ended"), flush=True)


def described(moment: str) -> str:
    """'started 7 Dec 2026 05:40 UTC on Intel Xeon (2 cores, 24 GiB), Python 3.11.7; load average 1.02 0.98 0.75'"""
    one, five, fifteen = os.getloadavg()
    when = datetime.now().astimezone().strftime("%-d %b %Y %H:%M %Z")
    python = platform.python_version()
    return (
        f"{moment} {when} on {_processor()} ({os.cpu_count()} cores, {_memory()}), Python {python}; "
        f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 minutes); {' '.join(sys.argv[1:]) or 'defaults'}"
    )


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "memory unknown"
