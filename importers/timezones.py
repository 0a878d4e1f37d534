"""Turns the TZID names calendar software writes into IANA zones.

icalendar already knows IANA names, Windows IDs (``GMT Standard Time``) and
vendor-prefixed names; Outlook also writes the *display names* of Windows
zones, which need the table below.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

LONDON = ZoneInfo("Europe/London")

# Outlook display names (with the "(UTC±hh:mm) " prefix removed) -> IANA zone.
DISPLAY_NAMES = {
    "eastern time (us & canada)": "America/New_York",
    "eastern time (us and canada)": "America/New_York",
    "central time (us & canada)": "America/Chicago",
    "central time (us and canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "mountain time (us and canada)": "America/Denver",
    "pacific time (us & canada)": "America/Los_Angeles",
    "pacific time (us and canada)": "America/Los_Angeles",
    "dublin, edinburgh, lisbon, london": "Europe/London",
    "greenwich mean time : dublin, edinburgh, lisbon, london": "Europe/London",
    "greenwich mean time": "Europe/London",
    "amsterdam, berlin, bern, rome, stockholm, vienna": "Europe/Berlin",
    "brussels, copenhagen, madrid, paris": "Europe/Paris",
    "belgrade, bratislava, budapest, ljubljana, prague": "Europe/Budapest",
    "sarajevo, skopje, warsaw, zagreb": "Europe/Warsaw",
    "canberra, melbourne, sydney": "Australia/Sydney",
    "kuala lumpur, singapore": "Asia/Singapore",
    "auckland, wellington": "Pacific/Auckland",
}

_PREFIX = re.compile(r"^\((?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\)\s*", re.IGNORECASE)


def zone(name: str) -> ZoneInfo | None:
    """An IANA zone by exact name, or None.

    A name that is a folder of the tz database ("Europe", as a TZID cut at a semicolon gives) raises
    IsADirectoryError, an OSError, rather than ZoneInfoNotFoundError: it names no zone either."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def resolve_tzid(tzid: str) -> tuple[tzinfo | None, bool]:
    """Resolve a TZID with no VTIMEZONE: (zone, approximate).

    (None, False) means unknown; the caller reads such times in the floating zone.
    An unknown "(UTC+hh:mm) ..." name gives a fixed offset, flagged approximate.
    """
    name = tzid.strip().strip('"').strip()
    if name.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return UTC, False
    for candidate in (name, WINDOWS_TO_OLSON.get(name, ""), _unprefixed(name)):
        if candidate and (found := zone(candidate)):
            return found, False
    match = _PREFIX.match(name)
    rest = name[match.end() :] if match else name
    iana = DISPLAY_NAMES.get(rest.strip().lower())
    if iana:
        return ZoneInfo(iana), False
    if match and match.group(1):
        sign = -1 if match.group(1) == "-" else 1
        offset = timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
        return timezone(sign * offset), True
    if match:
        return UTC, True
    return None, False


def _unprefixed(name: str) -> str:
    """``/mozilla.org/20050126_1/Europe/Berlin`` -> ``Europe/Berlin`` (the longest known tail)."""
    if not name.startswith("/"):
        return ""
    parts = name.strip("/").split("/")
    for start in range(1, len(parts)):
        tail = "/".join(parts[start:])
        if zone(tail):
            return tail
    return ""
