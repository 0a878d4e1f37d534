"""Loading the registers from the CSV files HR and partnership teams keep.

Each loader validates every row first and raises ``RegisterError`` naming the
file, line and reason; it writes only when the whole file is good. The caller commits.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from importers.text import decode

from .attribution import Rule, split_list
from .models import Grade, OnCostRate, Organisation, Partnership, Person, PersonAlias, Salary

STAFF_COLUMNS = (
    "name",
    "email",
    "aliases",
    "job_title",
    "grade",
    "organisation",
    "directorate",
    "cost_centre",
    "annual_salary",
    "fte",
    "salary_effective_from",
)
PARTNERSHIP_COLUMNS = ("name", "parent", "purpose", "lead_organisation", "keywords", "categories", "priority")
GRADE_COLUMNS = ("grade", "band_min", "band_max")
ONCOST_COLUMNS = (
    "organisation",
    "financial_year",
    "employer_ni_rate",
    "ni_threshold",
    "pension_rate",
    "apprenticeship_levy_rate",
    "other_rate",
)
EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


class RegisterError(ValueError):
    def __init__(self, filename: str, reason: str, line: int | None = None) -> None:
        self.filename, self.reason, self.line = filename, reason, line
        where = f"{filename}, line {line}" if line else filename
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    rows: int

    def __str__(self) -> str:
        return f"{self.rows} rows: {self.created} new, {self.updated} updated"


def read_rows(data: bytes, filename: str, columns: tuple[str, ...], required: tuple[str, ...]):
    """(line, row) pairs with every expected column present (blank when absent from the file)."""
    reader = csv.DictReader(io.StringIO(decode(data, filename), newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        raise RegisterError(filename, "the file is empty")
    missing = [c for c in required if c not in header]
    if missing:
        raise RegisterError(filename, f"missing column(s): {', '.join(missing)}; expected {','.join(columns)}", 1)
    reader.fieldnames = header
    rows = []
    for record in reader:
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        rows.append((reader.line_num, {c: (record.get(c) or "").strip() for c in columns}))
    return rows


def money(text: str, filename: str, line: int, column: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise RegisterError(filename, f"{column} {text!r} is not an amount", line) from None
    if value < 0 or not value.is_finite():
        raise RegisterError(filename, f"{column} cannot be negative", line)
    return value


def percentage(text: str, filename: str, line: int, column: str) -> Decimal:
    """``15%`` or ``0.15`` both mean fifteen per cent."""
    raw = text.strip()
    try:
        value = Decimal(raw.rstrip("%").strip()) / (100 if raw.endswith("%") else 1)
    except InvalidOperation:
        raise RegisterError(filename, f"{column} {text!r} is not a rate (write 15% or 0.15)", line) from None
    if not 0 <= value < 1:
        raise RegisterError(filename, f"{column} {text!r} must be between 0% and 100%", line)
    return value


def a_date(text: str, filename: str, line: int, column: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RegisterError(filename, f"{column} {text!r} is not a date (write YYYY-MM-DD)", line) from None


def organisation(session: Session, name: str) -> Organisation | None:
    if not name:
        return None
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name)
        session.add(org)
        session.flush()
    return org


def load_staff(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, STAFF_COLUMNS, ("name", "email"))
    parsed = []
    for line, row in rows:
        email = row["email"].lower()
        if not EMAIL.match(email):
            raise RegisterError(filename, f"email {row['email']!r} is not an address", line)
        aliases = [a.lower() for a in split_list(row["aliases"])]
        for alias in aliases:
            if not EMAIL.match(alias):
                raise RegisterError(filename, f"alias {alias!r} is not an address", line)
        salary = money(row["annual_salary"], filename, line, "annual_salary") if row["annual_salary"] else None
        fte = money(row["fte"], filename, line, "fte") if row["fte"] else Decimal("1")
        if not Decimal("0") < fte <= Decimal("1.5"):
            raise RegisterError(filename, f"fte {row['fte']!r} must be above 0 and at most 1.5", line)
        if salary is not None and not row["salary_effective_from"]:
            raise RegisterError(filename, "annual_salary needs a salary_effective_from date", line)
        since = a_date(row["salary_effective_from"], filename, line, "salary_effective_from") if salary else None
        parsed.append((line, row, email, aliases, salary, fte, since))
    created = updated = 0
    people = {p.email: p for p in session.scalars(select(Person))}
    for line, row, email, aliases, salary, fte, since in parsed:
        person = people.get(email)
        if person is None:
            person = Person(email=email, name=row["name"])
            session.add(person)
            people[email] = person
            created += 1
        else:
            updated += 1
        person.name = row["name"]
        person.job_title, person.grade = row["job_title"], row["grade"]
        person.directorate, person.cost_centre, person.fte = row["directorate"], row["cost_centre"], fte
        org = organisation(session, row["organisation"])
        person.organisation_id = org.id if org else None
        session.flush()
        for alias in aliases:
            owner = session.scalar(select(PersonAlias).where(PersonAlias.email == alias))
            if alias == email or alias in people and people[alias] is not person:
                raise RegisterError(filename, f"alias {alias!r} is another person's address", line)
            if owner is None:
                session.add(PersonAlias(person_id=person.id, email=alias))
            elif owner.person_id != person.id:
                raise RegisterError(filename, f"alias {alias!r} already belongs to someone else", line)
        if salary is not None:
            entry = session.scalar(select(Salary).where(Salary.person_id == person.id, Salary.effective_from == since))
            if entry is None:
                session.add(Salary(person_id=person.id, annual_salary=salary, effective_from=since))
            else:
                entry.annual_salary = salary
        session.flush()
    return LoadSummary(created, updated - _repeats(parsed), len(parsed))


def _repeats(parsed) -> int:
    """Extra rows of one person (salary history) are not extra updates."""
    seen: set[str] = set()
    repeats = 0
    for item in parsed:
        repeats += item[2] in seen
        seen.add(item[2])
    return repeats


def load_partnerships(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, PARTNERSHIP_COLUMNS, ("name",))
    existing = {p.name: p for p in session.scalars(select(Partnership))}
    names = {row["name"] for _, row in rows}
    for line, row in rows:
        if not row["name"]:
            raise RegisterError(filename, "name is empty", line)
        if row["parent"] and row["parent"] not in names and row["parent"] not in existing:
            raise RegisterError(filename, f"parent {row['parent']!r} is not a partnership", line)
        if row["parent"] == row["name"]:
            raise RegisterError(filename, "a partnership cannot be its own parent", line)
        if row["priority"] and not re.fullmatch(r"-?\d+", row["priority"]):
            raise RegisterError(filename, f"priority {row['priority']!r} is not a whole number", line)
        try:
            Rule.build(0, row["name"], keywords=split_list(row["keywords"]))
        except ValueError as exc:
            raise RegisterError(filename, str(exc), line) from None
    created = 0
    base = max((p.position for p in existing.values()), default=0) + 1
    for index, (_, row) in enumerate(rows):
        item = existing.get(row["name"])
        if item is None:
            item = Partnership(name=row["name"])
            session.add(item)
            existing[row["name"]] = item
            created += 1
        item.purpose, item.lead_organisation = row["purpose"], row["lead_organisation"]
        item.keywords, item.categories = row["keywords"], row["categories"]
        item.priority = int(row["priority"]) if row["priority"] else 100
        item.position = base + index
    session.flush()
    for line, row in rows:
        existing[row["name"]].parent_id = existing[row["parent"]].id if row["parent"] else None
        _check_no_cycle(existing[row["name"]], existing, filename, line)
    session.flush()
    return LoadSummary(created, len(rows) - created, len(rows))


def _check_no_cycle(item: Partnership, by_name: dict[str, Partnership], filename: str, line: int) -> None:
    by_id = {p.id: p for p in by_name.values()}
    seen = {item.id}
    parent = item.parent_id
    while parent is not None:
        if parent in seen:
            raise RegisterError(filename, f"{item.name!r} would be its own ancestor", line)
        seen.add(parent)
        parent = by_id[parent].parent_id


def load_grades(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, GRADE_COLUMNS, GRADE_COLUMNS)
    parsed = []
    for line, row in rows:
        low = money(row["band_min"], filename, line, "band_min")
        high = money(row["band_max"], filename, line, "band_max")
        if high < low:
            raise RegisterError(filename, "band_max is below band_min", line)
        parsed.append((row["grade"], low, high))
    created = 0
    for name, low, high in parsed:
        grade = session.scalar(select(Grade).where(Grade.name == name))
        if grade is None:
            grade = Grade(name=name)
            session.add(grade)
            created += 1
        grade.band_min, grade.band_max = low, high
    session.flush()
    return LoadSummary(created, len(parsed) - created, len(parsed))


def load_oncosts(session: Session, data: bytes, filename: str) -> LoadSummary:
    rows = read_rows(data, filename, ONCOST_COLUMNS, ONCOST_COLUMNS[:-1])
    parsed = []
    for line, row in rows:
        if not re.fullmatch(r"\d{4}(/\d{2})?", row["financial_year"]):
            raise RegisterError(filename, "financial_year is the year it starts, such as 2025 or 2025/26", line)
        parsed.append(
            (
                row["organisation"],
                int(row["financial_year"][:4]),
                percentage(row["employer_ni_rate"], filename, line, "employer_ni_rate"),
                money(row["ni_threshold"], filename, line, "ni_threshold"),
                percentage(row["pension_rate"], filename, line, "pension_rate"),
                percentage(row["apprenticeship_levy_rate"], filename, line, "apprenticeship_levy_rate"),
                percentage(row["other_rate"] or "0", filename, line, "other_rate"),
            )
        )
    created = 0
    for name, year, ni, threshold, pension, levy, other in parsed:
        org = organisation(session, name)
        rate = session.scalar(
            select(OnCostRate).where(OnCostRate.organisation_id == org.id, OnCostRate.financial_year == year)
        )
        if rate is None:
            rate = OnCostRate(organisation_id=org.id, financial_year=year)
            session.add(rate)
            created += 1
        rate.employer_ni_rate, rate.ni_threshold, rate.pension_rate = ni, threshold, pension
        rate.apprenticeship_levy_rate, rate.other_rate = levy, other
    session.flush()
    return LoadSummary(created, len(parsed) - created, len(parsed))
