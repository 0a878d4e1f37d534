"""How much two partnerships overlap, in the senior people they share and in what they are for. Pure.

Reviews of partnership working asked areas to map their partnerships and cut the duplicates. Two
measures say which pairs to look at first:

- **Overlap** of membership, weighted by time: over everyone who attends either, the sum of each person's
  smaller share of hours over the sum of their larger (the weighted Jaccard, or Ruzicka, similarity).
  1 when the same people give both the same hours; 0 when no one attends both. A person who sits on one
  board for 40 hours and drops into the other for 1 adds 1 to the top and 40 to the bottom.
- **Purpose similarity**: the Jaccard similarity of the content words of the two partnerships' purposes
  and keywords (the words they share over the words either uses, common words left out).

A pair is a candidate to merge or join up by the mean of the two; pairs sharing no one and no words are
not pairs at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

# Words that say nothing about what a partnership is for (and the filler of terms of reference).
COMMON = frozenset(
    """
    a about across after all also an and any are as at be been being between board boards both but by can
    do does each for from group groups has have how in into is it its local more most of on or other our
    out over partner partners partnership partnerships per so such than that the their them then there
    these they this those through to under up us was we were what when where which who will with within
    work working would year years
    """.split()
)


@dataclass(frozen=True)
class Pair:
    """Two partnerships (``a`` < ``b`` by id) and what they have in common."""

    a: int
    b: int
    shared_people: frozenset[int]
    shared_hours: Decimal  # the hours the people they share spent in the two together
    overlap: Decimal
    purpose_similarity: Decimal
    shared_words: frozenset[str]

    @property
    def score(self) -> Decimal:
        return candidate_score(self.overlap, self.purpose_similarity)


def candidate_score(overlap: Decimal, purpose_similarity: Decimal) -> Decimal:
    """How strong a candidate to merge or join up: the mean of overlap and purpose similarity."""
    return (overlap + purpose_similarity) / 2


def content_words(text: str) -> frozenset[str]:
    """The words of a purpose or keyword list that say what it is about: lower case, common words and
    words under three letters left out, plurals made singular ("children's services" ~ "child service")."""
    words = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if len(word) < 3 or word in COMMON:
            continue
        if word.endswith("ren") and len(word) > 6:  # children -> child
            word = word[:-3]
        elif word.endswith("ies") and len(word) > 5:  # inequalities -> inequality
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 4:
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def jaccard(first: frozenset[str], second: frozenset[str]) -> Decimal:
    either = first | second
    return Decimal(len(first & second)) / len(either) if either else Decimal(0)


def weighted_overlap(first: Mapping[int, Decimal], second: Mapping[int, Decimal]) -> Decimal:
    """Sum over people of the smaller of their two hours, over the sum of the larger."""
    people = set(first) | set(second)
    larger = sum((max(first.get(p, Decimal(0)), second.get(p, Decimal(0))) for p in people), Decimal(0))
    smaller = sum((min(first.get(p, Decimal(0)), second.get(p, Decimal(0))) for p in people), Decimal(0))
    return smaller / larger if larger else Decimal(0)


def pairs(hours: Mapping[int, Mapping[int, Decimal]], texts: Mapping[int, str]) -> list[Pair]:
    """Every pair of partnerships that share a person or a content word, strongest candidates first.

    ``hours`` is each partnership's hours by person over the period; ``texts`` each partnership's purpose
    and keywords (partnerships without hours can still be alike in purpose)."""
    ids = sorted(set(hours) | set(texts))
    words = {pid: content_words(texts.get(pid, "")) for pid in ids}
    found = []
    for a, b in combinations(ids, 2):
        first, second = hours.get(a, {}), hours.get(b, {})
        shared = frozenset(p for p in first if p in second and (first[p] or second[p]))
        common = words[a] & words[b]
        if not shared and not common:
            continue
        found.append(
            Pair(
                a,
                b,
                shared,
                sum((first[p] + second[p] for p in shared), Decimal(0)),
                weighted_overlap(first, second),
                jaccard(words[a], words[b]),
                common,
            )
        )
    return sorted(found, key=lambda p: (-p.score, -p.shared_hours, p.a, p.b))
