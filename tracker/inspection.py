"""What ``tracker inspect`` prints for one occurrence: the importer's view, as JSON."""

from __future__ import annotations

from importers import Occurrence


def occurrence_json(occ: Occurrence) -> dict:
    return {
        "uid": occ.uid,
        "recurrence_id": occ.recurrence_id,
        "start": occ.start_iso,
        "end": occ.end_iso,
        "all_day": occ.all_day,
        "title": "(private)" if occ.private else occ.title,
        "status": occ.status,
        "transparent": occ.transparent,
        "private": occ.private,
        "organizer": occ.organizer,
        "attendees": [{"email": a.email or None, "name": a.name, "partstat": a.partstat} for a in occ.attendees],
        "categories": list(occ.categories),
        "excluded": occ.exclusion,
    }
