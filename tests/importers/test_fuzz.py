"""A short coverage-guided fuzzing run of the readers (atheris, where it installs): libFuzzer mutates
real exports for a few thousand inputs; any exception but a named refusal, or a hang, fails the run.
Longer runs: ``python fuzz/fuzz_importers.py fuzz/corpus`` (see its docstring)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = 2000


def test_the_readers_survive_a_fuzzing_run(tmp_path):
    pytest.importorskip("atheris", reason="atheris installs on Linux x86-64 only")
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "corpus", corpus)  # libFuzzer adds what it finds to the first folder
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_importers.py"),
            str(corpus),
            f"-runs={RUNS}",
            "-max_len=8192",
            "-timeout=10",
            "-seed=1",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"Done {RUNS} runs" in done.stderr
