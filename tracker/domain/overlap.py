"""How much two partnerships overlap, in the senior people they share and in what they are for. Pure.

Reviews of partnership working asked areas to map their partnerships and cut the duplicates. Two
measures say which pairs to look at first:

- **Overlap** of membership, weighted by time: over everyone who attends either, the sum of each person's
  smaller share of hours over the sum of their larger (the weighted Jaccard, or Ruzicka, similarity).
  1 when the same people give both the same hours; 0 when no one attends both. A person who sits on one
  board for 40 hours and drops into the other for 1 adds 1 to the top and 40 to the bottom.
- **Purpose similarity**: the Jaccard similarity of the whole words of the two partnerships' purposes
  and keywords (the words they share over the words either uses), plain English function words
  (``STOP_WORDS``, published on the definitions page) left out. Words are compared whole, lower-cased
  and with punctuation stripped, never cut to a stem: a stemmer made "crisis" "crisi" and "serious"
  "seriou", and a list of "common" words dropped "work" from the Skills and Work Partnership. The one
  fold is a plural to its singular, and only when that singular is itself written in one of the two
  texts ("boards" and "board"; "children" and "child"): so the fold can only join two real words, and
  "crisis" stays "crisis" because no one writes "crisi". The shared words are shown as written.

A pair is a candidate by the mean of the two; pairs sharing no one and no words are not pairs at all.
A pair where one partnership sits below the other (its parent, or further up) is a candidate to **fold
back in** (the sub-group's work returned to the board it came from), listed apart from look-alikes that
are candidates to **merge**.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import TypeVar

from .rounding import hours

Time = TypeVar("Time", int, Decimal)  # whole seconds (the map), or hours a year (a proposal's members)

# Plain English function words, and only those: words that say nothing about what a partnership is for.
# Domain words ("work", "safety", "care", "health", "crime", "board", "partnership") are kept. Published
# on the definitions page (templates/pages/definitions.html), which a test keeps in step with this tuple.
STOP_WORDS: tuple[str, ...] = (
    "a", "about", "above", "across", "after", "against", "all", "along", "also", "am", "among", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "did", "do", "does", "down", "during", "each", "either", "every", "for", "from",
    "had", "has", "have", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "may", "me", "might", "more", "most", "must", "my", "neither", "no", "nor", "not",
    "of", "off", "on", "once", "only", "onto", "or", "other", "our", "ours", "out", "over", "own", "per",
    "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "towards",
    "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
    "would", "you", "your",
)  # fmt: skip
_STOP = frozenset(STOP_WORDS)

# Plurals not made by adding -s or -es, folded like the others only when the singular is written too.
IRREGULAR_PLURALS = {"children": "child", "women": "woman", "men": "man", "people": "person"}

_STARTS = re.compile(r"[.!?:;\n][ \t]*$")  # a word after one of these begins a sentence or a clause


@dataclass(frozen=True)
class Written:
    """A word of a purpose as compared (``key``: lower case, punctuation stripped) and as written."""

    key: str
    form: str
    capital_by_position: bool  # capitalised only because it opens the text or a sentence


def written_words(text: str) -> list[Written]:
    """The words of a purpose or keyword list, in order, function words (``STOP_WORDS``) left out.

    Apostrophes are dropped with a possessive "'s" ("children's" is "children"); any other punctuation,
    hyphens included, separates words ("anti-social" is "anti" and "social")."""
    found = []
    cleaned = re.sub(r"['\u2019]s\b", "", text, flags=re.IGNORECASE).replace("'", "").replace("\u2019", "")
    for match in re.finditer(r"[A-Za-z0-9]+", cleaned):
        form = match.group()
        key = form.lower()
        if key in _STOP:
            continue
        before = cleaned[: match.start()]
        opening = not before.strip() or bool(_STARTS.search(before))
        found.append(Written(key, form, opening and form[:1].isupper() and form[1:] == form[1:].lower()))
    return found


def singular(word: str, vocabulary: frozenset[str]) -> str:
    """``word`` as its singular when that singular is in ``vocabulary`` (the words both texts use), else
    as it is: "boards" is "board" only beside a "board", "inequalities" "inequality" beside an
    "inequality"; "crisis" and "serious" have no singular anyone writes, so are never cut."""
    return next((c for c in _singulars(word) if c in vocabulary), word)


@functools.lru_cache(maxsize=4096)
def _singulars(word: str) -> tuple[str, ...]:
    """What ``word`` could be the plural of, most likely first: worked out once a word, as the map compares
    every pair of a locality's 120 partnerships (7,140 pairs, 260,000 look-ups)."""
    candidates = []
    if word in IRREGULAR_PLURALS:
        candidates.append(IRREGULAR_PLURALS[word])
    if word.endswith("ies") and len(word) > 4:
        candidates.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        candidates.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        candidates.append(word[:-1])
    return tuple(candidates)


@dataclass(frozen=True)
class PurposeLikeness:
    """How alike two purposes are: the Jaccard similarity of their words, and the words they share as
    written (case-insensitively sorted)."""

    similarity: Decimal
    shared: tuple[str, ...]


def purpose_likeness(first: str, second: str) -> PurposeLikeness:
    """The purpose similarity of two texts (purposes and keywords) and the words they share, as written.

    A shared word is shown as the first text writes it, or the second where the first has it only with
    a capital for opening a sentence ("Reduce crime" and "we reduce": "reduce"); where both have it only
    so, in lower case, the capital being the sentence's, not the word's ("NHS" and "GP" keep theirs)."""
    return _likeness(written_words(first), written_words(second))


def _likeness(mine: list[Written], theirs: list[Written]) -> PurposeLikeness:
    vocabulary = frozenset(w.key for w in mine) | frozenset(w.key for w in theirs)
    as_singular = {key: singular(key, vocabulary) for key in vocabulary}
    first_keys = frozenset(as_singular[w.key] for w in mine)
    second_keys = frozenset(as_singular[w.key] for w in theirs)
    shared = first_keys & second_keys
    shown = []
    for key in shared:
        forms = [w for w in [*mine, *theirs] if as_singular[w.key] == key]
        # A capital that only opens a sentence is not how the word is spelt: "Reduce crime" shows "reduce".
        shown.append(next((w.form for w in forms if not w.capital_by_position), forms[0].form.lower()))
    return PurposeLikeness(jaccard(first_keys, second_keys), tuple(sorted(shown, key=lambda w: (w.lower(), w))))


FOLD_BACK_IN = "fold back in"  # one partnership sits below the other
MERGE = "merge"  # look-alikes side by side


@dataclass(frozen=True)
class Pair:
    """Two partnerships (``a`` < ``b`` by id) and what they have in common."""

    a: int
    b: int
    shared_people: frozenset[int]
    shared_seconds: int  # the time the people they share spent in the two together
    overlap: Decimal
    purpose_similarity: Decimal
    shared_words: tuple[str, ...]  # as written, case-insensitively sorted
    kind: str = MERGE  # or FOLD_BACK_IN when one sits below the other

    @property
    def score(self) -> Decimal:
        return candidate_score(self.overlap, self.purpose_similarity)

    @property
    def shared_hours(self) -> Decimal:
        return hours(self.shared_seconds)


def candidate_score(overlap: Decimal, purpose_similarity: Decimal) -> Decimal:
    """How strong a candidate to merge or join up: the mean of overlap and purpose similarity."""
    return (overlap + purpose_similarity) / 2


def jaccard(first: frozenset[str], second: frozenset[str]) -> Decimal:
    either = first | second
    return Decimal(len(first & second)) / len(either) if either else Decimal(0)


def weighted_overlap(first: Mapping[int, Time], second: Mapping[int, Time]) -> Decimal:
    """Sum over people of the smaller of their two times, over the sum of the larger. Given whole seconds
    the sums are exact, so the share is rounded once where it is shown (0.1325 prints 0.133)."""
    # A time is never negative, so the larger of two times is their sum less the smaller, and someone in one
    # partnership alone adds their time to the larger sum only: summed so, not person by person over both.
    smaller = sum(min(first[p], second[p]) for p in first.keys() & second.keys())
    larger = sum(first.values()) + sum(second.values()) - smaller
    return Decimal(smaller) / Decimal(larger) if larger else Decimal(0)


def ancestors(pid: int, parents: Mapping[int, int | None]) -> list[int]:
    """The partnerships ``pid`` reports to, its parent first, up to the top (a loop is stopped, not followed)."""
    found: list[int] = []
    up = parents.get(pid)
    while up is not None and up not in found and up != pid:
        found.append(up)
        up = parents.get(up)
    return found


def kind_of(a: int, b: int, parents: Mapping[int, int | None]) -> str:
    """``FOLD_BACK_IN`` when one of the two sits below the other (its parent or further up), else ``MERGE``."""
    return FOLD_BACK_IN if a in ancestors(b, parents) or b in ancestors(a, parents) else MERGE


def pairs(
    seconds: Mapping[int, Mapping[int, int]],
    texts: Mapping[int, str],
    parents: Mapping[int, int | None] | None = None,
) -> list[Pair]:
    """Every pair of partnerships that share a person or a content word: the look-alikes to merge first,
    then those where one sits below the other (to fold back in), each strongest candidate first.

    ``seconds`` is each partnership's time by person over the period; ``texts`` each partnership's purpose
    and keywords (partnerships without hours can still be alike in purpose); ``parents`` each one's parent."""
    parents = parents or {}
    ids = sorted(set(seconds) | set(texts))
    words = {pid: written_words(texts.get(pid, "")) for pid in ids}
    found = []
    for a, b in combinations(ids, 2):
        first, second = seconds.get(a, {}), seconds.get(b, {})
        shared = frozenset(p for p in first if p in second and (first[p] or second[p]))
        likeness = _likeness(words[a], words[b])
        if not shared and not likeness.shared:
            continue
        found.append(
            Pair(
                a,
                b,
                shared,
                sum(first[p] + second[p] for p in shared),
                weighted_overlap(first, second),
                likeness.similarity,
                likeness.shared,
                kind_of(a, b, parents),
            )
        )
    return sorted(found, key=lambda p: (p.kind != MERGE, -p.score, -p.shared_seconds, p.a, p.b))
