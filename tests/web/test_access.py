"""Every route, every role, and nobody signed in, against a matrix of who may do what written out here.

The matrix comes from the README's role table and what each page is for, not from the routes' own
permission tags: a route guarded by the wrong permission fails here, and a new route fails until
someone decides who may use it.
"""

from __future__ import annotations

import pytest

from tests.web.page import Page
from tests.web_fixtures import ROLES, sign_in

SAMPLE = {
    "partnership_id": 2,  # Health and Wellbeing Board (the register's second row)
    "person_id": 1,
    "import_id": 1,
    "token": "0" * 24,
    "job_id": "0" * 32,
    "kind": "partnerships",
    "register": "oncosts",
    "user_id": 1,
    "filename": "app.css",
    "change_id": 999,
    "undone_id": 999,
    "comparator_id": 999,
    "stream_id": 999,
    "scenario_id": 999,
    "proposal_id": 999,
    "entry_id": 999,
    "name": "nobody",
    "request_id": 999,
    "source_id": 999,
}

# Anyone, signed in or not: the sign-in page and what every page needs to draw itself.
PUBLIC = {"auth.login", "pages.plotly_js", "static", "api.openapi", "privacy.notice"}
# Anyone too: single sign-on's button and callback (tests/web/test_single_sign_on.py); with no provider of
# that name configured (as here) they answer 404.
SIGN_IN = {"sso.start", "sso.callback"}

# The README's role table:
#   manager  - upload calendars (preview, confirm, history, undo), review attribution, see hours,
#              record outcomes of the partnerships they lead;
#   director - the dashboard, partnership and person pages: costs over enough people, hours, outcomes;
#              never a salary or a rate (so no registers);
#   finance  - all a director sees, plus rates, salaries, on-cost settings (the registers, read-only
#              except their own organisation's salaries and on-costs) and every CSV download;
#   admin    - users and roles, the registers, settings, outcomes; everything above (pay only of the
#              organisation they belong to, if any: tests/web/test_finance_organisation.py).
# Partnership and person pages show hours to everyone signed in (a manager "sees hours"); what each
# role sees on them is tested in test_pages.py.
ALLOWED: dict[str, set[str]] = {
    "pages.home": {"manager", "director", "finance", "admin"},
    "pages.definitions": {"manager", "director", "finance", "admin"},
    "auth.logout": {"manager", "director", "finance", "admin"},
    "uploads.start": {"manager", "admin"},
    # Connected calendars: managers for their own organisation's staff (as uploads), administrators anyone's.
    "sources.index": {"manager", "admin"},
    "sources.sync": {"manager", "admin"},  # source 999 is no one's: 404 for those allowed
    "sources.pause": {"manager", "admin"},
    "sources.resume": {"manager", "admin"},
    "sources.remove": {"manager", "admin"},
    "uploads.owners": {"manager", "admin"},
    "uploads.confirm": {"manager", "admin"},
    "uploads.result": {"manager", "admin"},
    "uploads.history": {"manager", "admin"},
    "uploads.undo": {"manager", "admin"},
    "uploads.restore": {"manager", "admin"},  # an empty POST: no such undone import (404)
    "uploads.job": {"manager", "admin"},
    "review.index": {"manager", "admin"},
    "review.attribute": {"manager", "admin"},
    "rules.start": {"manager", "admin"},  # no title asked: 400
    "rules.preview": {"manager", "admin"},  # an empty POST: no title (400)
    "rules.rule": {"manager", "admin"},
    "rules.requests": {"manager", "admin"},  # administrators decide; leads see the rules they asked for
    "rules.approve": {"admin"},  # no such request: 404, nothing changes
    "rules.refuse": {"admin"},
    "review.changes": {"manager", "admin"},
    "review.revert": {"manager", "admin"},  # a change that does not exist: refused (400), nothing changes
    "explore.partnership": {"manager", "director", "finance", "admin"},
    "explore.person": {"manager", "director", "finance", "admin"},
    "outcomes.index": {"manager", "director", "finance", "admin"},
    "outcomes.partnership": {"manager", "director", "finance", "admin"},  # reading; writing is in WRITES
    "outcomes.load": {"manager", "admin"},
    "dashboard.index": {"director", "finance", "admin"},
    # The dashboard's other figures, a page each, and the list of partnerships: as the dashboard.
    "figures.results": {"director", "finance", "admin"},
    "figures.tree": {"director", "finance", "admin"},
    "figures.months": {"director", "finance", "admin"},
    "figures.totals": {"director", "finance", "admin"},
    "figures.reviews": {"director", "finance", "admin"},
    "figures.hats": {"director", "finance", "admin"},
    "figures.recurring": {"director", "finance", "admin"},
    "figures.allowances": {"director", "finance", "admin"},
    "partnership_list.index": {"director", "finance", "admin"},
    # The map shows hours and shared people to everyone who sees hours, costs only as a page may.
    "map.index": {"manager", "director", "finance", "admin"},
    "map.download": {"director", "finance", "admin"},  # pairs: no costs, but files only for those who see costs
    "hats.index": {"manager", "director", "finance", "admin"},  # costs only as the role may see them
    "hats.download": {"director", "finance", "admin"},  # managers read hats on the page, take no file away
    "scenarios.index": {"director", "finance", "admin"},
    "scenarios.people": {"director", "finance", "admin"},
    "scenarios.show": {"director", "finance", "admin"},  # no such scenario: 404
    "scenarios.remove": {"director", "finance", "admin"},
    "scenarios.compare": {"director", "finance", "admin"},
    "scenarios.download": {"director", "finance", "admin"},
    "proposals.index": {"manager", "director", "finance", "admin"},
    "proposals.new": {"manager", "director", "finance", "admin"},
    "proposals.show": {"manager", "director", "finance", "admin"},  # no such proposal: 404
    "proposals.assessment": {"manager", "director", "finance", "admin"},
    "proposals.assessment_pdf": {"manager", "director", "finance", "admin"},
    "proposals.download": {"manager", "director", "finance", "admin"},
    "library.index": {"manager", "director", "finance", "admin"},
    "library.new": {"manager", "director", "finance", "admin"},
    "library.show": {"manager", "director", "finance", "admin"},  # no such entry: 404
    "library.edit": {"manager", "director", "finance", "admin"},
    "library.remove": {"manager", "director", "finance", "admin"},
    "api.partnerships": {"director", "finance", "admin"},  # the dashboard's figures as JSON
    "downloads.index": {"finance", "admin"},
    "downloads.download": {"finance", "admin"},
    "downloads.workbook": {"finance", "admin"},  # the same three summaries as the CSVs, so the same people
    "registers.staff": {"finance", "admin"},
    "registers.person": {"finance", "admin"},
    "registers.new_person": {"admin"},
    "registers.partnerships": {"finance", "admin"},
    "registers.partnership": {"finance", "admin"},
    "registers.grades": {"finance", "admin"},
    "registers.oncosts": {"finance", "admin"},
    "registers.rates": {"finance", "admin"},  # finance keeps the standard rates
    "registers.load": {"finance", "admin"},  # the sample loads on-costs; the other registers are in WRITES
    "registers.comparators": {"finance", "admin"},
    "registers.remove_comparator": {"admin"},  # no such comparator: 404, nothing changes
    "registers.funding": {"finance", "admin"},
    "registers.remove_funding": {"admin"},
    "admin.users": {"admin"},
    "admin.change_user": {"admin"},
    "admin.reset_password": {"admin"},  # an empty POST: refused as too short, nothing changes
    "admin.settings": {"admin"},
    "admin.audit": {"admin"},
    "admin.audit_csv": {"admin"},
    "cost_basis.switch": {"finance", "admin"},  # an empty POST: refused as no basis, nothing changes
    "privacy.erase": {"admin"},  # erasing for good: administrators only
    "privacy.subject_access_page": {"admin"},
}

# Addresses of an endpoint that allow fewer roles than its others: finance reads a partnership of the
# register, but a form for a new one is only for those who may add it.
BY_ADDRESS: dict[str, set[str]] = {"/registers/partnerships/new": {"admin"}}

# The write half of pages that are read with GET (the walk only reads them), and loads of the
# registers only administrators may change. Each is an empty POST: refused before, or rejected by
# validation after, the permission check; neither changes anything.
WRITES: list[tuple[str, str, set[str]]] = [
    ("registers.load", "/registers/staff/load", {"admin"}),
    ("registers.load", "/registers/salaries/load", {"finance", "admin"}),  # their own organisation's staff only
    ("registers.load", "/registers/partnerships/load", {"admin"}),
    ("registers.load", "/registers/grades/load", {"admin"}),
    ("registers.person", "/registers/staff/1", {"admin"}),
    ("registers.new_person", "/registers/staff/new", {"admin"}),
    ("registers.partnership", "/registers/partnerships/2", {"admin"}),
    ("registers.partnership", "/registers/partnerships/new", {"admin"}),
    ("registers.grades", "/registers/grades", {"admin"}),
    ("registers.oncosts", "/registers/oncosts", {"finance", "admin"}),
    ("registers.rates", "/registers/rates", {"finance", "admin"}),
    ("registers.load", "/registers/rates/load", {"finance", "admin"}),
    ("registers.comparators", "/registers/comparators", {"admin"}),
    ("registers.funding", "/registers/funding", {"admin"}),
    ("registers.load", "/registers/comparators/load", {"admin"}),
    ("registers.load", "/registers/funding/load", {"admin"}),
    ("outcomes.partnership", "/outcomes/3", {"manager", "admin"}),  # the manager leads the CSP (third row)
    ("outcomes.partnership", "/outcomes/2", {"admin"}),  # ...but not the Health and Wellbeing Board
    ("uploads.start", "/upload", {"manager", "admin"}),
    ("sources.index", "/sources", {"manager", "admin"}),  # an empty form: refused (400), nothing connected
    ("sources.remove", "/sources/999/remove", {"manager", "admin"}),  # no such source: 404
    ("admin.users", "/admin/users", {"admin"}),
    ("admin.settings", "/admin/settings", {"admin"}),
    ("privacy.erase", "/admin/erase", {"admin"}),  # no subject: refused (400), nothing erased
    ("privacy.subject_access_page", "/admin/subject-access", {"admin"}),  # no address: 404
]


def routes(app):
    for rule in app.url_map.iter_rules():
        method = "GET" if "GET" in rule.methods else "POST"
        url = rule.build({k: SAMPLE[k] for k in rule.arguments}, append_unknown=False)[1]
        yield rule.endpoint, method, url


def to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


def refusal(response, role: str | None, allowed: set[str]) -> str | None:
    """What is wrong with this response for this role, or None when it is right."""
    got = f"got {response.status_code} {response.headers.get('Location', '')}".rstrip()
    if role is None:
        if response.request.path.startswith("/api/"):  # the API says so as JSON, to the tool that asked
            return None if response.status_code == 401 and response.is_json else f"should be a JSON 401, {got}"
        return None if to_login(response) else f"should redirect to /login, {got}"
    if role in allowed:
        return f"should be allowed, {got}" if response.status_code in (401, 403) or to_login(response) else None
    return None if response.status_code == 403 else f"should be 403, {got}"


def test_access_matrix_lists_every_endpoint(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not PUBLIC & set(ALLOWED)
    assert endpoints - PUBLIC - SIGN_IN - set(ALLOWED) == set(), "classify these new endpoints in ALLOWED or PUBLIC"
    gone = (PUBLIC | SIGN_IN | set(ALLOWED)) - endpoints
    assert gone == set(), "these endpoints are gone: remove them from the matrix"
    assert all(roles <= set(ROLES) for roles in ALLOWED.values())
    methods = {(rule.endpoint, rule.rule): rule.methods for rule in app.url_map.iter_rules()}
    for endpoint, url, roles in WRITES:
        assert roles <= ALLOWED[endpoint], f"{url} writes for roles that may not read it"
        assert any(e == endpoint and "POST" in m for (e, _), m in methods.items()), f"{endpoint} takes no POST"


@pytest.mark.parametrize("role", [None, *ROLES])
def test_access_walk_every_route(web_app, role):
    client = web_app.test_client()
    if role:
        sign_in(client, role)
    problems = []
    for endpoint, method, url in routes(web_app):
        response = client.open(url, method=method)
        response.close()
        if endpoint in PUBLIC:
            problem = None if response.status_code == 200 else f"should be public, got {response.status_code}"
        elif endpoint in SIGN_IN:
            problem = None if response.status_code == 404 else f"no such provider: 404, got {response.status_code}"
        elif endpoint == "auth.logout" and role:
            problem = None if to_login(response) else "signing out should send you to sign in"
            sign_in(client, role)
        else:
            problem = refusal(response, role, BY_ADDRESS.get(url, ALLOWED[endpoint]))
        if problem:
            problems.append(f"{role or 'anonymous'} {method} {url} ({endpoint}): {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", [None, *ROLES])
def test_access_writes_need_the_right_role(web_app, role):
    client = web_app.test_client()
    if role:
        sign_in(client, role)
    if role:  # the sample ids are rows of the partnership register, in order
        assert Page.of(client.get("/outcomes/3")).h1() == "Community Safety Partnership"
        assert Page.of(client.get("/outcomes/2")).h1() == "Health and Wellbeing Board"
    problems = []
    for endpoint, url, allowed in WRITES:
        response = client.post(url, data={})
        response.close()
        if problem := refusal(response, role, allowed):
            problems.append(f"{role or 'anonymous'} POST {url} ({endpoint}): {problem}")
    assert not problems, "\n".join(problems)
