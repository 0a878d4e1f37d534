"""Which partnership a meeting belongs to, and why. Pure: no database, no Flask.

Rules come from the partnership register: keywords matched as whole words in
the title (``re:`` for a regular expression), or calendar categories. The lowest
priority number wins, then the deeper partnership in the tree, then the earlier row.
A person's override beats any rule; a private meeting is never matched.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from .patterns import PatternRefused, Searcher, compile_pattern


@dataclass(frozen=True)
class Rule:
    partnership_id: int
    name: str
    priority: int
    depth: int
    position: int
    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    patterns: tuple[tuple[str, Searcher], ...] = field(default=(), compare=False)

    @classmethod
    def build(
        cls,
        partnership_id: int,
        name: str,
        *,
        keywords: Iterable[str] = (),
        categories: Iterable[str] = (),
        priority: int = 100,
        depth: int = 0,
        position: int = 0,
    ) -> Rule:
        """Compile the rule once; a bad ``re:`` pattern raises ``ValueError`` naming it. Patterns run on
        RE2 (``patterns``), in linear time; plain keywords are escaped, so they cannot backtrack."""
        words = tuple(k.strip() for k in keywords if k.strip())
        patterns = []
        for word in words:
            if word.lower().startswith("re:"):
                try:
                    patterns.append((word, compile_pattern(word[3:].strip())))
                except PatternRefused as exc:
                    raise ValueError(f"partnership {name!r}: the rule '{word}' cannot be used: {exc.reason}") from exc
            else:
                body = r"\s+".join(re.escape(part) for part in word.split())
                patterns.append((word, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)))
        cats = tuple(c.strip().lower() for c in categories if c.strip())
        return cls(partnership_id, name, priority, depth, position, words, cats, tuple(patterns))

    def match(self, title: str, categories: Collection[str]) -> str | None:
        """Why this rule matches, or None. ``categories`` stripped and in lower case (``attribute`` does it
        once for every rule it tries)."""
        for cat in self.categories:
            if cat in categories:
                return f"category {cat!r}"
        for word, pattern in self.patterns:
            if pattern.search(title):
                return f"{'pattern' if word.lower().startswith('re:') else 'keyword'} {word!r} in the title"
        return None

    @property
    def rank(self) -> tuple[int, int, int]:
        return (self.priority, -self.depth, self.position)


@dataclass(frozen=True)
class Attribution:
    partnership_id: int | None
    reason: str


UNATTRIBUTED = Attribution(None, "no rule matched")


def attribute(
    title: str,
    categories: Sequence[str],
    rules: Sequence[Rule],
    *,
    private: bool = False,
    override: Attribution | None = None,
) -> Attribution:
    """The partnership for one meeting, with the reason a person can read."""
    if override is not None:
        return override
    if private:
        return Attribution(None, "private: never matched")
    best: tuple[Rule, str] | None = None
    lowered = {c.strip().lower() for c in categories}
    for rule in rules:
        why = rule.match(title, lowered)
        if why and (best is None or rule.rank < best[0].rank):
            best = (rule, why)
    if best is None:
        return UNATTRIBUTED
    rule, why = best
    return Attribution(rule.partnership_id, f"rule: {why} ({rule.name})")


def keyword_words(keywords: str | None) -> list[str]:
    """The single words of a partnership's plain keywords (patterns left out): what a look-alike title may share."""
    return [word for k in split_list(keywords) if not k.lower().startswith("re:") for word in k.split()]


# Outlook's and others' reply and forward prefixes ("RE: FW: AW: WG: Fwd:"), never part of a meeting's name.
REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|sv|vs)\s*:\s*)+", re.IGNORECASE)


def plain_keyword(title: str) -> str:
    """A title made a keyword: reply prefixes dropped, so "RE: (draft agenda" is the words "(draft agenda"
    and never a ``re:`` pattern; spaces tidied; ``;`` (the register's separator) made a space."""
    return " ".join(REPLY_PREFIX.sub("", title.strip()).replace(";", " ").split())


def split_list(text: str | None) -> list[str]:
    """The register's ``;``-separated cells."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]
