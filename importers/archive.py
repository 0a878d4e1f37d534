"""Zip archives of calendar exports, read defensively (bombs, traversal, clutter)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from .errors import CalendarFileError

MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # real calendar text compresses about 10:1; far beyond that is a bomb
CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb", ".csv")


def members(data: bytes, filename: str) -> Iterator[tuple[str, bytes]]:
    """Yield (``archive.zip/folder/name.ics``, bytes) for each calendar file in the archive.

    Folders are walked; system clutter (``__MACOSX``, dot files) is passed over;
    anything that could exhaust memory or disk is refused before it is read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CalendarFileError(filename, f"not a readable zip archive ({exc})") from exc
    infos = [i for i in archive.infolist() if not i.is_dir() and not _clutter(i.filename)]
    if len(infos) > MAX_MEMBERS:
        raise CalendarFileError(filename, f"the archive holds {len(infos)} files; at most {MAX_MEMBERS} are accepted")
    total = 0
    for info in infos:
        name = f"{filename}/{info.filename}"
        if info.file_size > MAX_MEMBER_BYTES:
            raise CalendarFileError(
                name, f"{info.file_size:,} bytes unpacked; the limit is {MAX_MEMBER_BYTES:,} bytes a file"
            )
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise CalendarFileError(name, "compressed far beyond any real calendar (a zip bomb?); refused")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise CalendarFileError(filename, f"more than {MAX_TOTAL_BYTES:,} bytes unpacked; refused")
    for info in infos:
        name = f"{filename}/{info.filename}"
        if not info.filename.lower().endswith(CALENDAR_SUFFIXES + (".zip",)):
            continue
        if info.filename.lower().endswith(".zip"):
            raise CalendarFileError(name, "archives inside archives are not read; unpack it and upload its files")
        try:
            with archive.open(info) as handle:
                content = handle.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
            raise CalendarFileError(name, f"cannot be unpacked ({exc})") from exc
        if len(content) > MAX_MEMBER_BYTES:
            raise CalendarFileError(name, "larger unpacked than the archive says; refused")
        yield name, content


def _clutter(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts if p)
