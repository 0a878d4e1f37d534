"""A Microsoft 365 mailbox's calendar through Microsoft Graph: ``calendarView/delta`` with an app-only token.

The organisation's administrator registers an app in Microsoft Entra ID, grants it the application
permission ``Calendars.Read`` (admin consent), and may limit it to the mailboxes concerned with an
application access policy. A source's address is the mailbox's Graph address
(``https://graph.microsoft.com/v1.0/users/{address}``), its user name ``TENANT/CLIENT_ID`` and its secret
the client secret; ``msal`` gets the token (client credentials), cached for the process.

The first sync pages through every occurrence in the window (``@odata.nextLink``) and keeps the
``@odata.deltaLink``; each later sync asks that link for what changed, deleted occurrences arriving as
``@removed``. An expired delta link (410 Gone) starts again with a full sync. Times are asked for in UTC
(``Prefer: outlook.timezone="UTC"``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import msal
import requests

from .as_icalendar import Attendee, Described, all_day_end, readable, utc, written
from .fetched import Fetched
from .web_reader import FetchFailed, WebReader, json_answer

AUTHORITY = "https://login.microsoftonline.com"
SCOPE = ["https://graph.microsoft.com/.default"]
PAGE = 200  # occurrences a page (Prefer: odata.maxpagesize)
BACK, AHEAD = timedelta(days=2 * 366), timedelta(days=366)  # the window read: two years back, one ahead
RENEW = timedelta(days=183)  # a window ending sooner than this is replaced (a full read) by one a year ahead
REPLIES = {"accepted": "ACCEPTED", "declined": "DECLINED", "tentativelyAccepted": "TENTATIVE", "organizer": "ACCEPTED"}


class _Through:
    """The HTTP client msal is given: whichever sync's session is current, so one msal app (its sign-in
    service's metadata and its tokens, an hour each) serves every sync of the process, each counted."""

    session: requests.Session | None = None

    def get(self, url, **kwargs):
        assert self.session is not None
        return self.session.get(url, **kwargs)

    def post(self, url, **kwargs):
        assert self.session is not None
        return self.session.post(url, **kwargs)

    def close(self) -> None:
        pass


# By sign-in address, app and secret: the metadata is asked once and a token once an hour, not every sync.
_apps: dict[tuple[str, str, str], tuple[msal.ConfidentialClientApplication, _Through]] = {}


def fetch(
    reader: WebReader, url: str, validator: str, known: Mapping[str, str], *, username: str, secret: str,
    authority: str = AUTHORITY, now: datetime | None = None,
) -> Fetched:  # fmt: skip
    """What changed in the mailbox's calendar since ``validator`` (JSON: the delta link)."""
    before = reader.requests_made
    headers = {"Authorization": f"Bearer {_token(reader, username, secret, authority)}", "Prefer": _prefer()}
    kept = json.loads(validator) if validator else {}
    today = (now or datetime.now(UTC)).date()
    if kept.get("until") and date.fromisoformat(kept["until"]) - today < RENEW:
        kept = {}  # the delta link's window ends within months: a new window, read afresh
    window = (
        (date.fromisoformat(kept["from"]), date.fromisoformat(kept["until"]))
        if kept.get("delta")
        else (today - BACK, today + AHEAD)
    )
    link = kept.get("delta") or _first(url, window)
    complete = not kept.get("delta")
    fetched = Fetched(validator="", complete=complete, window=window)
    seen: set[str] = set()
    while True:
        response = reader.get(link, headers=headers)
        if response.status_code == 410 and not complete:  # the delta link expired: read everything again
            return fetch(reader, url, "", known, username=username, secret=secret, authority=authority, now=now)
        _refused(response)
        page = json_answer(response, "Microsoft Graph")
        for item in page.get("value", []):
            key = str(item.get("id", ""))
            if "@removed" in item:
                if key in known:
                    fetched.deleted.add(key)
                continue
            seen.add(key)
            tag = str(item.get("changeKey", ""))
            if known.get(key) != tag:
                fetched.changed[key] = (tag, written(readable(item, _described)))
        if "@odata.nextLink" in page:
            link = page["@odata.nextLink"]
            continue
        if "@odata.deltaLink" not in page:
            raise FetchFailed("Microsoft Graph ended its answer without a delta link")
        fetched.validator = json.dumps(
            {"delta": page["@odata.deltaLink"], "from": window[0].isoformat(), "until": window[1].isoformat()}
        )
        break
    if complete:
        fetched.deleted |= set(known) - seen
    fetched.requests = reader.requests_made - before
    return fetched


def _token(reader: WebReader, username: str, secret: str, authority: str) -> str:
    tenant, _, client_id = username.partition("/")
    if not tenant or not client_id:
        raise FetchFailed("a Microsoft 365 source's user name is TENANT/CLIENT_ID (the app registration's)")
    address = f"{authority.rstrip('/')}/{tenant}"
    reader.check(address)  # the token endpoint is checked like any address
    key = (address, client_id, secret)
    try:
        if key not in _apps:
            through = _Through()
            through.session = reader.session
            app = msal.ConfidentialClientApplication(
                client_id, client_credential=secret, authority=address, http_client=through,
                instance_discovery=authority == AUTHORITY,  # a sovereign or test cloud names its own
            )  # fmt: skip
            _apps[key] = (app, through)
        app, through = _apps[key]
        through.session = reader.session
        answer = app.acquire_token_for_client(scopes=SCOPE)
    except requests.exceptions.SSLError:
        raise FetchFailed("the Microsoft sign-in service's certificate could not be verified") from None
    except requests.RequestException as exc:
        raise FetchFailed(f"the Microsoft sign-in service could not be reached ({type(exc).__name__})") from None
    except ValueError as exc:  # msal's word for an authority it cannot use
        raise FetchFailed(f"the Microsoft sign-in service could not be used ({exc})") from None
    if "access_token" not in answer:
        said = answer.get("error_description") or answer.get("error") or "no reason given"
        raise FetchFailed(f"Microsoft refused the app's credentials: {str(said).splitlines()[0][:200]}")
    return str(answer["access_token"])


def _first(url: str, window: tuple[date, date]) -> str:
    query = {"startDateTime": f"{window[0].isoformat()}T00:00:00Z", "endDateTime": f"{window[1].isoformat()}T00:00:00Z"}
    return f"{url.rstrip('/')}/calendarView/delta?{urlencode(query)}"


def _prefer() -> str:
    return f'outlook.timezone="UTC", odata.maxpagesize={PAGE}'


def _refused(response) -> None:
    if response.status_code in (401, 403):
        raise FetchFailed(
            f"Microsoft Graph refused to read the mailbox (HTTP {response.status_code}): has the administrator "
            "granted Calendars.Read to the app, and does its access policy include this mailbox?"
        )
    if response.status_code == 404:
        raise FetchFailed("Microsoft Graph knows no such mailbox (HTTP 404)")
    if response.status_code != 200:
        raise FetchFailed(f"Microsoft Graph answered HTTP {response.status_code}")


def _described(item: dict) -> Described:
    """A Graph event (an occurrence, as calendarView gives them) in the shared terms."""
    start, end = item.get("start") or {}, item.get("end") or {}
    if item.get("isAllDay"):
        first = utc(start["dateTime"]).date()
        begin: datetime | date = first
        finish: datetime | date = all_day_end(first, utc(end["dateTime"]).date())
    else:
        begin, finish = utc(start["dateTime"]), utc(end["dateTime"])
    organizer = (item.get("organizer") or {}).get("emailAddress") or {}
    return Described(
        uid=str(item.get("iCalUId") or item.get("id")),
        start=begin,
        end=finish,
        title=str(item.get("subject") or ""),
        cancelled=bool(item.get("isCancelled")),
        free=item.get("showAs") == "free",
        private=item.get("sensitivity") in ("private", "confidential"),
        organizer=Attendee(organizer["address"], organizer.get("name", "")) if organizer.get("address") else None,
        attendees=[
            Attendee(
                a["emailAddress"]["address"],
                a["emailAddress"].get("name", ""),
                REPLIES.get((a.get("status") or {}).get("response", ""), "NEEDS-ACTION"),
            )
            for a in item.get("attendees") or []
            if (a.get("emailAddress") or {}).get("address")
        ],
    )
