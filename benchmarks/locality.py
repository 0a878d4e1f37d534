"""A whole locality for page benchmarks: 120 partnerships in families, seven organisations, three years.

The organisation ``generate_org`` makes has ten partnerships and four organisations over one year, which
understates what a locality's pages must carry (the reviews found one locality running over a hundred
partnerships doing similar things). This one, generated apart from the demo's code and deterministic:

- 120 partnerships in ten families (a theme's board and eleven groups under it: executive, delivery,
  performance, task and finish...), so many have similar names, purposes and members;
- N people across seven organisations (council, county, NHS trust, ICB, police, fire, probation), on three
  grades, paid between 60,000 and 190,000 a year;
- three financial years (April 2023 to March 2026) of each person's diary, about 1,200 occurrences a year,
  the meetings of ``generate_org.organisation`` with every partnership meeting monthly.

``fill_org.fill(session, size, LOCALITY)`` writes it straight into the tables.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from generate_org import Meeting, organisation

THEMES = (
    "Health and Wellbeing",
    "Community Safety",
    "Safeguarding Adults",
    "Safeguarding Children",
    "Housing and Homelessness",
    "Economic Growth",
    "Skills and Employment",
    "Climate and Environment",
    "Transport and Infrastructure",
    "Culture and Communities",
)
GROUPS = (
    "Executive",
    "Delivery Group",
    "Performance Group",
    "Task and Finish Group",
    "Steering Group",
    "Forum",
    "Network",
    "Programme Board",
    "Operational Group",
    "Working Group",
    "Commissioning Group",
)
ORGANISATIONS = 7
FIRST_YEAR, YEARS = 2023, 3


@dataclass(frozen=True)
class Locality:
    """What ``fill_org`` needs of a place: its registers, its meetings and the span its diaries cover."""

    organisations: int = ORGANISATIONS
    first_year: int = FIRST_YEAR
    years: int = YEARS

    @property
    def partnerships(self) -> list[tuple[str, str]]:
        """(name, parent): each theme's board, then its groups under it."""
        out = []
        for theme in THEMES:
            board = f"{theme} Board"
            out.append((board, ""))
            out += [(f"{theme} {group}", board) for group in GROUPS]
        return out

    @property
    def span(self) -> tuple[date, date]:
        return date(self.first_year, 4, 1), date(self.first_year + self.years, 3, 31)

    def email(self, n: int) -> str:
        return f"person{n:04d}@org{n % self.organisations}.gov.uk"

    def staff_csv(self, size: int) -> str:
        columns = "name,email,aliases,job_title,grade,organisation,directorate,cost_centre,annual_salary,fte"
        rng = random.Random(size)
        rows = [f"{columns},salary_effective_from"]
        start = self.span[0].isoformat()
        for n in range(size):
            pay = rng.randint(60, 190) * 1000
            where = f"Org {n % self.organisations},Directorate {n % 9}"
            rows.append(f"Person {n},{self.email(n)},,Director,D{n % 3},{where},,{pay},1,{start}")
        return "\n".join(rows) + "\n"

    def partnerships_csv(self) -> str:
        rows = ["name,parent,purpose,lead_organisation,keywords,categories,priority"]
        for name, parent in self.partnerships:
            theme = next(t for t in THEMES if name.startswith(t))
            rows.append(f"{name},{parent},{theme} across the borough,,{name.lower()},,10")
        return "\n".join(rows) + "\n"

    def meetings(self, size: int) -> list[Meeting]:
        """Each year's meetings, their UIDs marked with the year; every partnership meets monthly."""
        names = [name for name, _ in self.partnerships]
        out = []
        for offset in range(self.years):
            year = self.first_year + offset
            for m in organisation(size, seed=7 + offset, year=year, boards=names, every_board=True):
                m.uid = f"{year}-{m.uid}"
                out.append(m)
        return out

    def partnership_of(self, title: str, ids: dict[str, int]) -> int | None:
        """A board meets under its partnership's own name; other meetings count for none."""
        return ids.get(title)


LOCALITY = Locality()
