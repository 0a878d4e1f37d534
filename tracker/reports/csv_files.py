"""The CSV summaries finance downloads or exports (partnerships, people, meetings), the pages' tables and the
map's pairs: one record per kind saying its columns, which report rows it is made of, how a row becomes cells
and where it is offered, and the rows as CSV text, in pieces so a download streams. Each figure is written
once, by ``cell_text``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.local_time import today
from ..domain.periods import NO_FILTERS, Filters, Period
from ..domain.rounding import clock
from .basis import Basis
from .cell_text import duration, local_iso, neutralise, ratio, two_places
from .hats import HatRow, SendOneRow, hat_rows, send_one
from .meetings import MeetingRow, meeting_rows
from .partnership_map import MapPair, partnership_map
from .partnerships import PartnershipRow, partnership_rows, partnership_tree
from .people import PersonRow, people_rows
from .results import ResultRow, cost_against_results
from .scenarios import ScenarioResult

PIECE = 1000  # rows a piece of a streamed CSV holds
Shown = Callable[[int], bool]  # whether a cost over this many people may be shown to whoever reads the file
Reader = Callable[[Session, Period, Filters], Iterable]
Cells = Callable[[Iterable, Shown], Iterable[list[str]]]


@dataclass(frozen=True)
class CsvKind:
    """One CSV summary. ``read`` is None for the ones a page builds from what it was asked (scenarios compared,
    the proposals register); a ``costed`` one ends each row with its cost basis (``reports.basis``), actual
    pay or standard rates, and says it in its file name; ``finance`` ones are on finance's downloads page,
    ``exported`` ones are what ``tracker export`` writes."""

    name: str
    columns: tuple[str, ...]  # without the cost basis, which ``header`` adds to a costed one
    cells: Cells
    read: Reader | None = None
    costed: bool = True
    finance: bool = False
    exported: bool = False

    @property
    def header(self) -> tuple[str, ...]:
        return (*self.columns, "cost_basis") if self.costed else self.columns

    def file_name(self, period: Period | None, cost_basis: Basis) -> str:
        """What a download is saved as: the kind, the days it covers, the basis its costs are at."""
        return dated_name(self.name, period, cost_basis if self.costed else None, "csv")


def dated_name(stem: str, period: Period | None, cost_basis: Basis | None, extension: str) -> str:
    """A file name saying the days a file covers and, when it has costs, the basis they are at."""
    days = f"-{period.start}-to-{period.end}" if period else ""
    said = "" if cost_basis is None else "-own-pay" if cost_basis == "own" else f"-{cost_basis}"
    return f"{stem}{days}{said}.{extension}"


def everything(people: int) -> bool:
    return True


def _partnership_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    for r in rows:
        assert isinstance(r, PartnershipRow)
        yield [
            r.partnership,
            r.parent,
            str(r.meetings),
            str(r.attendances),
            duration(r.hours),
            two_places(r.cost),
            str(r.uncosted_attendances),
        ]


def _person_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    """Time printed exactly and costs summed from pence, so both add up exactly to the partnerships CSV's."""
    for r in rows:
        assert isinstance(r, PersonRow)
        yield [r.partnership, r.person, r.email, duration(r.hours), two_places(r.cost)]


def _meeting_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    """Each row multiplies out: its time, printed exactly to the second, x its printed rate, rounded half
    up to the penny, is its printed cost."""
    for r in rows:
        assert isinstance(r, MeetingRow)
        yield [
            local_iso(r.start),
            local_iso(r.end),
            r.title,
            r.partnership,
            r.person,
            r.email,
            clock(r.seconds, for_files=True),
            two_places(r.hourly_rate),
            two_places(r.cost),
        ]


def _hat_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    for r in rows:
        assert isinstance(r, HatRow)
        yield [
            r.person,
            r.organisation,
            str(r.partnerships),
            str(r.meetings),
            duration(r.hours),
            two_places(r.cost if shown(1) else None),  # one person's cost is their pay
            "" if r.share_of_time is None else ratio(r.share_of_time),
            "" if r.trend is None else ratio(r.trend),
        ]


def _send_one_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    for r in rows:
        assert isinstance(r, SendOneRow)
        visible = shown(r.people)
        yield [
            r.partnership,
            str(r.meetings),
            str(r.extra_seats),
            duration(r.hours_saved),
            two_places(r.cost_saved if visible else None),
            duration(r.hours_a_year),
            two_places(r.cost_a_year if visible else None),
            r.a_year,
        ]


def _result_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    for r in rows:
        assert isinstance(r, ResultRow)
        visible = shown(len(r.people))
        yield [
            r.name,
            str(r.meetings),
            duration(r.hours),
            two_places(r.cost if visible else None),
            r.result.status,
            "" if r.share is None else ratio(r.share),
            two_places(r.governed),
            two_places(r.cost_per_thousand if visible else None),
        ]


def _scenario_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
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
                    duration(o.hours_before),
                    duration(o.hours_after),
                    duration(o.hours_saved),
                    two_places(o.cost_before if visible else None),
                    two_places(o.cost_after if visible else None),
                    two_places(o.cost_saved if visible else None),
                    str(r.affected),
                ]
            ),
            r.problem,
            "; ".join(r.basis),
        ]


def _proposal_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    for item, projected in rows:  # a proposal and its projection, as the register page pairs them
        yield [
            item.name,
            item.lead,
            item.every,
            duration(item.hours_each),
            str(len(projected.places)),
            duration(projected.hours),
            two_places(projected.cost if shown(projected.people_costed) else None),
            item.decision or "",
            item.decided_by,
            item.review_on.isoformat() if item.review_on else "",
            projected.basis,
        ]


def _map_cells(rows: Iterable, shown: Shown) -> Iterator[list[str]]:
    for r in rows:
        assert isinstance(r, MapPair)
        yield [
            r.a,
            r.b,
            str(len(r.shared_people)),
            duration(r.shared_hours),
            ratio(r.overlap),
            ratio(r.purpose_similarity),
            r.kind,
        ]


def _map_pairs(session: Session, period: Period, filters: Filters) -> Iterable:
    return partnership_map(session, period, filters).pairs


def _results(session: Session, period: Period, filters: Filters) -> Iterable:
    return cost_against_results(session, partnership_tree(session, period, filters), period, today(), filters)


CSV_KINDS: dict[str, CsvKind] = {
    k.name: k
    for k in (
        CsvKind(
            "partnerships",
            ("partnership", "parent", "meetings", "attendances", "hours", "cost", "uncosted_attendances"),
            _partnership_cells,
            partnership_rows,
            finance=True,
            exported=True,
        ),
        CsvKind(
            "people",
            ("partnership", "person", "email", "hours", "cost"),
            _person_cells,
            people_rows,
            finance=True,
            exported=True,
        ),
        CsvKind(
            "meetings",
            ("start", "end", "title", "partnership", "person", "email", "hours", "hourly_rate", "cost"),
            _meeting_cells,
            meeting_rows,  # read from the database as it is written out, a batch at a time
            finance=True,
            exported=True,
        ),
        CsvKind(
            "hats",
            ("person", "organisation", "partnerships", "meetings", "hours", "cost", "share_of_working_time", "trend"),
            _hat_cells,
            hat_rows,
            exported=True,
        ),
        CsvKind(
            "send_one",
            (
                "partnership",
                "meetings",
                "extra_seats",
                "hours_saved",
                "cost_saved",
                "hours_saved_a_year",
                "cost_saved_a_year",
                "a_year_basis",
            ),
            _send_one_cells,
            send_one,
            exported=True,
        ),
        CsvKind(
            "results",
            (
                "partnership",
                "meetings",
                "hours",
                "cost",
                "results",
                "share_of_targets_met",
                "money_governed",
                "cost_per_1000_governed",
            ),
            _result_cells,
            _results,
            finance=True,
            exported=True,
        ),
        CsvKind(
            "scenarios",
            (
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
                "a_year_basis",
            ),
            _scenario_cells,
        ),
        CsvKind(
            "proposals",
            (
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
                "a_year_basis",
            ),
            _proposal_cells,
        ),
        CsvKind(  # no cost in it, so no basis: the same for every role that may see the map
            "map",
            (
                "partnership_a",
                "partnership_b",
                "shared_people",
                "shared_hours",
                "overlap",
                "purpose_similarity",
                "kind",
            ),  # fmt: skip
            _map_cells,
            _map_pairs,
            costed=False,
            finance=True,
        ),
    )
}
FINANCE = tuple(k.name for k in CSV_KINDS.values() if k.finance)  # in the downloads page's order
EXPORTED = tuple(k.name for k in CSV_KINDS.values() if k.exported)  # ``tracker export``'s choices


def export_rows(session: Session, kind: str, period: Period, filters: Filters = NO_FILTERS) -> Iterable:
    """The report rows of one summary: the same for ``tracker export`` and the downloads page."""
    read = CSV_KINDS[kind].read
    if read is None:
        raise ValueError(f"the {kind} CSV is made from rows its page builds, not read for a period")
    return read(session, period, filters)


def csv_chunks(
    kind: str, rows: Iterable, cost_basis: str, *, for_excel: bool = False, shown: Shown = everything
) -> Iterator[str]:
    """The CSV text of one summary, ``PIECE`` rows a piece, each row of a costed one saying the basis its
    costs are at (``basis.cell``); ``for_excel`` adds the BOM Excel needs to read UTF-8. A cost over fewer
    people than ``shown`` allows is left blank, as the page showing the same rows hides it."""
    record = CSV_KINDS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff" if for_excel else "")
    writer.writerow(record.header)
    ending = [cost_basis] if record.costed else []
    for n, row in enumerate(record.cells(rows, shown), start=1):
        writer.writerow([*(neutralise(c) for c in row), *ending])
        if n % PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def to_csv(kind: str, rows: Iterable, cost_basis: str, *, for_excel: bool = False, shown: Shown = everything) -> str:
    """The whole CSV text of one summary."""
    return "".join(csv_chunks(kind, rows, cost_basis, for_excel=for_excel, shown=shown))
