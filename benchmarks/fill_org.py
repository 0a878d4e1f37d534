"""A whole organisation's year (or a locality's three) of costed meetings written straight into the tables.

Importing N people's calendars through the app takes minutes per hundred people; the pages only need
the rows an import leaves behind. So the people and partnerships go in through the register service
(as an upload would), and the meetings of ``generate_org.organisation`` (expanded to occurrences), their
copies, addresses and attendance rows are bulk inserted with SQLAlchemy Core; the monthly tables are
then rebuilt from the rows. Hours ignore double booking and the rate is a plain salary / hours: the
figures are plausible, not what the costing rules would give.

    python benchmarks/fill_org.py 500 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/pages_bench
    python benchmarks/fill_org.py 200 --shape locality --database-url sqlite:////tmp/locality.sqlite
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, text

from tracker.unit_of_work import UnitOfWork

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_org import ORGANISATION, Meeting, Organisation  # noqa: E402
from locality import LOCALITY, Locality  # noqa: E402

from tracker.domain.local_time import ZONE  # noqa: E402
from tracker.domain.rounding import cost_pence, pence, pounds  # noqa: E402
from tracker.models import (  # noqa: E402
    Attendance,
    CalendarImport,
    MeetingAddress,
    MeetingCopy,
    Partnership,
    Person,
    Salary,
    User,
)
from tracker.models import Meeting as MeetingRow  # noqa: E402
from tracker.services import registers, users  # noqa: E402
from tracker.store import monthly, schema  # noqa: E402

FINANCE = ("finance@bench.example", "bench-password-1")
# Who reviews attribution: a manager of one of the four organisations (their staff's calendars), and an
# administrator (everyone's).
REVIEWERS = {
    "manager": ("manager@bench.example", "bench-password-2", "Org 0"),
    "admin": ("admin@bench.example", "bench-password-3", None),
}
DIRECTOR = ("director@bench.example", "bench-password-4")
YEARLY_HOURS = Decimal(1650)
ONCOSTS = Decimal("1.3")
BATCH = 5000
STAMP = datetime(2025, 3, 1, 12, tzinfo=UTC)


def occurrences(m: Meeting) -> Iterator[datetime]:
    """The local starts of a generated meeting: its RRULE is one of three plain kinds."""
    if not m.rule:
        yield m.start
        return
    parts = dict(p.split("=") for p in m.rule.split(";"))
    count, interval = int(parts["COUNT"]), int(parts.get("INTERVAL", 1))
    for n in range(count):
        if parts["FREQ"] == "MONTHLY":
            month = m.start.month - 1 + n * interval
            try:
                yield m.start.replace(year=m.start.year + month // 12, month=month % 12 + 1)
            except ValueError:  # no such day that month: RFC 5545 skips it
                continue
        else:
            yield m.start + timedelta(weeks=n * interval)


SHAPES: dict[str, Organisation | Locality] = {"organisation": ORGANISATION, "locality": LOCALITY}


def fill(session: UnitOfWork, size: int, shape: Organisation | Locality = ORGANISATION) -> dict[str, int]:
    """Registers through the service, then every meeting's rows in bulk; returns what was written."""
    email = shape.email
    registers.load_register(session, "staff", shape.staff_csv(size).encode(), "staff.csv")
    registers.load_register(session, "partnerships", shape.partnerships_csv().encode(), "partnerships.csv")
    users.create_user(session, FINANCE[0], "finance", FINANCE[1])
    add_reviewers(session)
    session.flush()
    people = {e: i for e, i in session.execute(select(Person.email, Person.id))}
    pay = {i: s for i, s in session.execute(select(Salary.person_id, Salary.annual_salary))}
    ids = {name: pid for pid, name in session.execute(select(Partnership.id, Partnership.name))}
    rates = {pid: pence(pay[pid] * ONCOSTS / YEARLY_HOURS) for pid in people.values()}  # pence an hour
    imports = {}
    for n in range(size):
        owner = email(n)
        row = {
            "filename": f"{owner}.ics",
            "sha256": hashlib.sha256(owner.encode()).hexdigest(),
            "owner_email": owner,
            "kind": "ics",
            "imported_at": STAMP,
            "imported_by": "fill_org",
            "span_start": shape.span[0],
            "span_end": shape.span[1],
        }
        imports[n] = session.execute(insert(CalendarImport).returning(CalendarImport.id), row).scalar_one()
    counts = {"meetings": 0, "copies": 0, "addresses": 0, "attendances": 0}
    next_id = (session.scalar(select(MeetingRow.id).order_by(MeetingRow.id.desc()).limit(1)) or 0) + 1
    batch: dict[str, list[dict]] = {"meetings": [], "copies": [], "addresses": [], "attendances": []}
    for m in shape.meetings(size):
        partnership = shape.partnership_of(m.title, ids)
        status = {p: "DECLINED" if p in m.declined else "ACCEPTED" for p in m.people}
        attendees = json.dumps([[email(p), f"Person {p}", status[p]] for p in m.people])
        for local in occurrences(m):
            start = local.replace(tzinfo=ZONE).astimezone(UTC)
            end = start + timedelta(minutes=m.minutes)
            _add_meeting(batch, next_id, m, (start, end), partnership, attendees, (people, imports, rates), email)
            next_id += 1
            if len(batch["meetings"]) >= BATCH:
                _write(session, batch, counts)
    _write(session, batch, counts)
    if session.get_bind().dialect.name == "postgresql":  # ids were given: move the sequence past them
        session.execute(text("SELECT setval('meeting_id_seq', (SELECT max(id) FROM meeting))"))
    monthly.rebuild(session)
    return counts


def add_reviewers(session: UnitOfWork) -> None:
    """The manager and administrator who review attribution, and a director, unless there already (a database
    an earlier run filled)."""
    readers = [(role, address, password, organisation) for role, (address, password, organisation) in REVIEWERS.items()]
    for role, address, password, organisation_name in [*readers, ("director", *DIRECTOR, None)]:
        if session.scalar(select(User.id).where(User.email == address)) is None:
            users.create_user(session, address, role, password, organisation=organisation_name)


def prepare(kind: str, size: int, url: str, shape: Organisation | Locality = ORGANISATION) -> None:
    """Migrate the database and fill it, unless an earlier run (kept, then ``--reuse``) filled it."""
    engine = schema.make_engine(url)
    schema.upgrade(engine)
    with UnitOfWork(engine) as session, session.begin():
        if not session.scalar(select(func.count(Person.id))):
            started = time.perf_counter()
            counts = fill(session, size, shape)
            print(f"  filled {kind} with {size} people in {time.perf_counter() - started:.0f} s: {counts}")
        else:
            add_reviewers(session)
    if kind == "postgresql":
        # Vacuumed as well as analysed: filling rewrites each meeting once (its partnership worked out after
        # it is written), leaving 400,000 dead rows at 500 people that autovacuum clears in a database in
        # service. Left, they slowed the review save by a sixth (780 -> 660 ms at 500 people).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def _add_meeting(batch, meeting_id, m: Meeting, when, partnership, attendees, lookups, email) -> None:
    (start, end), (people, imports, rates) = when, lookups
    recurrence = start.isoformat() if m.rule else ""
    key = f"{m.title.lower()}|{start.isoformat()}|{end.isoformat()}"
    batch["meetings"].append(
        {
            "id": meeting_id,
            "identity": f"uid:{m.uid}@generated.example|{recurrence}",
            "match_key": key,
            "series_key": f"uid:{m.uid}@generated.example",
            "title": m.title,
            "start": start,
            "end": end,
            "status": "CONFIRMED",
            "partnership_id": partnership,
            "attribution": "keyword" if partnership else "no keyword",
        }
    )
    local = start.astimezone(ZONE).date()
    seconds = m.minutes * 60
    for p in m.people:
        owner = email(p)
        common = {"meeting_id": meeting_id, "start": start, "end": end, "title": m.title}
        batch["copies"].append(
            {**common, "import_id": imports[p], "owner_email": owner, "fingerprint": key[:64], "attendees": attendees}
        )
        batch["addresses"].append({"meeting_id": meeting_id, "key": owner, "name": f"Person {p}"})
        if p in m.declined:
            continue
        person = people[owner]
        batch["attendances"].append(
            {
                "meeting_id": meeting_id,
                "person_id": person,
                "partnership_id": partnership,
                "start": start,
                "end": end,
                "local_day": local,
                "month": local.replace(day=1),
                "seconds": seconds,
                "hourly_rate": pounds(rates[person]),
                "cost": pounds(cost_pence(seconds, rates[person])),
                "rate_basis": "salary",
            }
        )


TABLES = {"meetings": MeetingRow, "copies": MeetingCopy, "addresses": MeetingAddress, "attendances": Attendance}


def _write(session: UnitOfWork, batch: dict[str, list[dict]], counts: dict[str, int]) -> None:
    for name, model in TABLES.items():  # in this order: the rows refer to the meetings
        if batch[name]:
            session.connection().execute(insert(model.__table__), batch[name])  # Core: one executemany
            counts[name] += len(batch[name])
            batch[name] = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("people", type=int)
    parser.add_argument("--database-url", required=True, help="an empty database: the schema is created")
    parser.add_argument(
        "--shape", choices=SHAPES, default="organisation", help="one organisation's year, or a locality"
    )
    args = parser.parse_args()
    engine = schema.make_engine(args.database_url)
    schema.upgrade(engine)
    started = time.perf_counter()
    with UnitOfWork(engine) as session, session.begin():
        counts = fill(session, args.people, SHAPES[args.shape])
    print(", ".join(f"{n:,} {name}" for name, n in counts.items()), f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
