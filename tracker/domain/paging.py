"""Which page of a long list to show: the one asked for, held between the first and the last."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


def page_of(asked: int | None, total: int, size: int) -> tuple[int, int]:
    """(the page to show, the pages there are) for ``total`` items, ``size`` a page: a page before the first
    or past the last (a link kept from a longer list) shows the first or the last, never an empty page."""
    pages = max(1, -(-total // size))
    return min(max(1, asked or 1), pages), pages


class Shown(NamedTuple, Generic[T]):
    """One page of a list worked out whole (a few thousand rows at most): its rows, which page it is of how
    many, the place of its first row (from 1; 0 for an empty list) and how many rows there are in all."""

    rows: list[T]
    number: int
    pages: int
    first: int
    total: int


def shown(rows: Sequence[T], asked: int | None, size: int) -> Shown[T]:
    """Page ``asked`` of ``rows``, ``size`` a page, held to the pages there are: every row on exactly one."""
    number, pages = page_of(asked, len(rows), size)
    part = list(rows[(number - 1) * size : number * size])
    return Shown(part, number, pages, (number - 1) * size + 1 if part else 0, len(rows))
