"""Fetching from a calendar server politely and safely: every address checked before it is asked (redirects
too), TLS verified, time and size bounded, and a server that says "later" (429, 503 with ``Retry-After``)
waited for a little, then left until later.

Used by the published-ICS, Microsoft Graph and Google readers; knows nothing of the database.
"""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests

from importers import MAX_FILE_BYTES

from ..domain.source_addresses import (
    AddressRefused,
    PrivateAllowed,
    Resolver,
    check_host,
    checked_addresses,
    normalise,
)
from .pinned import TooLarge, guard

TIMEOUT = (10, 60)  # seconds to connect, and between bytes received
MOST_REDIRECTS = 5
WAIT_AT_MOST = 60  # seconds: a longer Retry-After is not waited for now; the source is tried again then
TRIES = 3  # a 429 or 503 asked again at most this many times in one sync
USER_AGENT = "partnership-meeting-cost-tracker (calendar sync)"


class FetchFailed(Exception):
    """The server could not be read; the message says why in words. ``retry_after`` (seconds) when the
    server said when to come back."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the machine's resolver gives for ``host``."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for: a number of seconds or an HTTP date; None if neither."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class WebReader:
    """One sync's HTTP reading. ``allow_private`` is the administrator's setting; ``resolve`` and ``sleep``
    are the machine's unless a test gives its own."""

    allow_private: PrivateAllowed
    max_bytes: int = MAX_FILE_BYTES
    resolve: Resolver = system_resolver
    sleep: Callable[[float], None] = lambda seconds: time.sleep(seconds)  # noqa: E731 - looked up when called
    requests_made: int = 0
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        # Every response counted, and every redirect's target checked like the address itself, whoever asked
        # through this session: this reader, or a sign-in library (msal, google-auth) handed the session for
        # its token requests, which follows redirects itself.
        self.session.hooks["response"].append(self._seen)
        guard(self.session, self.addresses, self.max_bytes)

    def addresses(self, host: str, port: int) -> list[str]:
        """Where a connection to ``host`` goes: the addresses its one lookup gave, each checked."""
        return checked_addresses(host, port, self.resolve, allow_private=self.allow_private)

    def _seen(self, response: requests.Response, *args, **kwargs) -> requests.Response:
        self.requests_made += 1
        if response.is_redirect and "location" in response.headers:
            self.check(urljoin(response.url, response.headers["location"]))
        return response

    def check(self, url: str) -> str:
        """``url`` as it will be fetched, or ``AddressRefused``."""
        address = normalise(url)
        check_host(address, self.resolve, allow_private=self.allow_private)
        return address

    def get(
        self, url: str, *, headers: Mapping[str, str] | None = None, auth: tuple[str, str] | None = None
    ) -> requests.Response:
        """GET ``url``, following redirects (each checked) and waiting out short "later" answers; the
        response's body read in full within ``max_bytes``. ``FetchFailed`` says why not."""
        return self.request("GET", url, headers=headers, auth=auth)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        data: bytes | Mapping[str, str] | None = None,
    ) -> requests.Response:
        wait = 1.0
        for attempt in range(TRIES + 1):
            response = self._follow(method, url, headers, auth, data)
            if response.status_code not in (429, 503):
                return response
            asked = retry_after(response.headers.get("Retry-After"))
            delay = asked if asked is not None else wait
            if attempt == TRIES or delay > WAIT_AT_MOST:
                said = "is busy" if response.status_code == 503 else "asked us to slow down"
                raise FetchFailed(
                    f"the server {said} (HTTP {response.status_code})"
                    + (f" and asked to be tried again in {delay:.0f} s" if asked is not None else ""),
                    retry_after=delay,
                )
            self.sleep(delay)
            wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _follow(self, method, url, headers, auth, data) -> requests.Response:
        address, origin = url, urlsplit(url)
        for _ in range(MOST_REDIRECTS + 1):
            try:
                address = self.check(address)
                response = self._once(method, address, headers, auth, data)
            except AddressRefused as exc:
                raise FetchFailed(str(exc)) from None
            if response.is_redirect and "location" in response.headers:
                target = urlsplit(urljoin(address, response.headers["location"]))
                if origin.scheme == "https" and target.scheme != "https":
                    raise FetchFailed("the server redirected from https:// to an address that is not https://")
                if (target.hostname, target.port) != (origin.hostname, origin.port):
                    # Another server: the password or token was for this one, and is not sent on.
                    auth, headers = None, {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
                address = target.geturl()
                if method != "GET":
                    return response  # a redirect of a POST (a token request) is not followed
                continue
            return response
        raise FetchFailed(f"the server redirected more than {MOST_REDIRECTS} times")

    def _once(self, method, url, headers, auth, data) -> requests.Response:
        try:
            response = self.session.request(
                method,
                url,
                headers={"User-Agent": USER_AGENT, **(headers or {})},
                auth=auth,
                data=data,
                timeout=TIMEOUT,
                allow_redirects=False,
                stream=True,
                verify=True,
            )
        except TooLarge as exc:
            raise FetchFailed(str(exc)) from None
        except requests.exceptions.SSLError:
            raise FetchFailed("the server's certificate could not be verified") from None
        except requests.exceptions.Timeout:
            raise FetchFailed(f"the server did not answer within {TIMEOUT[1]} s") from None
        except requests.exceptions.ConnectionError as exc:
            raise FetchFailed(f"the server could not be reached ({root_reason(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise FetchFailed(f"the request failed ({type(exc).__name__})") from None
        return response


def json_answer(response: requests.Response, api: str) -> dict:
    """A JSON API's page, or ``FetchFailed`` when it is not the object the API documents."""
    try:
        page = response.json()
    except ValueError:
        page = None
    if not isinstance(page, dict):
        raise FetchFailed(f"{api}'s answer is not the JSON it documents")
    return page


def root_reason(exc: BaseException) -> str:
    """The reason at the bottom of a connection error's chain ("Connection refused"), never its wrapping,
    which spells the address (and a private link's key with it)."""
    seen: BaseException | None = exc
    reason = type(exc).__name__
    while seen is not None:
        if isinstance(seen, OSError) and seen.strerror:
            reason = seen.strerror
        nested = [a for a in getattr(seen, "args", ()) if isinstance(a, BaseException)]
        following = (
            seen.__cause__ or seen.__context__ or getattr(seen, "reason", None) or (nested[0] if nested else None)
        )
        seen = following if isinstance(following, BaseException) else None
    return reason
