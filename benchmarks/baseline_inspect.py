"""The baseline ``bench_inspect.py`` measures ``tracker inspect`` against: what anyone would write with the
libraries to list a calendar's occurrences on some days, one JSON line each.

    python benchmarks/baseline_inspect.py FILE FIRST LAST   (days as YYYY-MM-DD, in Europe/London)
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

LONDON = ZoneInfo("Europe/London")


def day_of(start: date | datetime) -> date:
    return start.astimezone(LONDON).date() if isinstance(start, datetime) and start.tzinfo else start  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("first", type=date.fromisoformat, help="first day, YYYY-MM-DD (Europe/London)")
    parser.add_argument("last", type=date.fromisoformat, help="last day, YYYY-MM-DD")
    args = parser.parse_args()
    path, first, last = args.file, args.first, args.last
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    window = (datetime.combine(first, time(), LONDON), datetime.combine(last + timedelta(days=1), time(), LONDON))
    lines = []
    for event in recurring_ical_events.of(calendar).between(*window):
        start = event["DTSTART"].dt
        if not first <= (start.date() if not isinstance(start, datetime) else day_of(start)) <= last:
            continue
        attendees = event.get("ATTENDEE", [])
        lines.append(
            json.dumps(
                {
                    "uid": str(event.get("UID", "")),
                    "start": start.isoformat(),
                    "end": event["DTEND"].dt.isoformat() if "DTEND" in event else None,
                    "title": str(event.get("SUMMARY", "")),
                    "status": str(event.get("STATUS", "")) or None,
                    "organizer": str(event.get("ORGANIZER", "")) or None,
                    "attendees": [str(a) for a in (attendees if isinstance(attendees, list) else [attendees])],
                }
            )
        )
    sys.stdout.write("\n".join(lines) + "\n" if lines else "")


if __name__ == "__main__":
    main()
