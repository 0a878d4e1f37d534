"""Forked readers die with the process that forked them: a reader left behind would hold that process's
database connection, its transaction and the writers' lock open for ever (tests/web/test_faults.py)."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from importers import forked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_reader_is_killed_when_the_process_that_forked_it_is(tmp_path):
    ready, go = os.pipe()
    middle = os.fork()
    if middle == 0:  # the import job's process: forks a reader, says its pid, then waits to be killed
        os.close(ready)
        executor = forked.pool(1)
        reader = executor.submit(os.getpid).result()  # the reader's own pid, from inside it
        os.write(go, str(reader).encode())
        time.sleep(60)
        os._exit(0)
    os.close(go)
    reader = int(os.read(ready, 32))
    os.kill(reader, 0)  # alive while its parent is
    os.kill(middle, signal.SIGKILL)
    os.waitpid(middle, 0)
    for _ in range(100):
        try:
            os.kill(reader, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(reader, signal.SIGKILL)
        pytest.fail("the reader outlived the process that forked it")


def test_readers_read():
    with forked.pool(2) as pool:
        assert sorted(pool.map(abs, [-1, -2, 3])) == [1, 2, 3]
