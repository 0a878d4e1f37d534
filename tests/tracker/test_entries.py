"""The register rules a CSV row and a form share: what is accepted, and what is said when it is not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tracker.domain import entries, local_time
from tracker.domain.entries import InvalidEntry
from tracker.domain.periods import Period


def refused(parse, row: dict[str, str]) -> InvalidEntry:
    with pytest.raises(InvalidEntry) as caught:
        parse(row)
    return caught.value


PERSON = {"name": "Dee Dixon", "email": "Dee@Council.gov.uk", "fte": "0.8", "aliases": "d.dixon@council.gov.uk; "}


def test_entries_person_is_normalised():
    entry = entries.person_entry(PERSON)
    assert (entry.email, entry.aliases, entry.fte) == (
        "dee@council.gov.uk",
        ("d.dixon@council.gov.uk",),
        Decimal("0.8"),
    )
    assert entries.person_entry({"name": "X", "email": "x@a.org"}).fte == Decimal(1)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "'not-an-address' is not an email address"),
        ({"name": " "}, "name", "cannot be empty"),
        ({"fte": "0"}, "fte", "'0' must be above 0 and at most 1.5"),
        ({"fte": "2"}, "fte", "'2' must be above 0 and at most 1.5"),
        ({"fte": "full"}, "fte", "'full' is not an FTE (write 1 for full time, 0.8 or 80% for four days a week)"),
        ({"fte": "£0.5"}, "fte", "'£0.5' is not an FTE (write 1 for full time, 0.8 or 80% for four days a week)"),
        ({"fte": "1,5"}, "fte", "'1,5' is not an FTE (write 1 for full time, 0.8 or 80% for four days a week)"),
        ({"aliases": "dee@council"}, "aliases", "'dee@council' is not an email address"),
        (
            {"aliases": "dee@council.gov.uk"},
            "aliases",
            "'dee@council.gov.uk' is the person's own address, not another one",
        ),
    ],
)
def test_entries_person_refusals_name_the_field(change, field, message):
    error = refused(entries.person_entry, {**PERSON, **change})
    assert (error.field, error.message) == (field, message)
    assert str(error) == f"{field}: {message}"


def test_entries_fte_as_a_fraction_or_a_percentage():
    assert entries.person_entry({**PERSON, "fte": "80%"}).fte == Decimal("0.8")
    assert entries.person_entry({**PERSON, "fte": ""}).fte == Decimal(1)


def test_entries_salary_needs_its_date_and_a_sane_amount():
    assert entries.salary_entry({}) is None
    assert entries.salary_entry({"annual_salary": "£45,000", "salary_effective_from": "2025-04-01"}) == (
        entries.SalaryEntry(Decimal("45000"), date(2025, 4, 1))
    )
    assert refused(entries.salary_entry, {"annual_salary": "45000"}).field == "salary_effective_from"
    assert refused(entries.salary_entry, {"salary_effective_from": "2025-04-01"}).field == "annual_salary"
    assert refused(entries.salary_entry, {"annual_salary": "-1", "salary_effective_from": "2025-04-01"}).message == (
        "'-1' cannot be negative"
    )
    assert (
        "more than £10,000,000"
        in refused(entries.salary_entry, {"annual_salary": "10000001", "salary_effective_from": "2025-04-01"}).message
    )
    assert refused(
        entries.salary_entry, {"annual_salary": "45000.005", "salary_effective_from": "2025-04-01"}
    ).message == ("'45000.005' has more than two decimal places (pounds and pence)")
    assert refused(entries.salary_entry, {"annual_salary": "4.5e4", "salary_effective_from": "2025-04-01"}).field == (
        "annual_salary"
    )
    assert refused(entries.salary_entry, {"annual_salary": "1", "salary_effective_from": "1/4/25"}).message == (
        "'1/4/25' is not a date (write YYYY-MM-DD)"
    )


@pytest.mark.parametrize(("text", "rate"), [("15%", "0.15"), ("0.15", "0.15"), ("13.8 %", "0.138"), ("0", "0")])
def test_entries_rates_read_as_percent_or_fraction(text, rate):
    row = {"organisation": "Borough Council", "financial_year": "2025/26", "employer_ni_rate": text}
    row |= {"ni_threshold": "5000", "pension_rate": "20%", "apprenticeship_levy_rate": "0.5%"}
    entry = entries.oncost_entry(row)
    assert entry.employer_ni_rate == Decimal(rate) and entry.financial_year == 2025 and entry.other_rate == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"organisation": ""}, "organisation", "cannot be empty"),
        (
            {"employer_ni_rate": "100%"},
            "employer_ni_rate",
            "'100%' must be at least 0% and below 100% (write 15% or 0.15)",
        ),
        ({"pension_rate": "20"}, "pension_rate", "'20' must be at least 0% and below 100% (write 15% or 0.15)"),
        ({"pension_rate": "a fifth"}, "pension_rate", "'a fifth' is not a rate (write 15% or 0.15)"),
        (
            {"apprenticeship_levy_rate": "0.5"},
            "apprenticeship_levy_rate",
            "'0.5' would be 50%, more than any apprenticeship levy rate: for 0.5 per cent write 0.5%",
        ),
        (
            {"employer_ni_rate": "45%"},
            "employer_ni_rate",
            "'45%' is more than any employer ni rate (below 30%)",
        ),
        (
            {"financial_year": "2025/27"},
            "financial_year",
            "'2025/27' is not a financial year: write the year it starts, such as 2025 or 2025/26",
        ),
        (
            {"financial_year": "1999"},
            "financial_year",
            "'1999' is not a financial year: write the year it starts, such as 2025 or 2025/26",
        ),
    ],
)
def test_entries_oncost_refusals(change, field, message):
    row = {"organisation": "Borough Council", "financial_year": "2025", "employer_ni_rate": "15%"}
    row |= {"ni_threshold": "5000", "pension_rate": "20%", "apprenticeship_levy_rate": "0.5%", **change}
    error = refused(entries.oncost_entry, row)
    assert (error.field, error.message) == (field, message)


def test_entries_partnership_rules():
    entry = entries.partnership_entry({"name": "CSP", "keywords": "community safety; re:^CSP\\b", "priority": "5"})
    assert (entry.priority, entry.parent, entry.lead_email) == (5, "", None)
    assert entries.partnership_entry({"name": "CSP", "lead_email": ""}).lead_email == ""
    assert refused(entries.partnership_entry, {"name": "CSP", "parent": "CSP"}).message == (
        "a partnership cannot be its own parent"
    )
    assert (
        refused(entries.partnership_entry, {"name": "CSP", "priority": "high"}).message
        == "'high' is not a whole number"
    )
    bad = refused(entries.partnership_entry, {"name": "CSP", "keywords": "re:("})
    assert bad.field == "keywords" and "not a valid regular expression" in bad.message


def test_entries_grade_band_and_outcome_rows():
    assert refused(entries.grade_entry, {"grade": "D1", "band_min": "9", "band_max": "8"}).field == "band_max"
    row = {"partnership": "CSP", "period_start": "2025-01-01", "period_end": "2025-03-31", "measure": "Victims"}
    outcome = entries.outcome_entry({**row, "value": "1,200", "target": "70%", "kind": "how_well"})
    assert (outcome.value.value, outcome.measure.target, outcome.measure.kind) == (1200, 70, "how_well")
    assert refused(entries.outcome_entry, {**row, "value": ""}).field == "value"
    assert refused(entries.outcome_entry, {**row, "value": "1e20"}).message == "'1e20' is not a number"
    assert refused(entries.outcome_entry, {**row, "value": "100000000000000000000"}).message == (
        "'100000000000000000000' is too large (under 1,000,000,000,000)"
    )
    assert refused(entries.outcome_entry, {**row, "value": "3", "period_end": "2024-12-31"}).field == "period_end"
    assert refused(entries.outcome_entry, {**row, "value": "3", "kind": "outputs"}).message == (
        "'outputs' is not one of better_off, how_well, how_much"
    )


def test_local_today_is_london_not_the_server_zone(monkeypatch):
    """At 23:30 UTC on 30 June it is already 1 July in London (summer time): the financial year's days follow London."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 6, 30, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(local_time, "datetime", Clock)
    assert local_time.today() == date(2026, 7, 1)
    assert Period.year_to_date(date(2026, 3, 31)) == Period(date(2025, 4, 1), date(2026, 3, 31))
    assert Period.year_to_date(date(2026, 4, 1)) == Period(date(2026, 4, 1), date(2026, 4, 1))
