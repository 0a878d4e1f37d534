"""Attribution rules: whole words, patterns, categories, and how ties are broken."""

from __future__ import annotations

import pytest

from tracker.domain.attribution import Attribution, Rule, attribute

HWB = Rule.build(1, "Health and Wellbeing Board", keywords=["health and wellbeing", "HWB"], priority=10)
CSP = Rule.build(2, "Community Safety Partnership", keywords=["CSP", "re:\\bcommunity\\s+safety\\b"], priority=10)
DAT = Rule.build(3, "Drug Action Team", keywords=["DAT"], categories=["Substance misuse"], priority=20)


def test_attribution_keyword_is_a_whole_word_case_insensitively():
    assert attribute("hwb agenda setting", [], [HWB]).partnership_id == 1
    assert attribute("HWBX planning", [], [HWB]).partnership_id is None
    assert attribute("Update (DATA)", [], [DAT]).partnership_id is None


def test_attribution_phrase_tolerates_extra_spaces():
    assert attribute("Health  and wellbeing board", [], [HWB]).partnership_id == 1


def test_attribution_regular_expression_rule():
    result = attribute("Community   Safety tasking", [], [CSP])
    assert result.partnership_id == 2 and "pattern" in result.reason


def test_attribution_category_matches_case_insensitively():
    result = attribute("Monthly review", ["substance MISUSE"], [DAT])
    assert result == Attribution(3, "rule: category 'substance misuse' (Drug Action Team)")


def test_attribution_lowest_priority_number_wins():
    assert attribute("DAT and CSP joint meeting", [], [DAT, CSP]).partnership_id == 2


def test_attribution_deeper_partnership_wins_a_tie():
    parent = Rule.build(10, "Strategic", keywords=["board"], priority=5, depth=0, position=1)
    child = Rule.build(11, "Thematic", keywords=["board"], priority=5, depth=1, position=2)
    assert attribute("Board", [], [parent, child]).partnership_id == 11


def test_attribution_earlier_row_wins_a_full_tie():
    first = Rule.build(20, "First", keywords=["board"], position=1)
    second = Rule.build(21, "Second", keywords=["board"], position=2)
    assert attribute("Board", [], [second, first]).partnership_id == 20


def test_attribution_private_meeting_is_never_matched():
    assert attribute("HWB", [], [HWB], private=True).partnership_id is None


def test_attribution_override_beats_rules():
    override = Attribution(None, "override by ann@x: not a partnership meeting")
    assert attribute("HWB", [], [HWB], override=override) == override


def test_attribution_bad_pattern_names_the_partnership():
    with pytest.raises(ValueError, match="Broken"):
        Rule.build(9, "Broken", keywords=["re:(unclosed"])
