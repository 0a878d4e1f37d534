"""Day, month and year boxes make a date, or say in GOV.UK's words why they do not."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.date_parts import NotADate, from_parts


@pytest.mark.parametrize(
    ("boxes", "made"),
    [
        (("2", "12", "2026"), date(2026, 12, 2)),
        ((" 02 ", "012", "2026"), date(2026, 12, 2)),  # leading zeros and spaces as people type them
        (("29", "2", "2028"), date(2028, 2, 29)),  # a leap year
        (("", "", ""), None),  # nothing typed: no date given, for the form to say whether it needs one
        ((" ", "", " "), None),
    ],
)
def test_boxes_make_the_day_typed(boxes, made):
    assert from_parts(*boxes) == made


@pytest.mark.parametrize(
    ("boxes", "reason"),
    [
        (("2", "", "2026"), "must include a month"),
        (("", "", "2026"), "must include a day and a month"),
        (("2", "12", ""), "must include a year"),
        (("31", "2", "2026"), "must be a real date"),
        (("29", "2", "2026"), "must be a real date"),  # not a leap year
        (("2", "13", "2026"), "must be a real date"),
        (("two", "12", "2026"), "must be a real date"),
        (("-2", "12", "2026"), "must be a real date"),
        (("2", "12", "26"), "year must include 4 numbers"),
    ],
)
def test_boxes_that_make_no_date_say_why(boxes, reason):
    with pytest.raises(NotADate) as refused:
        from_parts(*boxes)
    assert str(refused.value) == reason
