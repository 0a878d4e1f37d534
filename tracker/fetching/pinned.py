"""Connections made only to addresses that were checked, and answers read only up to a size: the two guards
every HTTP session a sync uses is given (``guard``), whichever library drives it (``requests`` for
published calendars, Graph, Google and their sign-in libraries; ``niquests`` inside the ``caldav`` library).

Checking an address's name and then letting the HTTP library look the name up again to connect leaves a
gap: a name whose owner answers a public address to the check and a private one a moment later (DNS
rebinding) would reach the server's own network. So the session's connections look the name up once, check
every address it gave (``source_addresses.checked_addresses``) and connect to those addresses themselves;
TLS still verifies the certificate against the name.

A CalDAV server's answers come through the ``caldav`` library, which reads them whole; the size guard reads
each answer as the adapter hands it over, before anyone else does, and stops at ``max_bytes``, as an
upload's limit.

Through a proxy named by the environment (``HTTPS_PROXY``), the proxy looks names up and connects: its
connections are the administrator's and are not pinned, so rebinding is the proxy's to stop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

from importers import MAX_FILE_BYTES

AddressesOf = Callable[[str, int], Iterable[str]]  # host, port -> the checked addresses to connect to


class TooLarge(Exception):
    """An answer over the size limit: the message says so in words."""


def guard(session: Any, addresses: AddressesOf, max_bytes: int = MAX_FILE_BYTES) -> None:
    """``session`` (a ``requests`` or ``niquests`` session) connects only to ``addresses``, over HTTP/1.1 or
    HTTP/2 (an HTTP/3 upgrade, which urllib3-future offers, would open its own connections), and refuses an
    answer over ``max_bytes``: at the adapter, so every answer is bounded before anyone reads it, those an
    authentication handler reads itself (a Digest challenge) included."""
    for adapter in session.adapters.values():
        manager = adapter.poolmanager
        manager.pool_classes_by_scheme = {
            scheme: _pinned_pool(pool, addresses) for scheme, pool in manager.pool_classes_by_scheme.items()
        }
        http_version = getattr(sys.modules[type(manager).__module__.split(".")[0]], "HttpVersion", None)
        if http_version is not None:  # urllib3-future: no HTTP/3
            refused = set(manager.connection_pool_kw.get("disabled_svn") or ())
            manager.connection_pool_kw["disabled_svn"] = refused | {http_version.h3}
        manager.clear()  # no pool made before the guard is used again
        adapter.send = _bounded(adapter.send, max_bytes)


def _bounded(send: Callable[..., Any], max_bytes: int) -> Callable[..., Any]:
    def bounded_send(request: Any, *args: Any, **kwargs: Any) -> Any:
        response = send(request, *args, **kwargs)
        _read_within(response, max_bytes)
        return response

    return bounded_send


def _pinned_pool(pool: type, addresses: AddressesOf) -> type:
    connection: Any = getattr(pool, "ConnectionCls")  # noqa: B009 - a urllib3 pool class's own

    class PinnedConnection(connection):
        def _new_conn(self):  # noqa: ANN202 - the library's own socket type
            if getattr(self, "proxy", None):
                return super()._new_conn()
            name: str = self._dns_host  # type: ignore[has-type]
            failure: Exception | None = None
            try:
                for address in addresses(name, self.port or self.default_port):
                    self._dns_host = address  # connect here; the certificate is still checked against the name
                    try:
                        return super()._new_conn()
                    except Exception as exc:  # the library's connection error: the next address is tried
                        failure = exc
            finally:
                self._dns_host = name  # a reconnection looks the name up (and checks it) again
            assert failure is not None, "checked_addresses gives at least one address or refuses"
            raise failure

    return type(pool.__name__, (pool,), {"ConnectionCls": PinnedConnection})


def _read_within(response: Any, max_bytes: int) -> None:
    """The answer's body read now, as the adapter hands it over, within ``max_bytes`` (``TooLarge`` past it);
    whoever reads it next sees it as read."""
    collected = bytearray()
    for chunk in response.iter_content(64 * 1024):
        collected += chunk
        if len(collected) > max_bytes:
            response.close()
            raise TooLarge(_over(max_bytes))
    response._content = bytes(collected)
    response._content_consumed = True


def _over(max_bytes: int) -> str:
    limit = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes:,} bytes"
    return f"the server's answer is over {limit}, the limit for an uploaded calendar"
