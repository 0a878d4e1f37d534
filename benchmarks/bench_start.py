"""How long the command line takes to start, in CPU seconds, against a bare Python start in the same run.

    python benchmarks/bench_start.py [--repeat 5]

Each case runs in a fresh interpreter, ``--repeat`` times; the least CPU time (user + system) is kept, since
other work on the machine only ever adds. Cases: a bare ``python -c pass`` (the baseline), ``tracker
--help``, the start every command pays (the command line's app made, an app context entered), a whole
command (``tracker settings show`` on an initialised SQLite database) and the web app (``create_app()``
with its pages), for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conditions  # noqa: E402

PYTHON = sys.executable
TRACKER = str(Path(PYTHON).with_name("tracker"))

CASES = {
    "python -c pass (baseline)": [PYTHON, "-c", "pass"],
    "tracker --help": [TRACKER, "--help"],
    "start every command pays": [
        PYTHON,
        "-c",
        "from tracker import create_app\napp = create_app(serving=False)\nwith app.app_context():\n    pass",
    ],
    "tracker settings show": [TRACKER, "settings", "show"],
    "web app (create_app())": [PYTHON, "-c", "from tracker import create_app\ncreate_app()"],
}


def cpu_of(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each case; the least is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/start.sqlite", "SECRET_KEY": "bench"}
        env.pop("TEST_DATABASE_URL", None)
        subprocess.run([TRACKER, "init"], check=True, capture_output=True, env=env)
        results = {name: min(cpu_of(command, env) for _ in range(args.repeat)) for name, command in CASES.items()}
    baseline = results["python -c pass (baseline)"]
    print(f"{'case':32} {'CPU s':>7} {'x baseline':>11}")
    for name, seconds in results.items():
        print(f"{name:32} {seconds:7.3f} {seconds / baseline:11.1f}")


if __name__ == "__main__":
    conditions.run(main)
