"""The partnership map's figures, worked by hand: overlap of members weighted by hours, purpose similarity,
and the pairs ``tracker map`` writes for the end-to-end scenario."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run
from tests.tracker.test_end_to_end import load_scenario
from tracker.domain.gatekeeper import purpose_text
from tracker.domain.overlap import (
    FOLD_BACK_IN,
    MERGE,
    STOP_WORDS,
    jaccard,
    pairs,
    purpose_likeness,
    singular,
    weighted_overlap,
    written_words,
)


def content_words(text: str) -> set[str]:
    return {w.key for w in written_words(text)}


D = Decimal


def test_overlap_is_the_smaller_hours_over_the_larger_summed_over_everyone():
    # Person 1: 10 h on one board, 5 on the other; person 2 only on the first (2 h), person 3 only on the
    # second (3 h). Smaller: 5 + 0 + 0; larger: 10 + 2 + 3.
    assert weighted_overlap({1: D(10), 2: D(2)}, {1: D(5), 3: D(3)}) == D(5) / D(15)
    assert weighted_overlap({1: D(4), 2: D(6)}, {1: D(4), 2: D(6)}) == 1
    assert weighted_overlap({1: D(4)}, {2: D(4)}) == 0
    assert weighted_overlap({}, {}) == 0


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.integers(0, 9), st.integers(0, 50_000), max_size=8),
    st.dictionaries(st.integers(0, 9), st.integers(0, 50_000), max_size=8),
)
def test_weighted_overlap_is_the_smaller_times_over_the_larger_person_by_person(first, second):
    """The definition, summed person by person over everyone in either, as the quicker sum must give."""
    people = set(first) | set(second)
    larger = sum(max(first.get(p, 0), second.get(p, 0)) for p in people)
    smaller = sum(min(first.get(p, 0), second.get(p, 0)) for p in people)
    assert weighted_overlap(first, second) == (Decimal(smaller) / Decimal(larger) if larger else 0)


def test_purpose_words_are_whole_words_with_function_words_left_out():
    # Lower-cased, punctuation stripped, a possessive "'s" dropped; nothing cut to a stem on its own.
    words = content_words("Children's services: the safeguarding of children")
    assert words == {"children", "services", "safeguarding"}
    # "partnership" is a domain word now, kept; "across" and "the" are function words.
    assert content_words("Reduce health inequalities across the borough partnership") == {
        "reduce",
        "health",
        "inequalities",
        "borough",
        "partnership",
    }
    assert jaccard(frozenset({"a", "b", "c"}), frozenset({"b", "c", "d"})) == D(2) / D(4)
    assert jaccard(frozenset(), frozenset()) == 0


def test_the_stop_words_are_function_words_and_keep_the_domains_words():
    assert len(STOP_WORDS) == len(set(STOP_WORDS)) and all(w == w.lower() for w in STOP_WORDS)
    for kept in ("work", "working", "safety", "care", "health", "crime", "board", "partnership", "local", "year"):
        assert kept not in STOP_WORDS
    for left_out in ("the", "and", "for", "of", "with", "among"):
        assert left_out in STOP_WORDS


def test_a_plural_is_folded_only_onto_a_singular_that_is_written():
    assert singular("boards", frozenset({"boards", "board"})) == "board"
    assert singular("inequalities", frozenset({"inequality"})) == "inequality"
    assert singular("children", frozenset({"child"})) == "child"
    assert singular("boards", frozenset({"boards"})) == "boards"  # no "board" written: left whole
    # What a stemmer cut ("crisi", "seriou") no one writes, so these are never cut.
    assert singular("crisis", frozenset({"crisis", "crises"})) == "crisis"
    assert singular("serious", frozenset({"serious"})) == "serious"


def test_the_skills_and_work_partnership_keeps_work():
    work = purpose_text("Skills, jobs and work for residents", "skills and work")
    employment = purpose_text("Skills and jobs for residents", "employment and skills;ESB")
    assert "work" in content_words(work)
    # {skills, jobs, work, residents} and {skills, jobs, residents, employment, esb}: 3 shared of 6. With
    # "work" dropped as a "common" word it was 3 of 5, 0.6: the difference in "work" went unseen.
    likeness = purpose_likeness(work, employment)
    assert likeness.similarity == D("0.5")
    assert likeness.shared == ("jobs", "residents", "skills")  # "skills" as the keyword writes it, not "Skills,"


def test_shared_words_are_shown_as_written_never_as_stems():
    mental = purpose_text("Better mental health and crisis support for adults", "mental health partnership;MHPB")
    crisis = purpose_text("Crisis support for adults with mental health needs", "crisis care;concordat")
    likeness = purpose_likeness(mental, crisis)
    # {better, mental, health, crisis, support, adults, partnership, mhpb} and {crisis, support, adults,
    # mental, health, needs, care, concordat}: 5 shared of 8 + 8 - 5 = 11.
    assert likeness.similarity == D(5) / D(11)
    assert likeness.shared == ("adults", "crisis", "health", "mental", "support")
    serious = purpose_text("Prevent and reduce serious violence", "serious violence")
    knife = purpose_text("Reduce knife crime and serious violence among young people", "knife crime")
    likeness = purpose_likeness(serious, knife)
    # {prevent, reduce, serious, violence} and {reduce, knife, crime, serious, violence, young, people}: 3 of 8.
    assert (likeness.similarity, likeness.shared) == (D(3) / D(8), ("reduce", "serious", "violence"))


def test_a_hand_worked_similarity_with_a_plural_folded():
    # {support, local, boards} and {support, board}: "boards" folds onto the written "board", so
    # {support, local, board} and {support, board}: 2 shared of 3. Shown as the first writes them
    # ("Support" has its capital only for opening each text, so is shown "support"; "NHS" keeps its own).
    likeness = purpose_likeness("Support for local boards and the NHS", "Support the board, with NHS")
    # Now {support, local, boards, nhs} and {support, board, nhs}: 3 shared of 4.
    assert likeness.similarity == D(3) / D(4)
    assert likeness.shared == ("boards", "NHS", "support")


def test_a_parent_and_its_sub_groups_are_to_fold_back_in_not_to_merge():
    # 1 is a board; 2 its sub-group; 3 a sub-group of 2; 4 another sub-group of 1, beside 2.
    parents = {1: None, 2: 1, 3: 2, 4: 1}
    h = 3600  # seconds an hour: time is given in whole seconds
    seconds = {1: {10: 4 * h}, 2: {10: 4 * h, 11: 2 * h}, 3: {11: 2 * h}, 4: {10: 1 * h}}
    texts = {1: "Tackle knife crime", 2: "Tackle knife crime together", 3: "Knife crime data", 4: "Street lighting"}
    found = pairs(seconds, texts, parents)
    kinds = {(p.a, p.b): p.kind for p in found}
    assert kinds == {(2, 4): MERGE, (1, 4): FOLD_BACK_IN, (1, 2): FOLD_BACK_IN, (2, 3): FOLD_BACK_IN,
                     (1, 3): FOLD_BACK_IN}  # fmt: skip
    # The look-alikes first, though the parent and its sub-group score far higher: overlap 4/6 = 2/3,
    # words {tackle, knife, crime} and {tackle, knife, crime, together}: 3 of 4; score (2/3 + 3/4) / 2.
    assert found[0].kind == MERGE and (found[0].a, found[0].b) == (2, 4)
    first_fold = found[1]
    assert (first_fold.a, first_fold.b) == (1, 2)
    assert first_fold.overlap == D(4) / D(6) and first_fold.purpose_similarity == D("0.75")
    assert [p.kind for p in found[1:]] == [FOLD_BACK_IN] * 4


def test_pairs_are_ranked_by_the_mean_of_overlap_and_purpose_similarity():
    h = 3600  # seconds an hour
    seconds = {
        1: {10: 6 * h, 11: 4 * h},  # Youth Offending: two people
        2: {10: 6 * h, 11: 2 * h},  # Youth Justice: the same two, one for less time
        3: {12: 5 * h},  # Domestic Abuse: someone else
    }
    texts = {1: "Prevent youth offending", 2: "Youth justice and offending", 3: "Domestic abuse", 4: "Abuse of drugs"}
    found = pairs(seconds, texts)
    assert [(p.a, p.b) for p in found] == [(1, 2), (3, 4)]
    first = found[0]
    # Overlap (6 + 2) / (6 + 4) = 0.8; words {prevent, youth, offending} and {youth, justice, offending}: 2 of 4.
    assert (first.overlap, first.purpose_similarity, first.score) == (D("0.8"), D("0.5"), D("0.65"))
    assert first.shared_people == {10, 11} and first.shared_hours == 6 + 4 + 6 + 2
    assert first.shared_words == ("offending", "youth")
    second = found[1]  # no one in common, one word of three: alike in purpose only
    assert (second.shared_people, second.overlap, second.purpose_similarity) == (frozenset(), 0, D(1) / D(3))


def test_tracker_map_writes_the_scenarios_pairs(runner, tmp_path):
    load_scenario(runner)
    out = tmp_path / "map.csv"
    result = run(runner, "map", "--from", "2025-03-01", "--to", "2025-03-31", "-o", out)
    assert "1 rows written" in result.output
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == ["partnership_a", "partnership_b", "shared_people", "shared_hours", "overlap",
                       "purpose_similarity", "kind"]  # fmt: skip
    # March: HWB Alice 9.5, Bob 6, Carol 8; CSP Alice 1.5, Carol 3. Shared: Alice and Carol, 9.5 + 1.5 + 8 + 3
    # = 22 h, written 22:00:00.
    # Overlap (1.5 + 0 + 3) / (9.5 + 6 + 8) = 9/47. Purposes: "improve health reduce inequality wellbeing hwb"
    # and "reduce crime disorder community safety csp": one word, "reduce", of eleven.
    overlap = Fraction(9, 47)
    assert f"{float(overlap):.3f}" == "0.191"
    # Both report to the Borough Strategic Partnership, neither below the other: look-alikes, to merge.
    assert rows[1:] == [
        ["Health and Wellbeing Board", "Community Safety Partnership", "2", "22:00:00", "0.191", "0.091", "merge"]
    ]


def test_tracker_map_to_standard_output_covers_the_whole_year_by_default(runner):
    load_scenario(runner)
    out = run(runner, "map", "--from", "2025-01-01", "--to", "2025-12-31").stdout
    assert out.splitlines()[1].startswith("Health and Wellbeing Board,Community Safety Partnership,2,")


def test_tracker_assess_prints_the_projection_and_the_overlaps(runner):
    load_scenario(runner)
    out = run(
        runner,
        "assess",
        "--members",
        "alice@council.gov.uk,carol@police.uk",
        "--every",
        "4-weeks",
        "--hours",
        "2",
        "--name",
        "Safer Streets Group",
        "--purpose",
        "Reduce crime on the high street",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
    ).output
    lines = out.splitlines()
    assert lines[0] == "Safer Streets Group"
    # Every 4 weeks is 13 a year; 13 x 2 hours x 2 places = 52 hours.
    assert lines[1] == "Meets every 4 weeks (13.0 a year) for 2 hours; 2 places"
    assert lines[2].startswith("Projected: 52 hours a year, £") and lines[2].endswith(" a year at actual pay")
    # Beside it, what a year is: 52 weeks, so every 4 weeks is 52/4 = 13 meetings (a whole number, so no sum).
    assert lines[3] == "  a year: every 4 weeks = 13 meetings × 2 h × 2 places"
    # The overlap is measured on March's hours scaled to a year by the same rule: 52 weeks, 364 days.
    assert lines[4] == (
        "Overlapping partnerships (2025-03-01 to 2025-03-31; "
        "members' hours a year: 31 days observed (1 Mar–31 Mar 2025) × 364/31):"
    )
    # The CSP shares both; its purpose words {reduce, crime, disorder, community, safety, csp} and these
    # {reduce, crime, high, street}: 2 of 8.
    csp = next(line for line in lines if line.startswith("  Community Safety Partnership:"))
    assert csp.startswith("  Community Safety Partnership: 2 shared (Alice Adams, Carol Cole), overlap ")
    assert csp.endswith(", purpose 0.250")


def test_tracker_assess_names_an_unknown_member(runner):
    load_scenario(runner)
    result = run(runner, "assess", "--members", "nobody@x.org", "--every", "month", "--hours", "1", ok=False)
    assert result.exit_code != 0 and "nobody@x.org is not in the staff register" in result.output
    result = run(runner, "assess", "--members", "carol@police.uk", "--every", "daily", "--hours", "1", ok=False)
    assert "'daily' is not a frequency: write N-weeks (such as 4-weeks), month or quarter" in result.output


ASSESS = ("assess", "--members", "carol@police.uk", "--every", "month", "--hours", "1.5")


@pytest.mark.parametrize(
    ("places", "message"),
    [
        # The end-to-end registers know three grades, D1, VSM and CS (the staff's; finance's rates add none).
        ("SM2 x 2", "--places: 'SM2' is not a grade in the registers: did you mean VSM?"),
        ("VSM x 1000", "--places: 'VSM x 1000': at most 50 places a grade, not 1000; name the members instead"),
        ("SM x -1", "--places: 'SM x -1': a grade needs at least one place (from 1 to 50)"),
        ("VSM x 2.5", "--places: 'VSM x 2.5': 2.5 is not a whole number of places; write one from 1 to 50"),
        ("nonsense", "--places: 'nonsense' is not a grade in the registers; the grades are CS, D1, VSM"),
    ],
)
def test_tracker_assess_refuses_places_it_cannot_cost_naming_them(runner, places, message):
    load_scenario(runner)
    result = run(runner, *ASSESS, "--places", places, ok=False)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_tracker_assess_takes_a_member_by_alias_and_a_place_by_grade_in_any_case(runner):
    load_scenario(runner)
    # Alice by her alias (any case), and by her address too: one member. Carol, and two places at VSM.
    members = "A.Adams@Council.gov.uk,carol@police.uk,alice@council.gov.uk"
    lines = run(runner, *ASSESS[:2], members, *ASSESS[3:], "--places", "vsm x 2").output.splitlines()
    # Monthly, 12 a year: 12 x 1.5 hours x 4 places (Alice, Carol, two at VSM) = 72 hours.
    assert lines[1] == "Meets monthly (12.0 a year) for 1.5 hours; 4 places"
    assert lines[2].startswith("Projected: 72 hours a year, £")
    assert lines[3] == "  a year: monthly = 12 meetings × 1.5 h × 4 places"  # 12 x 1.5 x 4 = 72


@pytest.mark.parametrize("hours", ["24", "0.2", "8.5"])
def test_tracker_assess_refuses_a_meeting_outside_the_stated_range(runner, hours):
    load_scenario(runner)
    result = run(runner, *ASSESS[:5], "--hours", hours, ok=False)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --hours: {hours} hours is outside the range: a meeting lasts between 0.25 and 8 hours\n"
    )


def test_tracker_assess_warns_of_a_partnership_named_or_purposed_alike(runner):
    load_scenario(runner)
    purpose = "Reduce crime and disorder for community safety"
    out = run(runner, *ASSESS, "--name", "Community Safety Board", "--purpose", purpose).output
    # Name words {community, safety}, the CSP's; purpose words {reduce, crime, disorder, community, safety}
    # against the CSP's purpose and keywords {reduce, crime, disorder, community, safety, csp}: 5 of 6.
    assert (
        "Warning: Community Safety Partnership exists, with a name like this one and a purpose like this one "
        "(purpose similarity 0.833)\n" in out
    )
    assert out.count("Warning:") == 1
    plain = run(runner, *ASSESS, "--name", "Safer Streets Group", "--purpose", "Street lighting").output
    assert "Warning" not in plain


def test_tracker_assess_names_the_places_with_no_rate(runner):
    load_scenario(runner)
    # At standard rates this financial year: finance's rates are for 2024/25 and no grade has a band, so
    # neither Carol (CS) nor a VSM place has a rate; the hours are still projected.
    out = run(runner, *ASSESS, "--places", "VSM x 2", "--basis", "standard").output.splitlines()
    assert out[2] == (
        "Projected: 54 hours a year; cannot be costed at standard rates: no rate for 2 places at VSM, Carol Cole"
    )
