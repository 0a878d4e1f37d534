"""Reading a register file (staff, partnerships, grades, on-costs, outcomes): its rows with their lines,
each checked before anything is written, and the one error that names the file, line, column and reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from importers.text import decode

from ..domain.entries import InvalidEntry

Entry = TypeVar("Entry")


class RegisterError(ValueError):
    def __init__(self, filename: str, reason: str, line: int | None = None) -> None:
        self.filename, self.reason, self.line = filename, reason, line
        where = f"{filename}, line {line}" if line else filename
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    rows: int

    def __str__(self) -> str:
        return f"{self.rows} rows: {self.created} new, {self.updated} updated"


def read_rows(
    data: bytes, filename: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs holding the file's columns among ``columns``, stripped; blank rows are skipped.

    A column the file does not have is absent from its rows, so that loading a file of a
    few columns changes only those and leaves what is stored in the others alone.
    """
    reader = csv.DictReader(io.StringIO(decode(data, filename), newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        raise RegisterError(filename, "the file is empty")
    missing = [c for c in required if c not in header]
    if missing:
        raise RegisterError(filename, f"missing column(s): {', '.join(missing)}; expected {','.join(columns)}", 1)
    reader.fieldnames = header
    present = [c for c in columns if c in header]
    rows = []
    for record in reader:
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        rows.append((reader.line_num, {c: (record.get(c) or "").strip() for c in present}))
    return rows


@contextmanager
def at_line(filename: str, line: int) -> Iterator[None]:
    """Any rule broken inside becomes a ``RegisterError`` that names the file and line."""
    try:
        yield
    except InvalidEntry as exc:
        raise RegisterError(filename, str(exc), line) from None


def parse_rows(
    filename: str, rows: list[tuple[int, dict[str, str]]], parse: Callable[[dict[str, str]], Entry]
) -> list[tuple[int, Entry]]:
    """Every row checked before anything is written."""
    parsed = []
    for line, row in rows:
        with at_line(filename, line):
            parsed.append((line, parse(row)))
    return parsed
