"""Which addresses a connected calendar may be read from, and what kind of source an address is. Pure:
the name lookup is handed in, so the rules are tested without a network.

A calendar address is typed by a manager and fetched by the server, inside the organisation's network:
left open, it would let anyone who may add a source read the server's own loopback services or the
private network behind it (server-side request forgery). So only ``http`` and ``https`` (and ``webcal``,
which calendar programs mean as ``https``) are read, and an address whose host is, or resolves to, a
loopback, private, link-local or otherwise reserved address is refused unless the administrator has
allowed private sources (``tracker settings set allow_private_sources yes``, for a CalDAV server on the
organisation's own network). Each fetch is checked again, redirects included: a name may resolve
differently tomorrow.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

KINDS = ("caldav", "ics", "graph", "google")
KIND_NAMES = {
    "caldav": "CalDAV calendar",
    "ics": "published ICS address",
    "graph": "Microsoft 365 mailbox",
    "google": "Google Workspace calendar",
}
SCHEMES = ("http", "https")
MAX_URL = 2000  # characters: longer is not a calendar's address

Resolver = Callable[[str, int], Iterable[str]]  # host, port -> the IP addresses it has


class AddressRefused(ValueError):
    """The address may not be read from; the message says why in words a manager can act on."""


def normalise(url: str) -> str:
    """The address as it will be fetched: ``webcal://`` (what a "subscribe" link says) read as ``https://``,
    surrounding spaces dropped. Raises ``AddressRefused`` for anything but a web address."""
    text = url.strip()
    if not text or len(text) > MAX_URL:
        raise AddressRefused("the address is empty" if not text else f"the address is over {MAX_URL} characters")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        parts, scheme = parts._replace(scheme="https"), "https"
    if scheme not in SCHEMES:
        shown = f"{parts.scheme}://" if parts.scheme else "no scheme"
        raise AddressRefused(f"only http:// and https:// (or webcal://) addresses can be read, not {shown}")
    if not parts.hostname:
        raise AddressRefused("the address names no server")
    if parts.username or parts.password:
        raise AddressRefused("give the user name and password apart from the address (--username, --password-env)")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise AddressRefused("the address's port is not a number") from None
    return urlunsplit(parts._replace(scheme=scheme))


def detect_kind(url: str) -> str:
    """The kind of source an address is, where it tells: Microsoft Graph and Google's calendar API by
    their hosts, a file ending ``.ics`` (or a ``webcal`` link) as a published calendar; anything else is
    taken for a CalDAV collection, the one kind that answers at any path."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host == "graph.microsoft.com":
        return "graph"
    if host == "www.googleapis.com" and parts.path.startswith("/calendar/"):
        return "google"
    if parts.scheme.lower().startswith("webcal") or parts.path.lower().endswith(".ics"):
        return "ics"
    return "caldav"


def check_host(url: str, resolve: Resolver, *, allow_private: bool) -> None:
    """Refuse ``url`` if its host is or resolves to an address that is not public, unless private
    sources are allowed; refuse a host that does not resolve at all."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    found = _addresses(host, port, resolve)
    if not found:
        raise AddressRefused(f"the server {host} cannot be found")
    if allow_private:
        return
    for address in found:
        if not _public(address):
            raise AddressRefused(
                f"{host} is a private or local address ({address}); an administrator may allow such "
                "sources (tracker settings set allow_private_sources yes)"
            )


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A public address, and so is any IPv4 address an IPv6 one carries (mapped, 6to4, NAT64's 64:ff9b::/96),
    which Python's own ``is_global`` lets pass."""
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        carried = address.ipv4_mapped or address.sixtofour
        if carried is None and address in NAT64:
            carried = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if carried is not None:
            return _public(carried)
    return True


NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def shown(url: str) -> str:
    """An address as pages and lists show it: its server and the last part of its path, never its query or
    the rest of its path, where a published calendar's private link keeps its key."""
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    server = f"{parts.scheme}://{parts.netloc}"
    return f"{server}/…/{last}" if last and parts.path.strip("/") != last else f"{server}{parts.path}"


def _addresses(host: str, port: int, resolve: Resolver) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The host itself if it is an address, else every address its name resolves to."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        return [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host, port)]
    except OSError as exc:
        raise AddressRefused(f"the server {host} cannot be found ({exc.strerror or exc})") from None
