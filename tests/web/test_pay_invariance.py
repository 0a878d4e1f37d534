"""Nothing a director or a manager can see moves when one person's pay changes or a newcomer joins a grade.

Each role signs in and reads everything it can reach: every page that takes no argument, with and without
the demo's period, and every page, CSV file and JSON answer linked from those (a few of each kind), the
definitions page, the charts' data (drawn inside the pages), ``/api/partnerships`` and the CSV downloads at
the role's basis, the proposals' assessment PDFs, and finance's workbook (refused to both: it is for those
who may have finance's CSVs; tests/web/test_workbook_download.py checks it moves with no pay its reader may
not see). Then one person gets a pay rise and a newcomer joins an existing grade with a salary, each
through the services a finance officer's load goes through, and everything is read again: every answer
must be byte for byte the same, the CSRF token and any per-request nonce aside (a workbook: cell for cell,
but for when it was made). The newcomer is in the register (on no grade, paid nothing) before the first read: their name
in the lists of people to choose from, and the register's head count, are not pay. Under the old standard
rates (the average pay of each grade group) the same walk found 51 of 255 answers changed on the demo
(the dashboard, the definitions page, the JSON API, hats, map, scenarios and proposals, with their CSV
files and PDFs) and 9 of 183 on the small scenario.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.tracker.test_demo_pinned import QUERY
from tests.web.test_workbook_download import XLSX, values
from tests.web_fixtures import PASSWORD, email
from tracker import db
from tracker.domain.entries import PersonEntry, SalaryEntry
from tracker.reports import registers
from tracker.services import registers as register_changes

SKIPPED = ("/logout", "/static/", "/vendor/", "/login")
PER_ENDPOINT = 8  # addresses of each kind of page read, the first found (a list page links to many)
MOST = 400  # answers read per role, at most: the walk stops by itself
TOKENS = [
    (re.compile(rb'(name="csrf_token"[^>]*value=")[^"]*'), rb"\1"),
    (re.compile(rb'(<meta name="csrf-token" content=")[^"]*'), rb"\1"),
    (re.compile(rb'nonce="[^"]*"'), rb'nonce=""'),
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.found.append(href.split("#")[0])


def _workbook(body: bytes) -> bytes:
    """A workbook (finance's, should a role without pay access ever reach it) as what its reader sees,
    but for the moment it was made: that differs on every download."""
    return repr(values(body)).encode()


def normalised(body: bytes) -> bytes:
    """A page but for what differs on every answer: its CSRF tokens (signed with the second they were made
    in) and nonces."""
    for pattern, replacement in TOKENS:
        body = pattern.sub(replacement, body)
    return body


def _starts(app, period: dict[str, str]) -> list[str]:
    """Every GET page that takes no argument, as it comes and over ``period``."""
    plain = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(SKIPPED)
    )
    query = "&".join(f"{k}={v}" for k, v in period.items())
    extra = [f"/hats/hats.csv?{query}", f"/hats/send_one.csv?{query}", f"/api/partnerships?{query}"]
    # A scenario's second step, as its first sends a person there (no page links to it).
    extra += [
        f"/scenarios/people?{query}&name=A&kind=deputy&partnerships=1&grade=SM",
        f"/scenarios/people?{query}&name=B&kind=merge&partnerships=1&partnerships=2&choose_members=y",
    ]
    return plain + [f"{path}?{query}" for path in plain] + extra


def walk(app, client, period: dict[str, str]) -> dict[str, tuple[int, bytes]]:
    """Every answer the signed-in client reaches from the start pages, by address."""
    adapter = app.url_map.bind("localhost")
    seen: dict[str, tuple[int, bytes]] = {}
    per_endpoint: Counter[str] = Counter()
    queue = _starts(app, period)
    while queue and len(seen) < MOST:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIPPED):
            continue
        parts = urlsplit(url)
        try:
            endpoint, _ = adapter.match(parts.path, method="GET")
        except Exception:  # a link to a POST-only address, or no route: nothing to read
            continue
        per_endpoint[endpoint] += 1
        if per_endpoint[endpoint] > PER_ENDPOINT:
            continue
        response = client.get(url)
        body = response.get_data()
        seen[url] = (response.status_code, _workbook(body) if response.mimetype == XLSX else normalised(body))
        if response.mimetype == "text/html":
            links = _Links()
            links.feed(response.get_data(as_text=True))
            queue.extend(link for link in links.found if link not in seen)
        response.close()
    return seen


def _read_everything(app, sign_in, period: dict[str, str]) -> dict[str, dict[str, tuple[int, bytes]]]:
    return {role: walk(app, sign_in(role), period) for role in ("director", "manager")}


def _differences(before: dict, after: dict) -> list[str]:
    changed = []
    for role, answers in before.items():
        assert len(answers) > 30, f"the walk as {role} reached too little: {sorted(answers)}"
        changed += [f"{role} {url}" for url, answer in answers.items() if after[role].get(url) != answer]
        changed += [f"{role} {url} (new)" for url in after[role].keys() - answers.keys()]
    return changed


NEWCOMER = "newcomer@example.gov.uk"


def _newcomer(grade: str = "", organisation: str = "") -> PersonEntry:
    return PersonEntry(NEWCOMER, "Newcomer Example", (), "Adviser", grade, organisation, "", "", Decimal("1"))


def _arrives(app) -> None:
    """The newcomer is in the register before the first read, on no grade and paid nothing yet: their name
    in the lists of people to choose from, and the register's headcount, tell nobody's pay."""
    with app.app_context(), db.transaction() as session:
        register_changes.add_person(session, _newcomer())


def _pay_rise_and_newcomer(app, on: date) -> None:
    """A pay rise from ``on`` for the first person paid before it, and the newcomer joining, with a salary,
    the grade and organisation of the last person with both, as finance would load them."""
    with app.app_context(), db.transaction() as session:
        people = registers.people(session)
        paid = next(p for p in people if p.salaries and p.salaries[-1].effective_from < on)
        rise = paid.salaries[-1].annual_salary + Decimal("4321")
        register_changes.save_salary(session, paid, SalaryEntry(rise, on))
        model = [p for p in people if p.grade and p.organisation is not None and p.email != NEWCOMER][-1]
        newcomer = registers.person_by_email(session, NEWCOMER)
        assert newcomer is not None and model.organisation is not None
        register_changes.update_person(session, newcomer, _newcomer(model.grade, model.organisation.name))
        register_changes.save_salary(session, newcomer, SalaryEntry(Decimal("61234"), on))


def _demo_sign_in(app):
    def sign_in(role: str):
        client = app.test_client()
        done = client.post("/login", data={"email": f"{role}@demo.example", "password": f"demo-{role}-pass"})
        assert done.status_code == 302
        return client

    return sign_in


def test_a_pay_rise_and_a_newcomer_change_nothing_a_director_or_manager_sees_in_the_demo(demo_copy):
    sign_in = _demo_sign_in(demo_copy)
    _arrives(demo_copy)
    before = _read_everything(demo_copy, sign_in, QUERY)
    _pay_rise_and_newcomer(demo_copy, date(2026, 5, 1))  # after every salary row the demo has
    changed = _differences(before, _read_everything(demo_copy, sign_in, QUERY))
    assert not changed, f"{len(changed)} of {sum(map(len, before.values()))} answers changed:\n" + "\n".join(changed)


def test_a_pay_rise_and_a_newcomer_change_nothing_a_director_or_manager_sees(web_app):
    def sign_in(role: str):
        client = web_app.test_client()
        assert client.post("/login", data={"email": email(role), "password": PASSWORD}).status_code == 302
        return client

    period = {"from": "2025-03-01", "to": "2025-03-31"}
    _arrives(web_app)
    before = _read_everything(web_app, sign_in, period)
    _pay_rise_and_newcomer(web_app, date(2025, 3, 1))
    changed = _differences(before, _read_everything(web_app, sign_in, period))
    assert not changed, f"{len(changed)} of {sum(map(len, before.values()))} answers changed:\n" + "\n".join(changed)
