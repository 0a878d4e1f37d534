"""Templates compiled once a process, however many apps it makes.

Each Flask app has its own Jinja environment, and an environment compiles every template it renders the
first time it renders it. A server makes one app a process, so this changes nothing there; the test suite
makes an app for each test, and compiling the same templates again and again was over a quarter of a page
test's time (688 compilations, 16 s of 58, in a profiled run of four test files). The compiled code is
keyed by the template's name and a checksum of its source, so an edited template is compiled afresh.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates held in memory, shared by every environment in the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


PROCESS_CACHE = ProcessBytecodeCache()
