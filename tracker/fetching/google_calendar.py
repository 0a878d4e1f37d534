"""A Google Workspace calendar through Google's Calendar API: events listed with sync tokens, read as the
calendar's owner by a service account with domain-wide delegation.

The Workspace administrator creates a service account, gives it domain-wide delegation for the scope
``https://www.googleapis.com/auth/calendar.readonly`` and hands over its JSON key: that key is the
source's secret, and the owner's address is whom it reads as (``google-auth`` signs the assertion and
gets the token from the key's ``token_uri``). A source's address is the calendar's events collection
(``https://www.googleapis.com/calendar/v3/calendars/{address}/events``).

The first sync pages through every event (``singleEvents``: a series as its occurrences, each with its
``originalStartTime``) from two years back, and keeps the ``nextSyncToken``; each later sync sends it and
gets only what changed, a deleted occurrence as ``status: cancelled``. An expired token (410 Gone) starts
again with a full sync.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from google.auth.exceptions import GoogleAuthError, TransportError
from google.auth.transport.requests import Request
from google.oauth2 import service_account

from .as_icalendar import Attendee, Described, all_day_end, readable, utc, written
from .fetched import Fetched
from .web_reader import FetchFailed, WebReader, json_answer

SCOPES = ["https://www.googleapis.com/auth/calendar.readonly"]
PAGE = 250
BACK = timedelta(days=2 * 366)
# Credentials kept for the process (a token lasts an hour), by key and owner: a sync an hour signs once.
_credentials: dict[tuple[str, str], service_account.Credentials] = {}
REPLIES = {"accepted": "ACCEPTED", "declined": "DECLINED", "tentative": "TENTATIVE", "needsAction": "NEEDS-ACTION"}


def fetch(
    reader: WebReader, url: str, validator: str, known: Mapping[str, str], *, owner: str, secret: str,
    now: datetime | None = None,
) -> Fetched:  # fmt: skip
    """What changed in the calendar since ``validator`` (JSON: the sync token)."""
    before = reader.requests_made
    kept = json.loads(validator) if validator else {}
    token = kept.get("sync")
    headers = {"Authorization": f"Bearer {_token(reader, owner, secret)}"}
    query: dict[str, str] = {"singleEvents": "true", "showDeleted": "true", "maxResults": str(PAGE)}
    since = date.fromisoformat(kept["from"]) if token and kept.get("from") else (now or datetime.now(UTC)).date() - BACK
    if token:
        query["syncToken"] = token
    else:
        query["timeMin"] = f"{since.isoformat()}T00:00:00Z"
    fetched = Fetched(validator="", complete=not token, window=(since, date.max))
    seen: set[str] = set()
    page_token = ""
    while True:
        asked = {**query, **({"pageToken": page_token} if page_token else {})}
        response = reader.get(f"{url}?{urlencode(asked)}", headers=headers)
        if response.status_code == 410 and token:  # the sync token expired: read everything again
            return fetch(reader, url, "", known, owner=owner, secret=secret, now=now)
        _refused(response)
        page = json_answer(response, "Google's calendar API")
        for item in page.get("items", []):
            key = str(item.get("id", ""))
            if item.get("status") == "cancelled" and "start" not in item:
                if key in known:
                    fetched.deleted.add(key)  # deleted (a cancelled occurrence still has its times)
                continue
            seen.add(key)
            tag = str(item.get("etag", ""))
            if known.get(key) != tag:
                fetched.changed[key] = (tag, written(readable(item, _described)))
        page_token = page.get("nextPageToken", "")
        if page_token:
            continue
        if "nextSyncToken" not in page:
            raise FetchFailed("Google's calendar API ended its answer without a sync token")
        fetched.validator = json.dumps({"sync": page["nextSyncToken"], "from": since.isoformat()})
        break
    if fetched.complete:
        fetched.deleted |= set(known) - seen
    fetched.requests = reader.requests_made - before
    return fetched


def _token(reader: WebReader, owner: str, secret: str) -> str:
    """An access token to read ``owner``'s calendar, from the service account's key (``secret``)."""
    credentials = _credentials.get((secret, owner))
    if credentials is None:
        try:
            info = json.loads(secret)
            credentials = service_account.Credentials.from_service_account_info(info, scopes=SCOPES, subject=owner)
        except (ValueError, KeyError) as exc:
            raise FetchFailed(f"the Google source's secret is not a service account's JSON key ({exc})") from None
        _credentials[(secret, owner)] = credentials
    if credentials.valid:
        return str(credentials.token)
    reader.check(credentials._token_uri)  # the token endpoint is checked like any address
    try:
        credentials.refresh(Request(session=reader.session))
    except TransportError as exc:
        said = (
            "certificate could not be verified" if "CERTIFICATE_VERIFY_FAILED" in str(exc) else "could not be reached"
        )
        raise FetchFailed(f"Google's sign-in service {said}") from None
    except GoogleAuthError as exc:
        said = str(exc).splitlines()[0][:200]
        raise FetchFailed(
            f"Google refused the service account ({said}): has the Workspace administrator given it "
            "domain-wide delegation for calendar.readonly?"
        ) from None
    return str(credentials.token)


def _refused(response) -> None:
    if response.status_code in (401, 403):
        raise FetchFailed(f"Google's calendar API refused to read the calendar (HTTP {response.status_code})")
    if response.status_code == 404:
        raise FetchFailed("Google knows no such calendar (HTTP 404)")
    if response.status_code != 200:
        raise FetchFailed(f"Google's calendar API answered HTTP {response.status_code}")


def _when(value: dict) -> datetime | date:
    return date.fromisoformat(value["date"]) if "date" in value else utc(value["dateTime"])


def _described(item: dict) -> Described:
    """A Google event (an occurrence, with ``singleEvents``) in the shared terms."""
    start, end = _when(item["start"]), _when(item["end"])
    if isinstance(start, date) and not isinstance(start, datetime) and isinstance(end, date):
        end = all_day_end(start, end)
    original = item.get("originalStartTime")
    organizer = item.get("organizer") or {}
    return Described(
        uid=str(item.get("iCalUID") or item.get("id")),
        start=start,
        end=end,
        title=str(item.get("summary") or ""),
        cancelled=item.get("status") == "cancelled",
        free=item.get("transparency") == "transparent",
        private=item.get("visibility") in ("private", "confidential"),
        recurrence_id=_when(original) if original else None,
        organizer=Attendee(organizer["email"], organizer.get("displayName", "")) if organizer.get("email") else None,
        attendees=[
            Attendee(a["email"], a.get("displayName", ""), REPLIES.get(a.get("responseStatus", ""), "NEEDS-ACTION"))
            for a in item.get("attendees") or []
            if a.get("email")
        ],
    )
