"""Which addresses a connected calendar may be read from, and what kind of source an address is. Pure: the name
lookup is handed in, so the rules are tested without a network.

A calendar address is typed by a manager and fetched by the server, inside the organisation's network: left
open, it would let anyone who may add a source read the server's own loopback services or the private network
behind it (server-side request forgery). So only ``http`` and ``https`` (and ``webcal``, which calendar
programs mean as ``https``) are read, and an address whose host is, or resolves to, a loopback, private,
link-local or otherwise reserved address is refused unless the administrator has allowed private sources
(``tracker settings set allow_private_sources yes``, for a CalDAV server on the organisation's own
network), or only some servers by name or network (``private_source_servers``). Each fetch is checked
again, redirects included: a name may resolve differently tomorrow, or a moment later, so connections are
made to the addresses checked, not to a second lookup of the name.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


@dataclass(frozen=True)
class PrivateServers:
    """The servers on private or local addresses an administrator allows by name or network (the setting
    ``private_source_servers``), where allowing every private address would be more than a CalDAV server
    inside the organisation's network needs."""

    names: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    def allows(self, host: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return host.lower().rstrip(".") in self.names or any(address in network for network in self.networks)

    def __str__(self) -> str:
        return ", ".join([*sorted(self.names), *(str(n) for n in self.networks)])


PrivateAllowed = bool | PrivateServers  # True: every private address; False: none; or these servers


def private_servers(text: str) -> PrivateServers:
    """The servers listed in ``text`` (names and networks, by commas or spaces: ``dav.council.internal,
    10.20.0.0/16``); ``ValueError`` names an entry that is neither."""
    names: set[str] = set()
    networks: list[Network] = []
    for entry in re.split(r"[\s,]+", text.strip()):
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            name = entry.lower().rstrip(".")
            if not HOST_NAME.match(name):
                raise ValueError(f"{entry!r} is neither a server's name nor a network (10.20.0.0/16)") from None
            names.add(name)
        else:
            if network not in networks:
                networks.append(network)
    return PrivateServers(frozenset(names), tuple(networks))


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


def check_host(url: str, resolve: Resolver, *, allow_private: PrivateAllowed) -> None:
    """Refuse ``url`` if its host is or resolves to an address that is not public, unless private
    sources are allowed; refuse a host that does not resolve at all."""
    parts = urlsplit(url)
    checked_addresses(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80), resolve,
                      allow_private=allow_private)  # fmt: skip


def checked_addresses(host: str, port: int, resolve: Resolver, *, allow_private: PrivateAllowed) -> list[str]:
    """The addresses to connect to for ``host``: looked up once, every one checked (``AddressRefused`` if any
    is not public and private sources are not allowed, or not for this server, or if there are none).
    Connections are made to these, never to a second lookup of the name (``fetching/pinned.py``)."""
    found = _addresses(host, port, resolve)
    if not found:
        raise AddressRefused(f"the server {host} cannot be found")
    if allow_private is not True:
        listed = allow_private if isinstance(allow_private, PrivateServers) else PrivateServers()
        for address in found:
            if not _public(address) and not listed.allows(host, address):
                raise AddressRefused(
                    f"{host} is a private or local address ({address}); an administrator may allow this "
                    f"server (tracker settings set private_source_servers {host}) or every private address "
                    "(tracker settings set allow_private_sources yes)"
                )
    return list(dict.fromkeys(str(address) for address in found))


def allowed_private(url: str, resolve: Resolver, allow_private: PrivateAllowed) -> bool:
    """Whether ``url``'s server is on a private address the administrator allowed (any private address, when
    all are): the only servers a password may be sent to over plain ``http://``, never a public one."""
    if allow_private is False:
        return False
    listed = allow_private if isinstance(allow_private, PrivateServers) else None
    parts = urlsplit(url)
    host = parts.hostname or ""
    found = _addresses(host, parts.port or 80, resolve)
    return bool(found) and all(not _public(a) and (listed is None or listed.allows(host, a)) for a in found)


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
