"""The CSV summaries finance downloads or exports (partnerships, people, meetings) and the map's pairs:
which report rows each is made of, and the rows as CSV text, in pieces so a download streams. Rounding
to pence, hundredths and thousandths happens here, once."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from ..domain.local_time import ZONE
from ..domain.periods import NO_FILTERS, Filters, Period
from .basis import Basis
from .hats import HatRow, SendOneRow, hat_rows, send_one
from .meetings import MeetingRow, meeting_rows
from .partnership_map import MapPair, partnership_map
from .partnerships import PartnershipRow, partnership_rows, partnership_tree
from .people import PersonRow, people_rows
from .results import ResultRow, cost_against_results
from .scenarios import ScenarioResult

CENTS = Decimal("0.01")
THOUSANDTHS = Decimal("0.001")
PIECE = 1000  # rows a piece of a streamed CSV holds
COLUMNS = {  # each row ends with its cost basis (``reports.basis``): actual pay or standard rates
    "partnerships": (
        "partnership",
        "parent",
        "meetings",
        "attendances",
        "hours",
        "cost",
        "uncosted_attendances",
        "cost_basis",
    ),
    "people": ("partnership", "person", "email", "hours", "cost", "cost_basis"),
    "meetings": (
        "start",
        "end",
        "title",
        "partnership",
        "person",
        "email",
        "hours",
        "hourly_rate",
        "cost",
        "cost_basis",
    ),
    "hats": (
        "person",
        "organisation",
        "partnerships",
        "meetings",
        "hours",
        "cost",
        "share_of_working_time",
        "trend",
        "cost_basis",
    ),
    "send_one": (
        "partnership",
        "meetings",
        "extra_seats",
        "hours_saved",
        "cost_saved",
        "hours_saved_a_year",
        "cost_saved_a_year",
        "cost_basis",
    ),
    "results": (
        "partnership",
        "meetings",
        "hours",
        "cost",
        "results",
        "share_of_targets_met",
        "money_governed",
        "cost_per_1000_governed",
        "cost_basis",
    ),
    "scenarios": (
        "scenario",
        "kind",
        "what",
        "hours_a_year_before",
        "hours_a_year_after",
        "hours_saved_a_year",
        "cost_a_year_before",
        "cost_a_year_after",
        "cost_saved_a_year",
        "people_affected",
        "problem",
        "cost_basis",
    ),
    "proposals": (
        "proposal",
        "lead",
        "meets",
        "hours_each",
        "places",
        "hours_a_year",
        "cost_a_year",
        "decision",
        "decided_by",
        "review_on",
        "cost_basis",
    ),
    # No cost in it, so no basis: the same for every role that may see the map.
    "map": ("partnership_a", "partnership_b", "shared_people", "shared_hours", "overlap", "purpose_similarity"),
}
# The summaries whose rows end with their cost basis; the first three are finance's downloads.
COSTED = ("partnerships", "people", "meetings", "hats", "send_one", "results", "scenarios", "proposals")
FINANCE = ("partnerships", "people", "meetings", "results", "map")

READERS: dict[str, Callable[..., Iterable]] = {
    "partnerships": partnership_rows,
    "people": people_rows,
    "meetings": meeting_rows,
    "map": lambda session, period, filters: partnership_map(session, period, filters).pairs,
    "hats": hat_rows,
    "results": lambda session, period, filters: cost_against_results(
        session, partnership_tree(session, period, filters), period
    ),
    "send_one": send_one,
}
Shown = Callable[[int], bool]  # whether a cost over this many people may be shown to whoever reads the file


def everything(people: int) -> bool:
    return True


def export_rows(session: Session, kind: str, period: Period, filters: Filters = NO_FILTERS) -> Iterable:
    """The report rows of one summary: the same for ``tracker export`` and the downloads page (the meetings
    one is read from the database as it is written out, a batch at a time)."""
    return READERS[kind](session, period, filters)


def two_places(value: Decimal | None) -> str:
    """Money and hours to two decimals, half up; blank when there is no figure."""
    return "" if value is None else str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


class Running:
    """Pence (or hundredths of an hour) for rows that add up, per partnership, to its rounded total: each row
    shows how far its partnership's running total, rounded, moved. So a people or meetings CSV summed by
    partnership gives the partnerships CSV's figure to the penny, and every row is within a penny of its
    own value; a blank (no cost) stays blank. Streams: it keeps two sums a partnership, never the rows."""

    def __init__(self) -> None:
        self.exact: dict[str, Decimal] = defaultdict(Decimal)
        self.shown: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))

    def __call__(self, key: str, value: Decimal | None) -> str:
        if value is None:
            return ""
        self.exact[key] += value
        target = self.exact[key].quantize(CENTS, rounding=ROUND_HALF_UP)
        step, self.shown[key] = target - self.shown[key], target
        return str(step)


def ratio(value: Decimal) -> str:
    """A share or similarity between 0 and 1, to three decimals, half up."""
    return str(value.quantize(THOUSANDTHS, rounding=ROUND_HALF_UP))


def local_iso(value: datetime) -> str:
    return value.astimezone(ZONE).isoformat(timespec="minutes")


def _rows(kind: str, rows: Iterable, shown: Shown) -> Iterable[list[str]]:
    if kind == "hats":
        for r in rows:
            assert isinstance(r, HatRow)
            yield [
                r.person,
                r.organisation,
                str(r.partnerships),
                str(r.meetings),
                two_places(r.hours),
                two_places(r.cost if shown(1) else None),  # one person's cost is their pay
                "" if r.share_of_time is None else ratio(r.share_of_time),
                "" if r.trend is None else ratio(r.trend),
            ]
    elif kind == "send_one":
        for r in rows:
            assert isinstance(r, SendOneRow)
            visible = shown(r.people)
            yield [
                r.partnership,
                str(r.meetings),
                str(r.extra_seats),
                two_places(r.hours_saved),
                two_places(r.cost_saved if visible else None),
                two_places(r.hours_a_year),
                two_places(r.cost_a_year if visible else None),
            ]
    elif kind == "scenarios":
        for r in rows:
            assert isinstance(r, ScenarioResult)
            o, visible = r.outcome, shown(r.people)
            yield [
                r.name,
                r.kind,
                r.what,
                *(
                    ["", "", "", "", "", "", "0"]
                    if o is None
                    else [
                        two_places(o.hours_before),
                        two_places(o.hours_after),
                        two_places(o.hours_saved),
                        two_places(o.cost_before if visible else None),
                        two_places(o.cost_after if visible else None),
                        two_places(o.cost_saved if visible else None),
                        str(r.affected),
                    ]
                ),
                r.problem,
            ]
    elif kind == "proposals":
        for item, projected in rows:
            yield [
                item.name,
                item.lead,
                item.every,
                two_places(item.hours_each),
                str(len(projected.places)),
                two_places(projected.hours),
                two_places(projected.cost if shown(projected.people_costed) else None),
                item.decision or "",
                item.decided_by,
                item.review_on.isoformat() if item.review_on else "",
            ]
    elif kind == "results":
        for r in rows:
            assert isinstance(r, ResultRow)
            visible = shown(len(r.people))
            yield [
                r.name,
                str(r.meetings),
                two_places(r.hours),
                two_places(r.cost if visible else None),
                r.result.status,
                "" if r.share is None else ratio(r.share),
                two_places(r.governed),
                two_places(r.cost_per_thousand if visible else None),
            ]
    elif kind == "partnerships":
        for r in rows:
            assert isinstance(r, PartnershipRow)
            yield [
                r.partnership,
                r.parent,
                str(r.meetings),
                str(r.attendances),
                two_places(r.hours),
                two_places(r.cost),
                str(r.uncosted_attendances),
            ]
    elif kind == "people":
        hours, cost = Running(), Running()
        for r in rows:
            assert isinstance(r, PersonRow)
            yield [r.partnership, r.person, r.email, hours(r.partnership, r.hours), cost(r.partnership, r.cost)]
    elif kind == "map":
        for r in rows:
            assert isinstance(r, MapPair)
            yield [
                r.a,
                r.b,
                str(len(r.shared_people)),
                two_places(r.shared_hours),
                ratio(r.overlap),
                ratio(r.purpose_similarity),
            ]
    else:
        hours, cost = Running(), Running()
        for r in rows:
            assert isinstance(r, MeetingRow)
            yield [
                local_iso(r.start),
                local_iso(r.end),
                r.title,
                r.partnership,
                r.person,
                r.email,
                hours(r.partnership, r.hours),
                two_places(r.hourly_rate),
                cost(r.partnership, r.cost),
            ]


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from reading a cell as a formula (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(cell) else cell


def _number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True


def csv_chunks(
    kind: str, rows: Iterable, cost_basis: Basis, *, for_excel: bool = False, shown: Shown = everything
) -> Iterator[str]:
    """The CSV text of one summary, ``PIECE`` rows a piece, each row of a costed one saying the basis its
    costs are at; ``for_excel`` adds the BOM Excel needs to read UTF-8. A cost over fewer people than
    ``shown`` allows is left blank, as the page showing the same rows hides it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff" if for_excel else "")
    writer.writerow(COLUMNS[kind])
    ending = [cost_basis] if kind in COSTED else []
    for n, row in enumerate(_rows(kind, rows, shown), start=1):
        writer.writerow([*(neutralise(c) for c in row), *ending])
        if n % PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def to_csv(kind: str, rows: Iterable, cost_basis: Basis, *, for_excel: bool = False, shown: Shown = everything) -> str:
    """The whole CSV text of one summary."""
    return "".join(csv_chunks(kind, rows, cost_basis, for_excel=for_excel, shown=shown))
