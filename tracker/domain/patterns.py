"""Regular expressions that managers and administrators write, run safely. Pure: no database, no Flask.

A ``re:`` rule is matched against every meeting title on every recompute, and both the pattern and the
titles come from users. Python's ``re`` backtracks: ``(a+)+$`` against a title of forty ``a`` takes
minutes. RE2 (``google-re2``) matches in time linear in the title, whatever the pattern, so a rule can
be slow only in proportion to the titles it reads; what RE2 cannot promise that for (back-references,
look-around) it refuses, and so do we, with a reason a person can act on.
"""

from __future__ import annotations

from typing import Protocol

import re2

MAX_LENGTH = 200  # characters: a pattern longer than this is not a meeting-title rule
MAX_MEMORY = 1 << 20  # bytes RE2 may use for one compiled pattern; more is refused as too complex


class Searcher(Protocol):
    def search(self, text: str) -> object | None: ...


class PatternRefused(ValueError):
    """The pattern cannot be used; ``reason`` says why in plain words."""

    def __init__(self, pattern: str, reason: str) -> None:
        self.pattern, self.reason = pattern, reason
        super().__init__(f"the pattern '{pattern}' cannot be used: {reason}")


def compile_pattern(pattern: str) -> Searcher:
    """The pattern, case-insensitive, compiled for linear-time matching; raises ``PatternRefused``."""
    if not pattern:
        raise PatternRefused(pattern, "it is empty")
    if len(pattern) > MAX_LENGTH:
        raise PatternRefused(pattern, f"it is {len(pattern)} characters long; the limit is {MAX_LENGTH}")
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise PatternRefused(pattern, _reason(exc)) from None


def _reason(exc: Exception) -> str:
    detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
    if detail.startswith("invalid perl operator: (?<") or detail.startswith(
        ("invalid perl operator: (?=", "invalid perl operator: (?!")
    ):
        return "look-ahead and look-behind are not allowed (they can make matching take unbounded time)"
    if detail.startswith("invalid escape sequence: \\") and detail[-1:].isdigit():
        return "back-references such as \\1 are not allowed (they can make matching take unbounded time)"
    if "pattern too large" in detail or detail.startswith("invalid repetition size"):
        return "it is too complex (repetitions nested too deep or too large)"
    return f"it is not a valid regular expression ({detail})"
