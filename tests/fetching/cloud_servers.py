"""Local HTTPS servers that answer as Microsoft Graph and Google's Calendar API are documented to: contract
tests of the two readers, not the services themselves (which need a tenant and a Workspace to reach).

What they hold to, from the published documentation:
- Microsoft identity platform, client credentials: ``POST /{tenant}/oauth2/v2.0/token`` with
  ``grant_type=client_credentials``, ``client_id``, ``client_secret``, ``scope=https://graph.microsoft.com/.default``;
  an OpenID configuration at ``/{tenant}/v2.0/.well-known/openid-configuration``; a wrong secret is
  ``401 invalid_client`` (AADSTS7000215).
- Graph ``GET /v1.0/users/{id}/calendarView/delta?startDateTime=&endDateTime=``: pages of at most
  ``odata.maxpagesize`` (from ``Prefer``), each but the last with ``@odata.nextLink``, the last with
  ``@odata.deltaLink``; the delta link gives what changed since, a deleted occurrence as
  ``{"id": ..., "@removed": {"reason": "deleted"}}``; an expired link answers 410 Gone; throttling is 429
  with ``Retry-After``.
- Google OAuth 2.0 for service accounts: ``POST token_uri`` with
  ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`` and a JWT ``assertion`` signed (RS256) by the
  service account's key, its ``aud`` always ``https://oauth2.googleapis.com/token``, its ``sub`` the user
  read as (domain-wide delegation) and ``scope`` the scopes.
- Calendar API ``GET /calendar/v3/calendars/{id}/events``: ``pageToken``/``nextPageToken`` pages, the last
  with ``nextSyncToken``; with ``syncToken``, only what changed, a deleted event as ``status: cancelled``;
  an expired token answers 410 Gone.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import trustme


@dataclass
class CloudCalendar:
    """The events one calendar holds, every change numbered, as both APIs keep them."""

    events: dict[str, dict] = field(default_factory=dict)  # id -> the API's JSON for it
    log: list[tuple[int, str]] = field(default_factory=list)  # (version, id) of each change, in order
    version: int = 0
    expired_before: int = 0  # tokens older than this are refused with 410 Gone
    page_size: int = 2  # what the server pages at, whatever is asked (small, so paging is exercised)
    throttle: list[int] = field(default_factory=list)  # Retry-After seconds of 429s to answer next
    asked: list[str] = field(default_factory=list)  # each request's path and query
    tokens_given: list[dict] = field(default_factory=list)  # what each token request proved

    def put(self, key: str, event: dict) -> None:
        self.version += 1
        self.events[key] = {**event, "id": key, "_version": self.version}
        self.log.append((self.version, key))

    def delete(self, key: str) -> None:
        self.version += 1
        self.events[key] = {"id": key, "_deleted": True, "_version": self.version}
        self.log.append((self.version, key))

    def changed_since(self, version: int) -> list[dict]:
        keys = sorted({k for v, k in self.log if v > version}, key=lambda k: self.events[k]["_version"])
        return [self.events[k] for k in keys]


@contextmanager
def https(handler: type[BaseHTTPRequestHandler], folder: Path) -> Iterator[tuple[str, str]]:
    """``handler`` served over HTTPS with a certificate of a test authority; (base address, its CA file)."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(server_context)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    ca_file = folder / "test-ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", str(ca_file)
    finally:
        server.shutdown()
        server.server_close()


class _Answering(BaseHTTPRequestHandler):
    def answer(self, status: int, body: dict | None = None, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

    def log_message(self, *args) -> None:
        pass


def graph_handler(calendar: CloudCalendar, tenant: str, client_id: str, secret: str) -> type[BaseHTTPRequestHandler]:
    class Graph(_Answering):
        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            calendar.asked.append(self.path)
            base = f"https://{self.headers['Host']}"
            if parts.path == f"/{tenant}/v2.0/.well-known/openid-configuration":
                return self.answer(200, {
                    "token_endpoint": f"{base}/{tenant}/oauth2/v2.0/token",
                    "authorization_endpoint": f"{base}/{tenant}/oauth2/v2.0/authorize",
                    "issuer": f"{base}/{tenant}/v2.0",
                })  # fmt: skip
            if self.headers.get("Authorization") != "Bearer graph-token-1":
                return self.answer(401, {"error": {"code": "InvalidAuthenticationToken"}})
            if calendar.throttle:
                return self.answer(429, {"error": {"code": "TooManyRequests"}},
                                   {"Retry-After": str(calendar.throttle.pop(0))})  # fmt: skip
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if not parts.path.endswith("/calendarView/delta"):
                return self.answer(404, {"error": {"code": "ErrorItemNotFound"}})
            if "$deltatoken" in query:
                since = int(query["$deltatoken"])
                if since < calendar.expired_before:
                    return self.answer(410, {"error": {"code": "SyncStateNotFound"}})
                items = [_graph_item(e) for e in calendar.changed_since(since)]
            else:
                assert "startDateTime" in query and "endDateTime" in query or "$skiptoken" in query
                items = [_graph_item(e) for e in calendar.events.values() if not e.get("_deleted")]
            start = int(query.get("$skiptoken", "0"))
            page = items[start : start + calendar.page_size]
            body: dict = {"value": page}
            link = f"{base}{parts.path}"
            if start + calendar.page_size < len(items):
                keep = {k: v for k, v in query.items() if k != "$skiptoken"}
                body["@odata.nextLink"] = f"{link}?{_q({**keep, '$skiptoken': str(start + calendar.page_size)})}"
            else:
                body["@odata.deltaLink"] = f"{link}?$deltatoken={calendar.version}"
            return self.answer(200, body)

        def do_POST(self) -> None:  # noqa: N802
            calendar.asked.append(self.path)
            form = self.form()
            if self.path != f"/{tenant}/oauth2/v2.0/token" or form.get("grant_type") != "client_credentials":
                return self.answer(400, {"error": "unsupported_grant_type"})
            if form.get("client_id") != client_id or form.get("client_secret") != secret:
                return self.answer(401, {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided.",
                })  # fmt: skip
            assert form.get("scope") == "https://graph.microsoft.com/.default", form
            calendar.tokens_given.append(form)
            return self.answer(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": "graph-token-1"})

    return Graph


def _graph_item(event: dict) -> dict:
    if event.get("_deleted"):
        return {"id": event["id"], "@removed": {"reason": "deleted"}}
    return {k: v for k, v in event.items() if not k.startswith("_")} | {"changeKey": f"ck{event['_version']}"}


def google_handler(calendar: CloudCalendar, owner: str, public_pem: bytes) -> type[BaseHTTPRequestHandler]:
    from google.auth import jwt

    class Google(_Answering):
        def do_POST(self) -> None:  # noqa: N802
            calendar.asked.append(self.path)
            form = self.form()
            if self.path != "/token" or form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
                return self.answer(400, {"error": "unsupported_grant_type"})
            try:
                # "When making an access token request this value is always https://oauth2.googleapis.com/token"
                claims = jwt.decode(form["assertion"], certs=public_pem, audience="https://oauth2.googleapis.com/token")
            except ValueError as exc:
                return self.answer(400, {"error": "invalid_grant", "error_description": f"Invalid JWT: {exc}"})
            if claims.get("sub") != owner:
                said = "Client is unauthorized to retrieve access tokens using this method"
                return self.answer(401, {"error": "unauthorized_client", "error_description": said})
            calendar.tokens_given.append(claims)
            return self.answer(200, {"access_token": "google-token-1", "expires_in": 3600, "token_type": "Bearer"})

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            calendar.asked.append(self.path)
            if self.headers.get("Authorization") != "Bearer google-token-1":
                return self.answer(401, {"error": {"code": 401, "message": "Invalid Credentials"}})
            if calendar.throttle:
                return self.answer(429, {"error": {"code": 429}}, {"Retry-After": str(calendar.throttle.pop(0))})
            if parts.path != f"/calendar/v3/calendars/{owner}/events":
                return self.answer(404, {"error": {"code": 404, "message": "Not Found"}})
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            assert query.get("singleEvents") == "true" and query.get("showDeleted") == "true", query
            if "syncToken" in query:
                assert "timeMin" not in query, "timeMin cannot be given with a syncToken"
                since = int(query["syncToken"])
                if since < calendar.expired_before:
                    return self.answer(410, {"error": {"code": 410, "message": "Sync token is no longer valid"}})
                items = [_google_item(e) for e in calendar.changed_since(since)]
            else:
                items = [_google_item(e) for e in calendar.events.values() if not e.get("_deleted")]
            start = int(query.get("pageToken", "0"))
            body: dict = {"items": items[start : start + calendar.page_size]}
            if start + calendar.page_size < len(items):
                body["nextPageToken"] = str(start + calendar.page_size)
            else:
                body["nextSyncToken"] = str(calendar.version)
            return self.answer(200, body)

    return Google


def _google_item(event: dict) -> dict:
    if event.get("_deleted"):
        return {"id": event["id"], "status": "cancelled"}
    return {k: v for k, v in event.items() if not k.startswith("_")} | {"etag": f'"{event["_version"]}"'}


def _q(query: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(query, safe="$")
