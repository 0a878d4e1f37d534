"""A time by which reading must stop, for a caller that will not wait longer (the upload preview).

Not a limit on the file: a file read too slowly is not refused, it is read again later where nobody
waits (the background import). So running out of time is its own exception, never a
``CalendarFileError``, and the readers let it through untouched.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


class OutOfTime(Exception):  # noqa: N818 (a state, not a fault: the file is fine, the wait is not)
    """Reading passed the caller's deadline; ``filename`` is the file being read when it did."""

    def __init__(self, filename: str, seconds: float) -> None:
        self.filename, self.seconds = filename, seconds
        super().__init__(f"{filename}: not read within {seconds:g} seconds")


@dataclass(frozen=True)
class Deadline:
    """``at`` on the ``time.monotonic`` clock; ``seconds`` is the budget it was given, for messages."""

    at: float = math.inf
    seconds: float = math.inf

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def check(self, filename: str) -> None:
        """Raise ``OutOfTime`` once the deadline has passed. Cheap (one clock read), but the readers
        call it every few thousand lines or events, not on each."""
        if self.at != math.inf and time.monotonic() > self.at:
            raise OutOfTime(filename, self.seconds)


NO_DEADLINE = Deadline()
