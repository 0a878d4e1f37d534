"""The gatekeeper's rules for what a proposal may say, worked by hand: places by grade, members by address or
alias, the length of a meeting, and the existing partnerships a proposal is named or purposed like.

The registers here: the demo's grades as its grades register writes them, and two people, Alice (with the
alias a.adams@council.gov.uk) and Carol.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain.entries import InvalidEntry
from tracker.domain.gatekeeper import Existing, alike, name_words
from tracker.domain.proposal_entries import Registered, grade_places, meeting_length, proposal_entry

DEMO_GRADES = "CE D1 D2 AD HS VSM 8D 8C ACC CS SU CI DI IN AM GM SM VCS1 VCS2 PD SP".split()
ALICE, CAROL = 1, 3
REGISTERED = Registered(
    {g.lower(): g for g in DEMO_GRADES},
    {"alice@council.gov.uk": ALICE, "a.adams@council.gov.uk": ALICE, "carol@police.uk": CAROL},
)
FEW = Registered({"d1": "D1", "vsm": "VSM", "cs": "CS"}, {})  # the end-to-end scenario's three grades


def refused(text: str, registered: Registered = REGISTERED) -> str:
    with pytest.raises(InvalidEntry) as caught:
        grade_places(text, registered)
    assert caught.value.field == "grade_places"
    return caught.value.message


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("VSM", (("VSM", 1),)),
        ("SM x 2, VSM", (("SM", 2), ("VSM", 1))),
        ("vsm x 2", (("VSM", 2),)),  # matched ignoring case, kept as the register writes it
        ("VSM×2", (("VSM", 2),)),
        ("VSMx2", (("VSM", 2),)),
        ("VSM * 3", (("VSM", 3),)),
        ("VSM x 50", (("VSM", 50),)),  # the most a grade may have
        ("8C x 2", (("8C", 2),)),  # a grade that begins with a digit
        ("VSM x 2, vsm x 3", (("VSM", 5),)),  # one grade twice: its places added up
        (" , VSM ,, ", (("VSM", 1),)),  # empty items ignored
        ("", ()),
    ],
)
def test_places_by_grade_are_read(text, places):
    assert grade_places(text, REGISTERED) == places


def test_a_grade_no_register_knows_is_refused_naming_it_and_the_nearest():
    # The README's old example: "SM2" is no grade; "SM" and "VSM" are the nearest (difflib: 0.8 and 0.67).
    assert refused("SM2 x 2") == "'SM2' is not a grade in the registers: did you mean SM or VSM?"
    assert refused("SM2 x 2", FEW) == "'SM2' is not a grade in the registers: did you mean VSM?"
    # Nothing near: the registers' grades are listed, when there are few enough to read.
    assert refused("nonsense", FEW) == "'nonsense' is not a grade in the registers; the grades are CS, D1, VSM"
    assert refused("nonsense").startswith("'nonsense' is not a grade in the registers; the grades are 8C, 8D, ACC,")
    assert refused("VSM", Registered({}, {})) == (
        "'VSM' is not a grade in the registers: no grades are registered, so name the members instead"
    )


def test_a_number_of_places_that_is_not_a_whole_number_from_1_to_50_is_refused_naming_it():
    assert refused("VSM x 1000") == "'VSM x 1000': at most 50 places a grade, not 1000; name the members instead"
    assert refused("VSM x 51") == "'VSM x 51': at most 50 places a grade, not 51; name the members instead"
    assert refused("SM x -1") == "'SM x -1': a grade needs at least one place (from 1 to 50)"
    assert refused("VSM x 0") == "'VSM x 0': a grade needs at least one place (from 1 to 50)"
    assert refused("VSM x 2.5") == "'VSM x 2.5': 2.5 is not a whole number of places; write one from 1 to 50"
    assert refused("VSM x two") == "'VSM x two': two is not a whole number of places; write one from 1 to 50"
    # 30 + 21 at one grade: 51 in all.
    assert refused("VSM x 30, SM, vsm x 21") == (
        "VSM: 51 places in all; at most 50 places a grade, name the members instead"
    )


def test_a_malformed_item_is_refused_saying_how_to_write_it():
    assert refused("x 2") == "'x 2' has no grade: write GRADE x N, such as VSM x 2"
    assert refused("VSM x") == "'VSM x' has no number after the x: write GRADE x N, such as VSM x 2"
    assert refused("2 x VSM") == "'2 x VSM': write the grade first, then how many: VSM x 2"
    assert refused("2 x 8C") == "'2 x 8C': write the grade first, then how many: 8C x 2"
    assert refused("VSM 2") == "'VSM 2': put an x between the grade and how many: VSM x 2"
    # The first bad item is the one named, whatever follows.
    assert refused("VSM x 2, SM2, nonsense").startswith("'SM2' is not a grade")


def test_an_x_inside_a_grades_name_is_not_read_as_times():
    registered = Registered({"exec": "EXEC", "ax2": "AX2", "a": "A"}, {})
    assert grade_places("EXEC x 2, EXEC", registered) == (("EXEC", 3),)
    assert grade_places("AX2 x 3", registered) == (("AX2", 3),)  # not A times "2 x 3"
    assert grade_places("Ax2", registered) == (("AX2", 1),)  # a registered grade as written: one place


def test_a_meeting_lasts_between_a_quarter_of_an_hour_and_eight_hours():
    assert meeting_length("0.25") == Decimal("0.25")
    assert meeting_length("8") == Decimal("8")
    assert meeting_length("1.5") == Decimal("1.5")
    for raw in ("24", "8.01", "0.2", "0", "-1"):
        with pytest.raises(InvalidEntry) as caught:
            meeting_length(raw)
        assert caught.value.message == f"{raw} hours is outside the range: a meeting lasts between 0.25 and 8 hours"
    with pytest.raises(InvalidEntry, match="'two' is not a length in hours: write a number between 0.25 and 8 hours"):
        meeting_length("two")
    with pytest.raises(InvalidEntry, match="write the hours to two decimal places at most"):
        meeting_length("1.333")
    with pytest.raises(InvalidEntry, match="say how long each meeting would last: between 0.25 and 8 hours"):
        meeting_length("")


PROPOSAL = {"name": "Safer Streets Group", "purpose": "Safer streets", "every": "month", "hours_each": "1.5"}


def test_members_by_address_or_any_alias_are_one_person_each():
    entry = proposal_entry({**PROPOSAL, "members": "A.Adams@Council.gov.uk, carol@police.uk"}, REGISTERED)
    assert entry.people == (ALICE, CAROL)
    # Her address and her alias, and her id from the form: one member.
    twice = {**PROPOSAL, "members": "alice@council.gov.uk;a.adams@council.gov.uk", "people": [str(ALICE)]}
    assert proposal_entry(twice, REGISTERED).people == (ALICE,)
    with pytest.raises(InvalidEntry) as caught:
        proposal_entry({**PROPOSAL, "members": "carol@police.uk, nobody@x.org"}, REGISTERED)
    assert (caught.value.field, caught.value.message) == (
        "members",
        "nobody@x.org is not in the staff register, by address or alias",
    )
    with pytest.raises(InvalidEntry, match="choose members from the staff register"):
        proposal_entry({**PROPOSAL, "people": ["99"]}, REGISTERED)


def test_a_proposal_keeps_each_grade_as_the_register_writes_it():
    entry = proposal_entry({**PROPOSAL, "grade_places": "vsm x 2, cs"}, FEW)
    assert entry.people == () and entry.grade_places == (("VSM", 2), ("CS", 1))
    with pytest.raises(InvalidEntry) as caught:
        proposal_entry({**PROPOSAL, "hours_each": "24", "grade_places": "SM2 x 2"}, FEW)
    assert caught.value.field == "hours_each"  # the fields in the form's order: the length before the places


CSP = Existing(3, "Community Safety Partnership", "Reduce crime and disorder", "community safety;CSP")
HWB = Existing(2, "Health and Wellbeing Board", "Improve health and reduce inequalities", "health and wellbeing;HWB")
EXISTING = [HWB, CSP]


def test_names_are_alike_when_the_words_that_say_what_it_is_for_agree():
    assert name_words("Community Safety Partnership") == {"community", "safety"}
    assert name_words("Town Centre Forum") == name_words("Town Centre Board") == {"town", "centre"}
    assert name_words("Carers Board") == name_words("Carer Partnership") == {"carer"}
    [found] = alike("Community Safety Board", "Street lighting", EXISTING)
    assert (found.partnership, found.by_name, found.by_purpose) == ("Community Safety Partnership", True, False)
    assert found.words("0.000") == "a name like this one"
    # A keyword is a name too (meeting titles are matched by it): "HWB" is the Health and Wellbeing Board.
    assert [f.partnership for f in alike("HWB", "Street lighting", EXISTING)] == ["Health and Wellbeing Board"]
    # Two words of the shorter name, both in the longer: alike; one word is not enough.
    assert [f.partnership for f in alike("Community Safety and Crime Board", "x", EXISTING)] == [CSP.name]
    assert alike("Community Transport Board", "x", EXISTING) == []


def test_a_purpose_is_alike_at_half_the_words_or_more():
    # {reduce, crime, disorder, community, safety} against the CSP's purpose and keywords {reduce, crime,
    # disorder, community, safety, csp}: 5 of 6, 0.833.
    [found] = alike("Safer Streets Group", "Reduce crime and disorder for community safety", EXISTING)
    assert (found.partnership, found.by_name, found.purpose_similarity) == (CSP.name, False, Decimal(5) / 6)
    assert found.words("0.833") == "a purpose like this one (purpose similarity 0.833)"
    # {reduce, crime, high, street}: 2 of 8, 0.25: not alike.
    assert alike("Safer Streets Group", "Reduce crime on the high street", EXISTING) == []
    # {reduce, crime, disorder}: 3 of 6, exactly half: alike.
    assert alike("Safer Streets Group", "Reduce crime and disorder", EXISTING)[0].purpose_similarity == Decimal("0.5")
    both = alike("Community Safety Board", "Reduce crime and disorder for community safety", EXISTING)[0]
    assert both.words("0.833") == "a name like this one and a purpose like this one (purpose similarity 0.833)"
