"""A short coverage-guided fuzzing run of the readers (atheris, where it installs): libFuzzer mutates
real exports for a few thousand inputs; any exception but a named refusal, or a hang, fails the run.
Longer runs: ``python fuzz/fuzz_importers.py fuzz/corpus`` (see its docstring)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = 2000
KEPT = ROOT / "test-artifacts" / "fuzz"  # a crashing input is kept here, to be read again by hand


def test_the_readers_survive_a_fuzzing_run(tmp_path):
    pytest.importorskip("atheris", reason="atheris installs on Linux x86-64 only")
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "corpus", corpus)  # libFuzzer adds what it finds to the first folder
    KEPT.mkdir(parents=True, exist_ok=True)
    # A fixed hash seed as well as a fixed libFuzzer seed: set and dict orders feed the coverage that
    # steers the mutations, so only both make the short run the same run every time.
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_importers.py"),
            str(corpus),
            f"-runs={RUNS}",
            "-max_len=8192",
            "-timeout=10",
            "-seed=1",
            f"-artifact_prefix={KEPT}/",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=environment,
    )
    traceback = done.stderr.find("Traceback")
    assert done.returncode == 0, (done.stderr[traceback : traceback + 3000] if traceback >= 0 else "") + done.stderr[
        -1500:
    ]
    assert f"Done {RUNS} runs" in done.stderr
