"""Pools of forked reading processes that never outlive the process that forked them.

A reader is forked from an import job's own process, which holds the database transaction. Were that
process killed (a worker stopped with SIGKILL, a deploy), its readers would live on, holding copies of
its sockets: on PostgreSQL its connection, and with it the transaction and the writers' lock, would stay
open, and every later import would wait for ever. So each reader asks the kernel to kill it when its
parent dies (Linux's ``PR_SET_PDEATHSIG``), and leaves at once if the parent is already gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` forked processes that die with this one."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with, initargs=(os.getpid(),))


def _die_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died between the fork and the line above
        os._exit(1)
