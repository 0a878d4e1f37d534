"""Zip archives of calendar exports, read defensively (bombs, traversal, clutter)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator

from .errors import CalendarFileError

# A locality's calendars in one zip: 1,000 people's year-long diaries are about 930 MB unpacked. Members
# are read one at a time, so the total bounds the time an archive takes, not the memory.
MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200  # real calendar text compresses about 10:1; far beyond that is a bomb
CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb", ".csv")
# The archive's list of contents, read whole before any member: every entry counts (folders, __MACOSX,
# dot files), since the zip reader reads each one. 2,000 calendars with their __MACOSX twins and folders
# are about 4,400 entries and 800 KB; 300,000 empty entries once took the reader most of a minute.
MAX_ENTRIES = 5_000
MAX_DIRECTORY_BYTES = 2_000_000
_END = struct.Struct("<4s4H2LH")  # the end of central directory record
_END64 = struct.Struct("<4sQ2H2L4Q")  # its ZIP64 form, for archives that write one
_LOCATOR64 = struct.Struct("<4sLQL")


def members(data: bytes, filename: str) -> Iterator[tuple[str, bytes]]:
    """Yield (``archive.zip/folder/name.ics``, bytes) for each calendar file in the archive.

    Folders are walked; system clutter (``__MACOSX``, dot files) is passed over;
    anything that could exhaust memory or disk is refused before it is read.
    """
    listed(data, filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CalendarFileError(filename, f"not a readable zip archive ({exc})") from exc
    if len(archive.infolist()) > MAX_ENTRIES:  # the directory's own count was wrong: refused all the same
        raise CalendarFileError(filename, _too_many(len(archive.infolist())))
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


def listed(data: bytes, filename: str) -> None:
    """Refuse an archive whose list of contents is too long to read, from the record at its end that says
    how many entries it lists and in how many bytes, before the zip reader reads a single entry. The
    bytes are what the zip reader goes by, so a record that understates the entries is caught by them."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - _END.size - 0xFFFF))
    if at < 0 or at + _END.size > len(data):
        return  # no readable end record: the zip reader refuses the file itself
    _, _, _, _, entries, size, _, _ = _END.unpack_from(data, at)
    locator = at - _LOCATOR64.size
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        where = _LOCATOR64.unpack_from(data, locator)[2]
        if data[where : where + 4] == b"PK\x06\x06" and where + _END64.size <= len(data):
            entries, size = _END64.unpack_from(data, where)[7:9]
    if entries > MAX_ENTRIES or size > MAX_DIRECTORY_BYTES:
        raise CalendarFileError(filename, _too_many(entries, size))


def _too_many(entries: int, size: int | None = None) -> str:
    listing = f" in {size:,} bytes" if size is not None else ""
    return (
        f"the archive lists {entries:,} entries{listing} (folders and system files count); at most "
        f"{MAX_ENTRIES:,} entries in {MAX_DIRECTORY_BYTES:,} bytes are read"
    )


def _clutter(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts if p)
