"""A published calendar address (``https://``, ``webcal://``): the whole file, asked for only if it changed.

The server is asked with the ETag and Last-Modified it gave last time (``If-None-Match``,
``If-Modified-Since``); a 304 brings nothing and costs nothing more. A server that ignores them sends the
file again, and the import recognises an unchanged file by its hash.
"""

from __future__ import annotations

import json

from .fetched import Fetched
from .web_reader import FetchFailed, WebReader


def fetch(reader: WebReader, url: str, validator: str, auth: tuple[str, str] | None = None) -> Fetched:
    """The calendar at ``url`` if it changed since ``validator`` (JSON: etag, last_modified)."""
    kept = json.loads(validator) if validator else {}
    headers = {"Accept": "text/calendar, */*;q=0.5"}
    if kept.get("etag"):
        headers["If-None-Match"] = kept["etag"]
    if kept.get("last_modified"):
        headers["If-Modified-Since"] = kept["last_modified"]
    before = reader.requests_made
    response = reader.get(url, headers=headers, auth=auth)
    asked = reader.requests_made - before
    if response.status_code == 304:
        return Fetched(validator=validator, requests=asked)
    if response.status_code in (401, 403):
        raise FetchFailed(f"the server refused the user name or password (HTTP {response.status_code})")
    if response.status_code == 404:
        raise FetchFailed("there is no calendar at this address any more (HTTP 404)")
    if response.status_code != 200:
        raise FetchFailed(f"the server answered HTTP {response.status_code} {response.reason or ''}".rstrip())
    now = {"etag": response.headers.get("ETag", ""), "last_modified": response.headers.get("Last-Modified", "")}
    return Fetched(validator=json.dumps({k: v for k, v in now.items() if v}), whole=response.content, requests=asked)
