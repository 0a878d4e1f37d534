"""The one result the dashboard's answer shows for a partnership (``PartnershipResult.headline``): the most
telling measure with a target, who is better off first, else the most telling of all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tracker.domain.results import Reading, evaluate

MARCH = (date(2025, 3, 1), date(2025, 3, 31))


def reading(measure: str, kind: str, target: int | None, value: int = 10, unit: str = "people") -> Reading:
    target_value = None if target is None else Decimal(target)
    return Reading(measure, kind, unit, target_value, "up", *MARCH, Decimal(value))


def test_the_headline_is_who_is_better_off_before_how_well_and_how_much():
    result = evaluate(
        [
            reading("Meetings held", "how_much", 6),
            reading("Actions on time", "how_well", 80, unit="%"),
            reading("People helped", "better_off", 200, value=187),
        ],
        {date(2025, 3, 3): Decimal("374")},  # £374 of meetings on the 3rd: £2 a person helped
        *MARCH,
        date(2025, 6, 1),
    )
    headline = result.headline
    assert headline is not None
    assert (headline.measure, headline.value, headline.target, headline.met) == ("People helped", 187, 200, False)
    assert headline.cost_per_unit == 2  # 374 / 187


def test_a_measure_with_a_target_comes_before_a_more_telling_one_without():
    result = evaluate(
        [reading("People helped", "better_off", None), reading("Actions on time", "how_well", 80, unit="%")],
        {},
        *MARCH,
    )
    assert result.headline is not None and result.headline.measure == "Actions on time"


def test_without_targets_the_most_telling_measure_and_without_readings_none():
    only = evaluate([reading("Meetings held", "how_much", None), reading("Referrals", "how_well", None)], {}, *MARCH)
    assert only.headline is not None and only.headline.measure == "Referrals"
    assert evaluate([], {}, *MARCH).headline is None
