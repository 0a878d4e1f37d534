"""Sample calendars in ``tests/data/importers``, read by name, and their occurrences as plain tuples."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from importers import ReadResult, read
from tests.conftest import DATA

CASES = DATA / "importers"


def read_case(name: str, window: tuple[datetime, datetime] | None = None) -> ReadResult:
    (result,) = read((CASES / name).read_bytes(), name, window=window)
    return result


def occurrences(result: ReadResult) -> list[tuple[str | None, str, str]]:
    """(uid, start, end) in the reader's order: UTC ISO times, or dates for all-day occurrences."""
    return [(o.uid, o.start_iso, o.end_iso) for o in result.occurrences]


def warnings(result: ReadResult) -> list[str]:
    return [str(p) for p in result.warnings]


def zipped(members: dict[str, bytes]) -> bytes:
    """A zip archive holding these files (names may have folders), as an upload would bring it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
