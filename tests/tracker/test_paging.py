"""Which page of a long list is shown."""

from __future__ import annotations

from tracker.domain.paging import page_of


def test_the_page_asked_for_is_held_between_the_first_and_the_last():
    assert page_of(2, 101, 50) == (2, 3)  # 101 items, 50 a page: pages 1-3
    assert page_of(3, 100, 50) == (2, 2)  # past the last: the last
    assert page_of(0, 100, 50) == (1, 2) and page_of(-4, 100, 50) == (1, 2) and page_of(None, 100, 50) == (1, 2)
    assert page_of(5, 0, 50) == (1, 1)  # an empty list is one empty page
