"""Standard rates: who is averaged with whom, worked by hand."""

from __future__ import annotations

from fractions import Fraction

from tracker.domain.standard_rates import Member, rates_of, standard_groups

COUNCIL, NHS, CVS = 1, 2, 3


def member(person: int, organisation: int | None, grade: str, rate: int) -> Member:
    return Member(person, organisation, grade, Fraction(rate))


def test_a_grade_of_enough_people_is_averaged_on_its_own():
    people = [member(1, COUNCIL, "D1", 40), member(2, COUNCIL, "D1", 50), member(3, COUNCIL, "D1", 60)]
    people += [member(4, COUNCIL, "D2", 80), member(5, COUNCIL, "D2", 90), member(6, COUNCIL, "d2 ", 100)]
    rates = rates_of(standard_groups(people, 3))
    assert rates == {1: 50, 2: 50, 3: 50, 4: 90, 5: 90, 6: 90}  # "d2 " is D2: grades match loosely


def test_a_small_grade_joins_the_grade_of_its_organisation_nearest_in_pay():
    people = [member(1, COUNCIL, "D1", 40), member(2, COUNCIL, "D1", 50), member(3, COUNCIL, "D1", 60)]
    people += [member(4, COUNCIL, "D2", 80), member(5, COUNCIL, "D2", 90), member(6, COUNCIL, "D2", 100)]
    people += [member(7, COUNCIL, "Chief", 85)]  # alone: nearer D2 (mean 90) than D1 (mean 50)
    groups = standard_groups(people, 3)
    assert rates_of(groups) == {
        1: 50,
        2: 50,
        3: 50,
        4: Fraction(355, 4),
        5: Fraction(355, 4),
        6: Fraction(355, 4),
        7: Fraction(355, 4),
    }
    merged = next(g for g in groups if 7 in g.people)
    assert merged.grades == {"D2", "Chief"} and merged.organisations == {COUNCIL}


def test_two_small_grades_merge_with_each_other_first_when_nearest():
    people = [member(1, COUNCIL, "A", 10), member(2, COUNCIL, "B", 12), member(3, COUNCIL, "C", 100)]
    people += [member(4, COUNCIL, "C", 110), member(5, COUNCIL, "C", 120)]
    # A (10) and B (12) are each alone: A, the smallest with the lower mean, joins B; A+B is still two,
    # so it joins C, its only neighbour.
    assert rates_of(standard_groups(people, 3)) == {p: Fraction(352, 5) for p in range(1, 6)}
    assert rates_of(standard_groups(people, 2)) == {1: 11, 2: 11, 3: 110, 4: 110, 5: 110}


def test_an_organisation_too_small_for_a_group_joins_the_nearest_group_of_the_others():
    people = [member(1, COUNCIL, "D1", 40), member(2, COUNCIL, "D1", 50), member(3, COUNCIL, "D1", 60)]
    people += [member(4, NHS, "VSM", 95), member(5, NHS, "VSM", 105), member(6, NHS, "VSM", 100)]
    people += [member(7, CVS, "CEO", 58)]  # one person: nearer the council's D1 (50) than the NHS's (100)
    groups = standard_groups(people, 3)
    assert rates_of(groups) == {1: 52, 2: 52, 3: 52, 7: 52, 4: 100, 5: 100, 6: 100}
    assert next(g for g in groups if 7 in g.people).organisations == {COUNCIL, CVS}


def test_no_group_reveals_one_persons_rate():
    people = [member(i, i % 4, f"G{i % 5}", 30 + 7 * i) for i in range(1, 30)]
    for minimum in (1, 2, 3, 5, 10):
        for group in standard_groups(people, minimum):
            assert len(group.people) >= minimum
        assert set(rates_of(standard_groups(people, minimum))) == {m.person_id for m in people}


def test_fewer_people_than_the_minimum_have_no_standard_rate():
    assert standard_groups([member(1, COUNCIL, "D1", 40), member(2, NHS, "D1", 50)], 3) == []
    assert rates_of(standard_groups([member(1, COUNCIL, "D1", 40), member(2, NHS, "D1", 50)], 2)) == {1: 45, 2: 45}


def test_the_groups_do_not_depend_on_the_order_of_the_register():
    people = [member(i, i % 3, f"G{i % 4}", 20 + (i * 37) % 90) for i in range(1, 40)]
    assert rates_of(standard_groups(people, 3)) == rates_of(standard_groups(list(reversed(people)), 3))
