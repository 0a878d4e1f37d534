"""Bytes to text the way calendar and spreadsheet software write it."""

from __future__ import annotations

from .errors import CalendarFileError


def decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), then UTF-16 with BOM, then Windows-1252, as Excel writes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CalendarFileError(filename, f"not valid UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise CalendarFileError(filename, "this is a binary file, not a calendar export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
