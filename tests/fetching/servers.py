"""Servers the connected-calendar tests talk to over real sockets: a plain HTTP server whose answers a
test sets, and a Radicale CalDAV server (with, for the ETag path, a proxy that refuses sync reports)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Published:
    """What the HTTP server answers: a calendar at ``path`` with an ETag, or scripted statuses first."""

    body: bytes = b""
    etag: str = '"1"'
    scripted: list[tuple[int, dict[str, str], bytes]] = field(default_factory=list)  # answered first, in turn
    asked: list[dict[str, str]] = field(default_factory=list)  # each request's headers
    gate: threading.Event | None = None  # given, the first answer waits until it is set...
    arrived: threading.Event = field(default_factory=threading.Event)  # ...and this is set when a request came


@contextmanager
def http_server(published: Published) -> Iterator[str]:
    """A server on 127.0.0.1 answering GET /calendar.ics from ``published``; its base address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server hook's name
            published.asked.append({k.lower(): v for k, v in self.headers.items()})
            published.arrived.set()
            if published.gate is not None and len(published.asked) == 1:
                published.gate.wait(timeout=30)
            if published.scripted:
                status, headers, body = published.scripted.pop(0)
            elif self.headers.get("If-None-Match") == published.etag:
                status, headers, body = 304, {"ETag": published.etag}, b""
            else:
                status, headers, body = 200, {"ETag": published.etag, "Content-Type": "text/calendar"}, published.body
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


USER, PASSWORD = "alice", "radicale-password"


@contextmanager
def radicale(folder: Path) -> Iterator[str]:
    """A Radicale server of its own (users in an htpasswd file, storage in ``folder``); its base address."""
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(folder / "store"), "--auth-type", "htpasswd",
         "--auth-htpasswd-filename", str(users), "--auth-htpasswd-encryption", "plain",
         "--logging-level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/.web/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("Radicale did not start")
        yield base
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def refusing_sync_reports(target: str) -> Iterator[str]:
    """A proxy in front of ``target`` that answers a sync-collection REPORT with 403 (a server without
    RFC 6578 support, or one that refuses it) and passes everything else on: the ETag path's server."""

    def refuse(command: str, headers, body: bytes) -> tuple[int, dict[str, str], bytes] | None:
        if command == "REPORT" and b"sync-collection" in body:
            refusal = b'<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:supported-report/></D:error>'
            return 403, {"Content-Type": "application/xml"}, refusal  # RFC 3253 3.6: a report not supported
        return None

    with proxy(target, refuse) as base:
        yield base


@dataclass
class DigestOnly:
    """Whether the proxy below signs in by Digest only (as a server reconfigured from Basic would), and the
    ``Authorization`` schemes it was sent."""

    on: bool = False
    schemes: list[str] = field(default_factory=list)


@contextmanager
def switching_to_digest(target: str, state: DigestOnly) -> Iterator[str]:
    """A proxy in front of ``target`` (a Basic server) that, while ``state.on``, takes only Digest: a request
    without it is challenged for Digest, one with it is passed on signed in by Basic."""
    import base64
    import re

    def digest(command: str, headers, body: bytes) -> tuple[int, dict[str, str], bytes] | None:
        given = headers.get("Authorization") or ""
        state.schemes.append(given.split(" ")[0])
        if not state.on:
            return None
        if given.startswith("Digest ") and re.search(rf'username="{USER}"', given):
            headers.replace_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
            return None
        challenge = 'Digest realm="dav", nonce="6f1e2d", qop="auth", algorithm=MD5'
        return 401, {"WWW-Authenticate": challenge}, b""

    with proxy(target, digest) as base:
        yield base


@contextmanager
def proxy(target: str, answer) -> Iterator[str]:
    """A proxy in front of ``target``: ``answer(command, headers, body)`` answers a request itself (status,
    headers, body) or returns None to pass it on (headers it changed included)."""

    class Proxy(BaseHTTPRequestHandler):
        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            own = answer(self.command, self.headers, body)
            if own is not None:
                status, headers, data = own
            else:
                request = urllib.request.Request(target + self.path, data=body or None, method=self.command)
                for name, value in self.headers.items():
                    if name.lower() not in ("host", "content-length", "connection"):
                        request.add_header(name, value)
                try:
                    with urllib.request.urlopen(request, timeout=10) as relayed:
                        status, headers, data = relayed.status, relayed.headers, relayed.read()
                except urllib.error.HTTPError as exc:
                    status, headers, data = exc.code, exc.headers, exc.read()
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _relay  # noqa: N815

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
