"""User patterns cannot freeze the server, dangerous ones are refused with a reason, and a title made a
rule is always words, never a pattern."""

from __future__ import annotations

import threading

import pytest

from tracker.domain.attribution import Rule, attribute, plain_keyword
from tracker.domain.patterns import PatternRefused, compile_pattern


def finishes(fn, seconds: float = 20.0):
    """What ``fn()`` gives, failing (not hanging the suite) if it does not finish: Python's own ``re``
    would need longer than the age of the universe for the titles below."""
    out: list = []
    worker = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, "the match did not finish"
    return out[0]


def test_a_catastrophic_pattern_matches_a_hostile_title_in_linear_time():
    rule = Rule.build(1, "Board", keywords=["re:(a+)+$"])
    title = "a" * 5_000 + "!"
    assert finishes(lambda: attribute(title, [], [rule])).partnership_id is None
    assert finishes(lambda: attribute("a" * 5_000, [], [rule])).partnership_id == 1
    nested = Rule.build(2, "Nested", keywords=["re:^(\\w+\\s?)*$"])
    assert finishes(lambda: attribute("word " * 2_000 + "!", [], [nested])).partnership_id is None


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?<!draft )agenda", "look-ahead and look-behind are not allowed"),
        ("board(?= meeting)", "look-ahead and look-behind are not allowed"),
        ("(hwb) \\1", "back-references such as \\1 are not allowed"),
        ("(unclosed", "it is not a valid regular expression (missing ): (unclosed)"),
        ("((a{50}){50}){50}", "it is too complex"),
        ("x" * 201, "it is 201 characters long; the limit is 200"),
        ("", "it is empty"),
    ],
)
def test_dangerous_or_broken_patterns_are_refused_with_the_reason(pattern, reason):
    with pytest.raises(PatternRefused) as refused:
        compile_pattern(pattern)
    assert reason in refused.value.reason
    with pytest.raises(ValueError) as in_a_rule:
        Rule.build(9, "Youth Justice Board", keywords=["re:" + pattern])
    assert str(in_a_rule.value).startswith(
        f"partnership 'Youth Justice Board': the rule 're:{pattern}' cannot be used: "
    )


def test_patterns_still_match_as_before_ignoring_case():
    rule = Rule.build(2, "Community Safety Partnership", keywords=["re:\\bcommunity\\s+safety\\b"])
    assert attribute("COMMUNITY  Safety tasking", [], [rule]).reason == (
        "rule: pattern 're:\\\\bcommunity\\\\s+safety\\\\b' in the title (Community Safety Partnership)"
    )
    assert attribute("Communitysafety", [], [rule]).partnership_id is None


@pytest.mark.parametrize(
    ("title", "keyword"),
    [
        ("RE: (draft agenda", "(draft agenda"),
        ("Re: FW: HWB board", "HWB board"),
        ("Fwd:RE:  CSP; tasking ", "CSP tasking"),
        ("re:(a+)+$", "(a+)+$"),
        ("Regeneration board", "Regeneration board"),
    ],
)
def test_a_title_made_a_rule_is_a_plain_keyword(title, keyword):
    assert plain_keyword(title) == keyword
    rule = Rule.build(3, "Board", keywords=[plain_keyword(title)])  # never raises: never a pattern
    assert attribute(f"Monthly {keyword} review", [], [rule]).reason.startswith("rule: keyword")
