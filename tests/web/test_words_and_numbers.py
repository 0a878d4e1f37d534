"""Every page of the demo, as each role reads it, writes words and numbers the way GOV.UK does.

The walk is the one the pay-invariance test takes (every page that takes no argument, with and without the
demo's period, and a few of each kind linked from those). Only the visible text of HTML pages is read: what
is inside ``<script>``, ``<style>``, attributes, inputs and links' addresses is for machines. A page fails on:

- a count of one before a plural noun ("1 meetings", "It met 1 times", "1 people");
- "a hour" (it is "an hour");
- a space before "%" ("91 %" where GOV.UK writes "91%");
- an ISO date (2026-12-02) where people read "2 December 2026";
- a day with a leading zero ("02 Dec 2026", "Wed 02 Dec"), where GOV.UK writes "2 Dec 2026" (a time's
  minutes before a month, "4:05 May", are not a day);
- a whole number of 1,000 or more without a thousands separator (a year, 1990 to 2099, is not a count);
- "hidden" with no reason in the same sentence (why: too few people, a role, a setting).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from tests.tracker.test_demo_pinned import QUERY
from tests.web.test_pay_invariance import walk
from tracker.web.formatting import article, change, date_span, number, plural, times, uk_dates, with_unit

ROLES = {"director": "demo-director-pass", "manager": "demo-manager-pass", "admin": "demo-admin-pass"}
ROLES["finance"] = "demo-finance-pass"
PLURALS = "meetings|times|partnerships|people|hours|occurrences|attendances|series|members|days|rows|results"
ONE_AND_PLURAL = re.compile(rf"(?<![\d.,£])\b1 ({PLURALS})\b")
A_HOUR = re.compile(r"\ba hour\b", re.IGNORECASE)
SPACE_PERCENT = re.compile(r"\d %")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ZERO_DAY = re.compile(r"(?<![\w.,£:])0\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")  # not "£0.00 May"
# Four or more digits in a row, not part of a decimal's fraction, a longer token (an id, a code) or a year.
BARE_THOUSANDS = re.compile(r"(?<![\w.,\-/:#])(\d{4,})(?![\w\-/:])")
YEAR = re.compile(r"^(19|20)\d{2}$")
HIDDEN = re.compile(r"\bhidden\b", re.IGNORECASE)
# What a "hidden" sentence names as its reason.
REASONS = re.compile(
    r"because|fewer than|too few|not allowed|may not|can't|cannot|only|permission|role|privacy|protect|"
    r"so that|to keep|setting|until|unless|when|if |small",
    re.IGNORECASE,
)
SKIPPED_TAGS = {"script", "style", "textarea", "option", "code", "pre"}


class _VisibleText(HTMLParser):
    """The text a person reads: not scripts, styles, what an input or a list of options holds, or code."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = _VisibleText()
    reader.feed(html)
    return re.sub(r"\s+", " ", " ".join(reader.parts))


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?:])\s+", text)


def findings(text: str) -> list[str]:
    """What a page's visible text gets wrong, each with a few words either side to find it by."""

    def near(match: re.Match) -> str:
        return text[max(match.start() - 40, 0) : match.end() + 40]

    found = [f"one and a plural: {near(m)!r}" for m in ONE_AND_PLURAL.finditer(text)]
    found += [f"'a hour': {near(m)!r}" for m in A_HOUR.finditer(text)]
    found += [f"space before %: {near(m)!r}" for m in SPACE_PERCENT.finditer(text)]
    found += [f"ISO date: {near(m)!r}" for m in ISO_DATE.finditer(text)]
    found += [f"leading zero on a day: {near(m)!r}" for m in ZERO_DAY.finditer(text)]
    found += [
        f"no thousands separator: {near(m)!r}" for m in BARE_THOUSANDS.finditer(text) if not YEAR.match(m.group(1))
    ]
    found += [
        f"hidden with no reason: {sentence[:160]!r}"
        for sentence in _sentences(text)
        if HIDDEN.search(sentence) and not REASONS.search(sentence)
    ]
    return found


def test_the_checks_find_each_fault_and_pass_good_writing():
    """Each rule fires on the fault the issue found, and stays quiet on how it should be written."""
    bad = (
        "It met 1 times across 1 meetings. £28.00 a hour. 91 % of 100%. Imported 2026-12-02, next Wed 02 Dec. "
        "Cost 1670.29 in total. Two rows hidden."
    )
    kinds = [finding.split(":")[0] for finding in findings(bad)]
    assert kinds == [
        "one and a plural",
        "one and a plural",
        "'a hour'",
        "space before %",
        "ISO date",
        "leading zero on a day",
        "no thousands separator",
        "hidden with no reason",
    ]
    good = (
        "It met once across 1 meeting, 11 meetings and 2.1 hours. £28.00 an hour. 91% of 100%. "
        "Imported 2 December 2026, in 2026, next Wed 2 Dec 2026 at 09:00. Cost £1,670.29, 0.1670 of it, £0.00 May. "
        "Two rows hidden because fewer than 5 people attended. 1 hour 30 minutes, 1,204:05 in all, 4:05 May 2025."
    )
    assert findings(good) == []


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_writes_words_and_numbers_as_govuk_does(demo, role):
    client = demo.test_client()
    signed_in = client.post("/login", data={"email": f"{role}@demo.example", "password": ROLES[role]})
    assert signed_in.status_code == 302
    answers = walk(demo, client, QUERY)
    pages = {url: body for url, (status, body) in answers.items() if status == 200 and body.lstrip().startswith(b"<")}
    assert len(pages) > 30, f"the walk as {role} reached too little: {sorted(pages)}"
    faults = [f"{url}: {finding}" for url, body in pages.items() for finding in findings(visible_text(body.decode()))]
    assert not faults, f"{len(faults)} faults on {len(pages)} pages:\n" + "\n".join(sorted(set(faults))[:200])


def test_the_formatting_helpers_write_counts_units_and_dates_as_govuk_does():
    """The helpers the pages use, on the issue's own examples."""
    assert (plural(1, "meeting"), plural(1019, "meeting"), plural(1, "series", "series")) == (
        "1 meeting",
        "1,019 meetings",  # 1019 with its thousands separated
        "1 series",
    )
    assert (times(1), times(2), times(3)) == ("once", "twice", "3 times")
    assert (article("hour"), article("unit"), article("adviser")) == ("an hour", "a unit", "an adviser")
    assert (with_unit(Decimal("91"), "%"), with_unit(Decimal("187"), "people")) == ("91%", "187 people")
    assert number(Decimal("1670.29")) == "1,670.29"
    assert change(Decimal("10.57")) == "+1,057%"  # 10.57 × 100 = 1,057
    assert date_span("2026-12-02", "2026-12-02") == "on 2 December 2026"
    assert date_span(date(2026, 12, 1), date(2026, 12, 2)) == "between 1 December 2026 and 2 December 2026"
    assert uk_dates("period 2026-04-01 to 2026-12-06; 2026-13-40") == "period 1 Apr 2026 to 6 Dec 2026; 2026-13-40"
