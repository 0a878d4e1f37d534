"""Which page of a long list to show: the one asked for, held between the first and the last."""

from __future__ import annotations


def page_of(asked: int | None, total: int, size: int) -> tuple[int, int]:
    """(the page to show, the pages there are) for ``total`` items, ``size`` a page: a page before the first
    or past the last (a link kept from a longer list) shows the first or the last, never an empty page."""
    pages = max(1, -(-total // size))
    return min(max(1, asked or 1), pages), pages
