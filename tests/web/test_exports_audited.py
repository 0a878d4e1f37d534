"""Every export is in the audit trail: the test walks every route of the app, and each that answers a CSV,
PDF or JSON file of figures must leave an entry in words; a new download cannot be forgotten, because the
hook keys on what the answer is, and this walk fails until the new route has words of its own."""

from __future__ import annotations

from tests.web.test_audit_trail import web_entries
from tests.web.test_pages import MARCH
from tests.web.test_proposals import propose
from tests.web.test_scenarios import save
from tests.web_fixtures import email
from tracker import db
from tracker.reports import audit as audit_reports
from tracker.web.audit_words import ACTIONS, EXPORT_TYPES, EXPORTS, NOT_FIGURES

# The route arguments the walk fills in; a route with a ``kind`` is walked once per kind.
SAMPLE = {"partnership_id": 2, "person_id": 1, "import_id": 1, "user_id": 1, "scenario_id": 1, "proposal_id": 1}
KINDS = {"downloads.download": ["partnerships", "people", "meetings", "results"], "hats.download": ["hats", "send_one"]}


def count(app) -> int:
    with app.app_context():
        return audit_reports.count(db.get_session())


def urls(app):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        for kind in KINDS.get(rule.endpoint, [None]):
            values = {k: SAMPLE.get(k, kind) for k in rule.arguments}
            if None in values.values():
                continue  # a token or job of nobody's: not a download
            yield rule.endpoint, rule.build(values, append_unknown=False)[1]


def test_every_route_that_answers_a_file_of_figures_is_audited_in_words(web_app, as_role):
    admin = as_role("admin")
    propose(admin)
    save(admin, name="Stop the CSP", kind="stop", partnerships=["3"])
    answered, missing = set(), []
    for endpoint, url in urls(web_app):
        before = count(web_app)
        response = admin.get(url, query_string=MARCH)
        response.close()
        if response.mimetype not in EXPORT_TYPES or endpoint in NOT_FIGURES:
            continue
        answered.add(endpoint)
        if count(web_app) != before + 1:
            missing.append(f"{url} ({endpoint}, {response.mimetype}) left no entry")
        elif endpoint not in ACTIONS or endpoint not in EXPORTS:
            missing.append(f"{url} ({endpoint}): give it words in audit_words.ACTIONS and declare it in EXPORTS")
    assert not missing, "\n".join(missing)
    # Every declared export was reached and answered with its file (the PDF too: WeasyPrint is installed).
    assert answered == EXPORTS, EXPORTS ^ answered
    rows = [r for r in web_entries(admin) if r["who"] == email("admin")]
    what = {r["what"] for r in rows}
    assert {
        "download the hats CSV",
        "download the send one CSV",
        "download the map's pairs CSV",
        "download the scenarios compared CSV",
        "download the register of proposals CSV",
        "download the assessment PDF",
        "read the partnerships' figures as JSON",
        "download the audit trail CSV",
    } <= what
    pdf = next(r for r in rows if r["what"] == "download the assessment PDF")
    assert pdf["whose"] == "Reducing Reoffending Board"
    # The host's administrator belongs to no partner organisation, so reads everything at standard rates.
    assert pdf["filters"] == "period 2025-03-01 to 2025-03-31; cost basis standard"


def test_every_form_has_words_in_the_trail(web_app):
    posts = {rule.endpoint for rule in web_app.url_map.iter_rules() if "POST" in rule.methods}
    assert posts - set(ACTIONS) == set(), "give these forms words in audit_words.ACTIONS"


def test_a_refused_export_is_recorded_too(web_app, as_role):
    manager = as_role("manager")
    assert manager.get("/downloads/people.csv", query_string=MARCH).status_code == 403
    assert manager.get("/hats/hats.csv", query_string=MARCH).status_code == 403
    assert web_app.test_client().get("/api/partnerships").status_code == 401
    rows = web_entries(as_role("admin"))
    refused = [(r["who"], r["what"], r["outcome"]) for r in rows if r["outcome"].startswith(("forbidden", "not "))]
    assert refused == [
        (email("manager"), "download the people CSV", "forbidden (403)"),
        (email("manager"), "download the hats CSV", "forbidden (403)"),
        ("anonymous", "read the partnerships' figures as JSON", "not signed in (401)"),
    ]
