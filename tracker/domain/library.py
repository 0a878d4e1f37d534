"""The practice library's entries: what kinds there are, how tags are written, and what a search asks. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .entries import InvalidEntry

KINDS = {
    "terms_of_reference": "Terms of reference",
    "review_note": "Review note",
    "good_practice": "Good practice",
}
MAX_BODY = 100_000


@dataclass(frozen=True)
class LibraryEntryInput:
    title: str
    kind: str
    body: str
    tags: tuple[str, ...]
    partnership_id: int | None  # None: shared, not any one partnership's


def tags_of(text: str) -> tuple[str, ...]:
    """``Housing; Youth, housing`` -> ("housing", "youth"): lower case, each once, in the order given."""
    found = (t.strip().lower() for t in re.split(r"[;,]", text or ""))
    return tuple(dict.fromkeys(t for t in found if t))


def stored_tags(tags: Sequence[str]) -> str:
    """Tags as the column keeps them, ``;housing;youth;``: a whole tag is found with ``LIKE '%;tag;%'``."""
    return ";" + ";".join(tags) + ";" if tags else ""


def shown_tags(stored: str) -> tuple[str, ...]:
    return tuple(t for t in (stored or "").split(";") if t)


def search_words(query: str) -> tuple[str, ...]:
    """The words of a search box, letters and digits only: what both databases' indexes are asked for, so
    no character of a query is ever read as search syntax."""
    return tuple(dict.fromkeys(re.findall(r"[^\W_]+", (query or "").lower())))[:20]


def library_entry(values: Mapping[str, str]) -> LibraryEntryInput:
    title = (values.get("title") or "").strip()
    if not title:
        raise InvalidEntry("title", "cannot be empty")
    if len(title) > 300:
        raise InvalidEntry("title", "is longer than 300 characters")
    kind = (values.get("kind") or "").strip()
    if kind not in KINDS:
        raise InvalidEntry("kind", "choose what kind of entry it is")
    body = values.get("body") or ""
    if not body.strip():
        raise InvalidEntry("body", "cannot be empty: write it in Markdown")
    if len(body) > MAX_BODY:
        raise InvalidEntry("body", f"is longer than {MAX_BODY:,} characters")
    partnership = (values.get("partnership") or "").strip()
    if partnership and not partnership.isdigit():
        raise InvalidEntry("partnership", "is not one of the choices")
    tags = tags_of(values.get("tags") or "")
    if any(len(t) > 60 for t in tags):
        raise InvalidEntry("tags", "a tag is longer than 60 characters")
    return LibraryEntryInput(title, kind, body, tags, int(partnership) if partnership else None)
