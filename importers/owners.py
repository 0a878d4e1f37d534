"""Whose calendar a file is, from the names its calendars carry and the file's own name."""

from __future__ import annotations

import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def owner_from(calendar_names: list[str], filename: str) -> tuple[str | None, bool]:
    """Google names an exported calendar after its owner's address: that is certain. A file named after
    an address only suggests it."""
    for name in calendar_names:
        name = name.strip().lower()
        if EMAIL.match(name):
            return name, True
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return (stem, False) if EMAIL.match(stem) else (None, False)
