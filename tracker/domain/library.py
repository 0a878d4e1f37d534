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
# PostgreSQL's English stop words (Snowball's): its index never holds them, so neither database is asked
# for them and a search means the same on both.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is
    are was were be been being have has had having do does did doing a an the and but if or because as until
    while of at by for with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will just don should now
    """.split()
)


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
    """The words of a search box, letters and digits only and stop words left out: what both databases'
    indexes are asked for, so no character of a query is ever read as search syntax."""
    found = (w for w in re.findall(r"[^\W_]+", (query or "").lower()) if w not in STOP_WORDS)
    return tuple(dict.fromkeys(found))[:20]


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
