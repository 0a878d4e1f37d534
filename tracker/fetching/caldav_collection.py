"""A CalDAV calendar collection (Nextcloud, Radicale, SOGo, iCloud, Fastmail...), read with the ``caldav``
library, asking only for what changed.

Where the server offers it, a sync-collection report (RFC 6578) lists the objects changed and deleted since
the token kept from the last sync: one request, and a multiget for the changed objects' text. A server
without it (or refusing it) is read by ETags: one PROPFIND lists every object's tag, and only objects whose
tag differs from the one kept are fetched. Either way, an unchanged calendar costs one small request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from caldav.davclient import DAVClient
from caldav.elements import dav
from caldav.lib import error
from lxml import etree

from importers import MAX_FILE_BYTES

from ..domain.source_addresses import AddressRefused, PrivateAllowed, Resolver, check_host, checked_addresses, normalise
from .fetched import Fetched
from .pinned import TooLarge, guard
from .web_reader import TIMEOUT, WAIT_AT_MOST, FetchFailed, root_reason, system_resolver

BATCH = 100  # objects fetched in one multiget
MAX_ANSWER = MAX_FILE_BYTES  # bytes: no one answer larger than an uploaded calendar may be
SYNC, ETAGS = "sync", "etags"


def fetch(
    url: str,
    validator: str,
    known: Mapping[str, str],
    *,
    username: str = "",
    password: str = "",
    allow_private: PrivateAllowed,
    resolve: Resolver = system_resolver,
    load: bool = True,
) -> Fetched:
    """What changed in the collection at ``url`` since ``validator`` (JSON: how it was read, and the sync
    token), given ``known``: each object's address -> the tag kept; ``load`` False lists the changed objects
    without fetching their text (a connection tested). ``FetchFailed`` says why not."""
    kept = json.loads(validator) if validator else {}
    try:
        check_host(url, resolve, allow_private=allow_private)
        signing_in = _client(url, username, password, resolve, allow_private, kept.get("auth"))
        with signing_in as (client, counted):
            calendar = client.calendar(url=url)
            fetched: Fetched | None = None
            if kept.get("mode") != ETAGS:
                fetched = _by_sync_token(calendar, kept.get("token"), known)
            if fetched is None:
                fetched = _by_etags(client, calendar, known)
            if load:
                _load(calendar, fetched)
            fetched.whole_calendar = True
            fetched.requests = counted[0]
            if type(client.auth).__name__ == "HTTPBasicAuth":  # asked for Basic: sent at once next time
                fetched.validator = json.dumps({**json.loads(fetched.validator), "auth": "basic"})
            return fetched
    except (AddressRefused, TooLarge) as exc:
        raise FetchFailed(str(exc)) from None
    except error.RateLimitError as exc:
        wait = exc.retry_after_seconds
        raise FetchFailed("the server asked us to slow down (HTTP 429 or 503)", retry_after=wait) from None
    except error.AuthorizationError:
        if kept.get("auth"):  # the server may no longer take Basic: asked again, letting it say what it takes
            again = json.dumps({k: v for k, v in kept.items() if k != "auth"})
            return fetch(url, again, known, username=username, password=password, allow_private=allow_private,
                         resolve=resolve, load=load)  # fmt: skip
        raise FetchFailed("the server refused the user name or password (HTTP 401 or 403)") from None
    except error.NotFoundError:
        raise FetchFailed("there is no calendar at this address (HTTP 404)") from None
    except error.DAVError as exc:
        raise FetchFailed(f"the CalDAV server answered with an error ({_said(exc)})") from None
    except etree.LxmlError:
        raise FetchFailed("the CalDAV server's answer is not the XML CalDAV speaks") from None
    except OSError as exc:  # niquests' connection errors are OSErrors
        raise FetchFailed(f"the server could not be reached ({root_reason(exc)})") from None


class _client:
    """A ``DAVClient`` whose every response is counted and whose redirects are checked like the address.
    ``auth_type`` "basic" when the server asked for Basic at the last sync: the password is sent with the
    first request instead of after a 401 challenge, which halves an unchanged calendar's requests."""

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        resolve: Resolver,
        allow_private: PrivateAllowed,
        auth_type: str | None = None,
    ) -> None:
        self.client = DAVClient(
            url=url,
            username=username or None,
            password=password or None,
            auth_type=auth_type if username and password else None,
            timeout=TIMEOUT[1],
            ssl_verify_cert=True,
            enable_rfc6764=False,  # no DNS discovery: the address given is the one read
            require_tls=False,  # http:// only where the administrator allows private sources (checked)
            rate_limit_handle=True,  # 429 and 503 with Retry-After waited out...
            rate_limit_max_sleep=WAIT_AT_MOST,  # ...for a minute at most
        )
        self.counted = [0]

        def hook(response, *args, **kwargs):
            self.counted[0] += 1
            if response.is_redirect and "location" in response.headers:
                target = normalise(urljoin(response.url, response.headers["location"]))
                check_host(target, resolve, allow_private=allow_private)
            return response

        self.client.session.hooks["response"].append(hook)
        # Connections only to the addresses checked, answers only up to an upload's size (fetching/pinned.py).
        guard(
            self.client.session,
            lambda host, port: checked_addresses(host, port, resolve, allow_private=allow_private),
            MAX_ANSWER,
        )

    def __enter__(self) -> tuple[Any, list[int]]:
        return self.client, self.counted

    def __exit__(self, *exc) -> None:
        self.client.close()


def _by_sync_token(calendar, token: str | None, known: Mapping[str, str]) -> Fetched | None:
    """The changes by sync-collection; None when the server does not offer it (read by ETags instead)."""
    try:
        answer = calendar.get_objects_by_sync_token(token or None, load_objects=False, disable_fallback=True)
    except error.AuthorizationError as exc:
        if token and "valid-sync-token" in str(getattr(exc, "preconditions", "") or exc):
            return _by_sync_token(calendar, None, known)  # the token expired: list everything once
        return None  # 403 is also how a server refuses a report it does not support; a wrong password fails next
    except error.ReportError:
        return None  # no sync-collection here: read by ETags (for good: a server does not learn it later)
    listed = {_key(o.url): o.props.get(dav.GetEtag.tag) or "" for o in answer}
    deleted = {_key(u) for u in getattr(answer, "deleted_urls", set())}
    fetched = Fetched(validator=json.dumps({"mode": SYNC, "token": str(answer.sync_token or "")}))
    fetched.complete = not token  # a first listing lists everything
    fetched.changed = {h: (tag, "") for h, tag in listed.items() if h not in deleted and known.get(h) != tag}
    fetched.deleted = (deleted | (set(known) - set(listed) if fetched.complete else set())) & set(known)
    return fetched


def _by_etags(client, calendar, known: Mapping[str, str]) -> Fetched:
    """Every object's ETag by one PROPFIND; the changed ones to fetch, the missing ones deleted."""
    body = dav.Propfind() + [dav.Prop() + [dav.GetEtag(), dav.ResourceType()]]
    xml = etree.tostring(body.xmlelement(), encoding="utf-8", xml_declaration=True)
    response = client.propfind(str(calendar.url), props=xml, depth=1)
    if response.status == 404:
        raise error.NotFoundError(str(calendar.url))
    if response.status in (401, 403):
        raise error.AuthorizationError(str(calendar.url))
    if response.status >= 400:
        raise error.DAVError(f"PROPFIND answered {response.status}")
    own = _key(calendar.url)
    listed = {}
    for href, props in response.expand_simple_props([dav.GetEtag(), dav.ResourceType()]).items():
        key = _key(calendar.url.join(href))
        if key != own and not props.get(dav.ResourceType.tag):  # objects, not the collection or sub-collections
            listed[key] = props.get(dav.GetEtag.tag) or ""
    fetched = Fetched(validator=json.dumps({"mode": ETAGS}), complete=True)
    fetched.changed = {h: (tag, "") for h, tag in listed.items() if known.get(h) != tag}
    fetched.deleted = set(known) - set(listed)
    return fetched


def _load(calendar, fetched: Fetched) -> None:
    """The changed objects' text, ``BATCH`` at a time by multiget. An object listed but not sent (deleted
    meanwhile, or the server's fault) fails the sync rather than be taken for deleted: the token kept from the
    last sync is asked again next time, and the server then says which it is."""
    wanted = sorted(fetched.changed)
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        got = {_key(o.url): o for o in calendar.multiget([calendar.url.join(h) for h in batch])}
        missing = [href for href in batch if got.get(href) is None or not got[href].data]
        if missing:
            raise FetchFailed(
                f"the server listed {len(missing)} changed event(s) it then did not send; asked again next sync"
            )
        for href in batch:
            obj = got[href]
            tag = obj.props.get(dav.GetEtag.tag) or fetched.changed[href][0]
            fetched.changed[href] = (tag, obj.data)


def _key(url) -> str:
    """One spelling of an object's address (``%40`` and ``@`` alike), as kept in ``source_event``."""
    return str(url.canonical())


def _said(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
