"""The days a calendar newly speaks for: a span less the spans earlier imports covered."""

from __future__ import annotations

from datetime import date

from tracker.domain.periods import uncovered


def d(day: int) -> date:
    return date(2025, 1, day)


def test_uncovered_days_are_what_no_earlier_span_reaches():
    assert uncovered(d(1), d(31), []) == [(d(1), d(31))]
    assert uncovered(d(1), d(31), [(d(1), d(31))]) == []
    assert uncovered(d(1), d(31), [(d(10), d(20))]) == [(d(1), d(9)), (d(21), d(31))]
    assert uncovered(d(5), d(25), [(d(1), d(10)), (d(20), d(30))]) == [(d(11), d(19))]
    assert uncovered(d(5), d(6), [(d(7), d(9))]) == [(d(5), d(6))]
