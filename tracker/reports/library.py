"""Reading and searching the practice library, with each database's own full-text index: SQLite's FTS5
(porter stemming, ranked by bm25) or PostgreSQL's English text search (ranked by ts_rank)."""

from __future__ import annotations

from sqlalchemy import Float, Integer, column, func, literal_column, select, text
from sqlalchemy.orm import Session

from ..domain.library import search_words
from ..models import LibraryEntry

DOCUMENT = "library_entry.title || ' ' || library_entry.tags || ' ' || library_entry.body"


def entry(session: Session, entry_id: int) -> LibraryEntry | None:
    return session.get(LibraryEntry, entry_id)


def entries(
    session: Session, query: str = "", tag: str = "", partnership_id: int | None = None, limit: int = 100
) -> list[LibraryEntry]:
    """Entries matching every word of ``query`` (best match first; no query: newest first), with ``tag``
    and of ``partnership_id`` if given."""
    words = search_words(query)
    if query.strip() and not words:
        return []  # only words too common to search for ("the", "and")
    chosen = select(LibraryEntry)
    if tag:
        chosen = chosen.where(LibraryEntry.tags.like(f"%;{_escaped(tag.strip().lower())};%", escape="\\"))
    if partnership_id is not None:
        chosen = chosen.where(LibraryEntry.partnership_id == partnership_id)
    if not words:
        return list(
            session.scalars(chosen.order_by(LibraryEntry.updated_at.desc(), LibraryEntry.id.desc()).limit(limit))
        )
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)  # each word, or a word it begins, in any column
        ranked = (
            text(
                "SELECT rowid AS id, bm25(library_search) AS rank FROM library_search WHERE library_search MATCH :match"
            )
            .bindparams(match=match)
            .columns(column("id", Integer), column("rank", Float))
            .subquery()
        )
        query_ = chosen.join(ranked, ranked.c.id == LibraryEntry.id).order_by(ranked.c.rank, LibraryEntry.id)
    else:
        document = func.to_tsvector(text("'english'"), literal_column(DOCUMENT))
        asked = func.to_tsquery(text("'english'"), " & ".join(f"{w}:*" for w in words))
        query_ = chosen.where(document.op("@@")(asked)).order_by(func.ts_rank(document, asked).desc(), LibraryEntry.id)
    return list(session.scalars(query_.limit(limit)))


def tags(session: Session) -> list[str]:
    """Every tag in use, for the library's tag list."""
    found: set[str] = set()
    for stored in session.scalars(select(LibraryEntry.tags)):
        found.update(t for t in stored.split(";") if t)
    return sorted(found)


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
