"""Pages, forms and downloads through the Flask test client, as each kind of user meets them."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import run
from tests.rule_fixtures import make_rule
from tests.tracker.test_end_to_end import E2E, money
from tests.web.test_dashboard_figures import CSP_OWN, HWB_OWN
from tests.web_fixtures import PASSWORD, email, manager_of
from tracker import db
from tracker.models import CalendarImport, Meeting, Partnership

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}


def text(response) -> str:
    return response.get_data(as_text=True)


def count(app, model) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(model))


def test_login_rejects_a_wrong_password_and_keeps_next_on_site(web_app):
    client = web_app.test_client()
    bad = client.post("/login", data={"email": email("finance"), "password": "nope"})
    assert bad.status_code == 400 and "The email address or password is not right" in text(bad)
    evil = client.post("/login?next=//evil.example/steal", data={"email": email("finance"), "password": PASSWORD})
    assert evil.headers["Location"] == "/"
    client.post("/logout")
    good = client.post("/login?next=/dashboard", data={"email": email("finance"), "password": PASSWORD})
    assert good.headers["Location"] == "/dashboard"


def test_sessions_expire_and_forms_need_csrf_tokens(web_app):
    assert web_app.permanent_session_lifetime == timedelta(hours=8)
    client = web_app.test_client()
    response = client.post("/login", data={"email": email("admin"), "password": PASSWORD})
    assert "Expires=" in response.headers["Set-Cookie"]
    web_app.config["WTF_CSRF_ENABLED"] = True
    assert web_app.test_client().post("/login", data={"email": email("admin"), "password": PASSWORD}).status_code == 400
    assert client.post("/admin/settings", data={"weekly_hours": "30"}).status_code == 400


def test_dashboard_cost_matches_the_cli_export(web_app, runner, as_role):
    # The CLI export is the operator's: everyone at actual pay, or at standard rates when asked. A page is set
    # against the export at its own basis: standard rates, as a director sees them and as a finance officer
    # does once switched to what directors see.
    args = ("export", "partnerships", "--from", "2025-03-01", "--to", "2025-03-31")
    exported = {
        r["partnership"]: r for r in csv.DictReader(io.StringIO(run(runner, *args, "--basis", "standard").stdout))
    }
    finance = as_role("finance")
    finance.post("/cost-basis", data={"basis": "standard"})
    for client in (as_role("director"), finance):
        page = text(client.get("/dashboard", query_string=MARCH))
        hwb = exported["Health and Wellbeing Board"]["cost"]
        assert hwb == "1233.75" and f"£{float(hwb):,.2f}" in page  # 23.5 hours at £52.50
        api = client.get("/api/partnerships", query_string=MARCH).get_json()
        assert {r["partnership"]: r["cost"] for r in api["partnerships"]} == {k: v["cost"] for k, v in exported.items()}
    # At the finance officer's own basis no export matches (the council's staff at pay, everyone else at
    # standard): worked by hand, and not the operator's figure at everyone's pay.
    finance.post("/cost-basis", data={"basis": "own"})
    actual = {r["partnership"]: r["cost"] for r in csv.DictReader(io.StringIO(run(runner, *args).stdout))}
    api = finance.get("/api/partnerships", query_string=MARCH).get_json()
    own = {r["partnership"]: r["cost"] for r in api["partnerships"]}
    assert own == {"Health and Wellbeing Board": money(HWB_OWN), "Community Safety Partnership": money(CSP_OWN)}
    # test_dashboard_figures: sums of each attendance's pence.
    assert actual == {"Health and Wellbeing Board": "1183.58", "Community Safety Partnership": "177.53"} != own
    page = text(finance.get("/dashboard", query_string=MARCH))
    assert "£1,205.48" in page and "£1,183.58" not in page


def test_director_sees_every_partnerships_cost_and_a_persons_cost_at_standard_rates(as_role):
    director = as_role("director")
    api = director.get("/api/partnerships", query_string=MARCH).get_json()
    costs = {r["partnership"]: r["cost"] for r in api["partnerships"]}
    assert costs["Health and Wellbeing Board"] == "1233.75"  # Alice, Bob and Carol: 23.5 h at £52.50
    assert costs["Community Safety Partnership"] == "236.25"  # only Alice and Carol: 4.5 h at £52.50
    # A person's cost at standard rates is their grade's rate, nobody's pay: Alice's 11 h at £52.50. Her
    # own council's finance sees it at her pay (tests/web/test_finance_organisation.py).
    person = html.unescape(text(director.get("/people/1", query_string=MARCH)))
    assert "Partnership meeting hours" in person and "£577.50" in person
    assert "Alice Adams's cost is at their grade's standard rate" in person
    finance_person = text(as_role("finance").get("/people/1", query_string=MARCH))
    assert "£" in finance_person and "£577.50" not in finance_person


def test_downloads_open_in_excel_and_neutralise_formulas(web_app, as_role, tmp_path, runner):
    path = tmp_path / "evil.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:evil\r\nDTSTAMP:20250101T000000Z\r\n"
        'DTSTART:20250320T100000Z\r\nDTEND:20250320T110000Z\r\nSUMMARY:=HYPERLINK("http://x")&HWB\r\n'
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    run(runner, "import", path, "--owner", "bob@nhs.net")
    response = as_role("finance").get("/downloads/meetings.csv", query_string=MARCH)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeffstart,end,title")
    assert "'=HYPERLINK" in body
    assert as_role("director").get("/downloads/meetings.csv").status_code == 403


def _upload(client, name: str, data: bytes):
    return client.post("/upload", data={"files": [(io.BytesIO(data), name)]}, content_type="multipart/form-data")


def test_upload_preview_confirm_and_undo(web_app, nhs_manager):
    manager = nhs_manager  # Bob's calendar: uploaded (and undone) by his organisation's manager
    ics = (E2E / "bob-google.ics").read_bytes().replace(b"Health and Wellbeing Board", b"Community safety tasking")
    ics = ics.replace(b"040000008200E00074C5B7101A82E00800000000hwb", b"tasking-series")
    started = _upload(manager, "bob-tasking.ics", ics)
    assert started.status_code == 302
    owners_page = manager.get(started.headers["Location"])
    assert "Suggested from the file: bob@nhs.net" in text(owners_page)
    before = count(web_app, CalendarImport)
    token = started.headers["Location"].rsplit("/", 1)[-1]
    preview = manager.post(f"/upload/{token}", data={"owner-000-bob-tasking.ics": "bob@nhs.net"})
    body = text(preview)
    assert "Check what will be imported" in body and "Community Safety Partnership" in body
    assert "keyword &#39;community safety&#39; in the title" in body
    assert count(web_app, CalendarImport) == before  # the preview saved nothing
    done = manager.post(f"/upload/{token}/confirm")
    assert done.status_code == 302 and "/jobs/" in done.headers["Location"]  # the import runs as a job
    result = text(manager.get(done.headers["Location"], follow_redirects=True))
    assert "Import complete" in result and "bob-tasking.ics" in result
    assert count(web_app, CalendarImport) == before + 1
    history = text(manager.get("/imports"))
    assert "bob-tasking.ics" in history
    with web_app.app_context():
        new_id = db.get_session().scalar(select(func.max(CalendarImport.id)))
    meetings = count(web_app, Meeting)
    asked = text(manager.get(f"/imports/{new_id}/undo"))  # the history's Undo asks first
    assert "Undo the import of bob-tasking.ics?" in asked and "removes the 4 meeting copies this import holds" in asked
    assert manager.post(f"/imports/{new_id}/undo").status_code == 200  # not confirmed: asked again
    assert count(web_app, CalendarImport) == before + 1
    assert manager.post(f"/imports/{new_id}/undo", data={"confirm": "yes"}).status_code == 302
    assert count(web_app, CalendarImport) == before and count(web_app, Meeting) == meetings - 4  # its 4 meetings


def test_upload_of_a_bad_file_names_it_and_saves_nothing(web_app, as_role):
    manager = as_role("manager")
    started = _upload(manager, "broken.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    token = started.headers["Location"].rsplit("/", 1)[-1]
    response = manager.post(f"/upload/{token}", data={"owner-000-broken.ics": "bob@nhs.net"})
    assert response.status_code == 400
    assert "broken.ics, line 2: the file is truncated" in text(response)
    assert manager.post(f"/upload/{token}/confirm").status_code == 302  # nothing was saved to confirm
    assert count(web_app, CalendarImport) == 3


def test_review_attributes_a_series_and_turns_it_into_a_rule(web_app, as_role):
    manager = as_role("manager")
    page = text(manager.get("/review"))
    assert "Budget 1:1" in page
    with web_app.app_context():
        session = db.get_session()
        budget = session.scalar(select(Meeting).where(Meeting.title == "Budget 1:1"))
        csp = session.scalar(select(Partnership).where(Partnership.name == "Community Safety Partnership"))
        series, csp_id = budget.series_key, csp.id
    response = manager.post("/review/attribute", data={"series_key": series, "partnership_id": csp_id})
    assert response.status_code == 302
    with web_app.app_context():
        meeting = db.get_session().scalar(select(Meeting).where(Meeting.title == "Budget 1:1"))
        assert meeting.partnership_id == csp_id
        assert meeting.attribution == f"override by {email('manager')}"
    assert "override by manager@example.gov.uk" in text(manager.get("/review", query_string={"filtered": "1"}))
    make_rule(manager, "Budget 1:1", csp_id)
    with web_app.app_context():
        assert "Budget 1:1" in db.get_session().get(Partnership, csp_id).keywords
    # An Outlook reply's title is words, not a pattern: it was an HTTP 500 ("RE: (draft agenda").
    reply = make_rule(manager, "RE: (draft agenda", csp_id)
    assert reply.status_code == 302
    assert "titles containing &#39;(draft agenda&#39; now go to" in text(manager.get("/review"))
    with web_app.app_context():
        assert db.get_session().get(Partnership, csp_id).keywords.endswith(";(draft agenda")


def test_only_a_partnerships_lead_or_an_administrator_makes_a_rule_for_it(web_app, as_role):
    """A rule moves every meeting with that title in everyone's calendars: one "re:." once emptied every
    other partnership on every dashboard."""
    with web_app.app_context():
        ids = {p.name: p.id for p in db.get_session().scalars(select(Partnership))}
    hwb, csp = ids["Health and Wellbeing Board"], ids["Community Safety Partnership"]
    manager = as_role("manager")  # leads the Community Safety Partnership only
    queue = text(manager.get("/review"))  # the queue says why at the top, then links each series to a rule
    assert "you can make one only for the partnership you lead (Community Safety Partnership)" in queue
    assert queue.index("you lead") < queue.index('id="queue"')
    page = text(manager.get("/review/rule/new", query_string={"title": "Budget 1:1"}))
    rule_form = page.split('action="/review/rule/preview"')[1].split("</form>")[0]
    assert "Community Safety Partnership" in rule_form and "Health and Wellbeing Board" not in rule_form
    assert "You can make a rule only for the partnership you lead" in page
    assert '<option value="" selected>Choose…</option>' in rule_form  # nothing chosen for the manager
    unchosen = manager.post("/review/rule", data={"title": "Budget 1:1", "partnership_id": ""}, follow_redirects=True)
    assert "Choose the partnership the rule sends these meetings to: no rule was made." in text(unchosen)
    with web_app.app_context():
        assert "Budget 1:1" not in (db.get_session().get(Partnership, csp).keywords or "")
    assert make_rule(manager, "Budget 1:1", hwb).status_code == 403
    with web_app.app_context():
        assert "Budget 1:1" not in (db.get_session().get(Partnership, hwb).keywords or "")
    assert make_rule(manager, "Budget 1:1", csp).status_code == 302
    admin = as_role("admin")
    assert make_rule(admin, "Budget review", hwb).status_code == 302
    with web_app.app_context():
        assert (db.get_session().get(Partnership, hwb).keywords or "").endswith("Budget review")


def test_outcomes_recorded_by_the_lead_manager_only(web_app, as_role):
    manager = as_role("manager")
    with web_app.app_context():
        session = db.get_session()
        ids = {p.name: p.id for p in session.scalars(select(Partnership))}
    csp, hwb = ids["Community Safety Partnership"], ids["Health and Wellbeing Board"]
    added = manager.post(
        f"/outcomes/{csp}",
        data={
            "measure-name": "Repeat victims",
            "measure-kind": "better_off",
            "measure-unit": "people",
            "measure-target": "40",
            "measure-direction": "down",
        },
    )
    assert added.status_code == 302
    page = text(manager.get(f"/outcomes/{csp}"))
    assert "Repeat victims" in page
    recorded = manager.post(
        f"/outcomes/{csp}",
        data={
            "value-measure": "3",
            "value-period_start": "2025-01-01",
            "value-period_end": "2025-03-31",
            "value-value": "35",
            "value-notes": "MARAC data",
        },
    )
    assert recorded.status_code == 302 and "MARAC data" in text(manager.get(f"/outcomes/{csp}"))
    assert manager.post(f"/outcomes/{hwb}", data={"measure-name": "x"}).status_code == 403
    dashboard = text(as_role("finance").get("/dashboard/results", query_string=MARCH))
    # Fewer is better: the target is a ceiling, and 35 victims is nothing the meetings "achieved" at a cost each;
    # with no baseline to measure a fall from, no ratio, and the page says why.
    assert (
        "Repeat victims: 35 people (target at most 40, met); "
        "no ratio: lower is better and there is no baseline to measure the fall from"
    ) in dashboard
    assert "per person" not in dashboard.split("Repeat victims", 1)[1].split("Health and Wellbeing", 1)[0]
    assert "100% of 1" in dashboard


def test_a_partnership_without_outcomes_is_flagged(as_role):
    page = text(as_role("director").get("/dashboard/results", query_string=MARCH))
    assert "No outcomes reported" in page and "It met twice in the period" in page


def test_registers_forms_validate_and_recompute(web_app, as_role):
    admin = as_role("admin")
    with web_app.app_context():
        hwb = db.get_session().scalar(select(Partnership).where(Partnership.name == "Health and Wellbeing Board"))
        hwb_id, parent = hwb.id, hwb.parent.name
    bad = admin.post(
        f"/registers/partnerships/{hwb_id}",
        data={"name": "Health and Wellbeing Board", "parent": parent, "keywords": "re:(", "priority": 10},
    )
    assert bad.status_code == 400 and "not a valid regular expression" in text(bad)
    good = admin.post(
        f"/registers/partnerships/{hwb_id}",
        data={
            "name": "Health and Wellbeing Board",
            "parent": parent,
            "keywords": "health and wellbeing;HWB;budget",
            "priority": 10,
            "purpose": "x",
        },
    )
    assert good.status_code == 302
    with web_app.app_context():
        meeting = db.get_session().scalar(select(Meeting).where(Meeting.title == "Budget 1:1"))
        assert meeting.partnership_id == hwb_id and "keyword 'budget'" in meeting.attribution
    finance = as_role("finance")
    assert finance.post(f"/registers/partnerships/{hwb_id}", data={"name": "x"}).status_code == 403
    oncosts = finance.post(
        "/registers/oncosts",
        data={
            "organisation": "Borough Council",
            "financial_year": "2024",
            "employer_ni_rate": "13.8%",
            "ni_threshold": "9100",
            "pension_rate": "30%",
            "apprenticeship_levy_rate": "0.5%",
            "other_rate": "0",
        },
    )
    assert oncosts.status_code == 302
    assert "30%" in text(finance.get("/registers/oncosts"))
    # Alice's pay is her council's: its finance adds her salary (an administrator of the host sees none).
    salary = finance.post(
        "/registers/staff/1", data={"salary-annual_salary": "70000", "salary-salary_effective_from": "2025-03-24"}
    )
    assert salary.status_code == 302 and "£70,000.00" in text(finance.get("/registers/staff/1"))


def test_csv_loads_through_the_web_match_the_cli(web_app, as_role):
    admin = as_role("admin")
    data = {"file": (io.BytesIO(b"grade,band_min,band_max\nD1,90000,110000\n"), "grades.csv")}
    response = admin.post("/registers/grades/load", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert "D1" in text(admin.get("/registers/grades"))
    bad = {"file": (io.BytesIO(b"grade,band_min,band_max\nD2,9,x\n"), "grades.csv")}
    admin.post("/registers/grades/load", data=bad, content_type="multipart/form-data")
    message = "grades.csv, line 2: band_max: &#39;x&#39; is not an amount (write 45000 or £45,000). Nothing was changed"
    assert message in text(admin.get("/registers/grades"))


def test_settings_change_every_figure(web_app, as_role):
    admin = as_role("admin")
    form = {
        "weekly_hours": "37",
        "leave_days": "27",
        "bank_holidays": "8",
        "count_declined": "y",
        "min_people_for_cost": "3",
    }
    assert admin.post("/admin/settings", data=form).status_code == 302
    api = as_role("finance").get("/api/partnerships", query_string=MARCH).get_json()
    hwb = next(r for r in api["partnerships"] if r["partnership"] == "Health and Wellbeing Board")
    assert hwb["hours"] == "25:30:00"  # Bob's declined 10th now counts: 23.5 + 2 = 25.5 hours
    assert "1,670.29" in text(admin.get("/definitions"))


def test_admin_manages_users_and_cli_creates_the_first(web_app, runner, as_role):
    admin = as_role("admin")
    made = admin.post(
        "/admin/users", data={"email": "new@example.gov.uk", "role": "director", "password": "long-enough-pw"}
    )
    assert made.status_code == 302
    sign_in_ok = web_app.test_client().post(
        "/login", data={"email": "new@example.gov.uk", "password": "long-enough-pw"}
    )
    assert sign_in_ok.status_code == 302
    short = admin.post("/admin/users", data={"email": "x@example.gov.uk", "role": "admin", "password": "short"})
    assert short.status_code == 400
    out = run(runner, "users", "create", "boss@example.gov.uk", "--role", "admin", "--password", "a-long-password")
    assert "boss@example.gov.uk can now sign in as admin" in out.output


def test_pages_render_for_their_roles(as_role):
    finance, manager = as_role("finance"), as_role("manager")
    assert finance.get("/dashboard/tree", query_string={**MARCH, "root": 1}).status_code == 200
    for url in (
        "/",
        "/partnerships/2",
        "/definitions",
        "/registers/staff",
        "/registers/partnerships",
        "/registers/grades",
        "/registers/oncosts",
        "/outcomes/",
        "/downloads",
    ):
        assert finance.get(url, query_string=MARCH).status_code == 200, url
    for url in ("/upload", "/imports", "/review", "/partnerships/2", "/outcomes/2"):
        assert manager.get(url).status_code == 200, url
    page = text(finance.get("/partnerships/2", query_string=MARCH))
    assert "Who attends" in page and "Unattributed look-alikes" in page and "HWB development session" in page


def test_json_errors_and_bad_periods(as_role):
    finance = as_role("finance")
    bad = finance.get("/api/partnerships?from=2025-13-01")
    assert bad.status_code == 400 and bad.get_json() == {
        "error": "'2025-13-01' is not a date: write it as YYYY-MM-DD",
        "status": 400,
    }
    assert finance.get("/api/nothing-here").get_json()["status"] == 404
    assert as_role("manager").get("/api/partnerships").get_json()["status"] == 403
    page = finance.get("/dashboard?from=nonsense")
    assert page.status_code == 200 and "is not a date" in text(page)
    assert json.loads(finance.get("/api/partnerships", query_string=MARCH).data)["from"] == "2025-03-01"


def test_admin_adds_a_person_by_form(web_app, as_role):
    admin = as_role("admin")
    form = {
        "name": "Dee Dixon",
        "email": "Dee@Council.gov.uk",
        "job_title": "Head of Housing",
        "grade": "",
        "organisation": "Borough Council",
        "directorate": "",
        "fte": "0.8",
        "aliases": "",
    }
    added = admin.post("/registers/staff/new", data=form)
    assert added.status_code == 302
    assert "dee@council.gov.uk" in text(admin.get("/registers/staff"))
    again = admin.post("/registers/staff/new", data=form)
    assert again.status_code == 400 and "is already another person&#39;s address" in text(again)
    assert as_role("finance").post("/registers/staff/new", data=form).status_code == 403


AMBIGUOUS_CSV = (
    b'"Subject","Start Date","Start Time","End Date","End Time","All day event","Required Attendees","Show time as"\n'
    b'"Community safety tasking","04/03/2025","14:00:00","04/03/2025","15:30:00","False","Alice Adams","2"\n'
)


def test_upload_of_an_outlook_csv_keeps_the_date_order_chosen_through_to_the_import(web_app, runner):
    """Regression: the day-first choice made on the owners page was lost by confirm, which refused the file."""
    manager = manager_of(web_app, "Police")  # Carol's calendar: uploaded by her organisation's manager
    started = _upload(manager, "carol-ambiguous.csv", AMBIGUOUS_CSV)
    token = started.headers["Location"].rsplit("/", 1)[-1]
    asked = text(manager.get(started.headers["Location"]))
    assert "every date in the file reads both as day/month and as month/day" in asked
    name = "000-carol-ambiguous.csv"
    bad_owner = manager.post(f"/upload/{token}", data={f"owner-{name}": "carol", f"format-{name}": "dmy"})
    assert bad_owner.status_code == 400 and "&#39;carol&#39; is not an email address" in text(bad_owner)
    preview = manager.post(f"/upload/{token}", data={f"owner-{name}": "carol@police.uk", f"format-{name}": "dmy"})
    assert preview.status_code == 200 and "Tue 4 Mar 2025 14:00" in text(preview)
    done = manager.post(f"/upload/{token}/confirm", follow_redirects=True)
    assert done.status_code == 200 and "Import complete" in text(done)
    out = run(runner, "export", "meetings", "--from", "2025-03-04", "--to", "2025-03-04").stdout
    assert "2025-03-04T14:00+00:00,2025-03-04T15:30+00:00,Community safety tasking" in out


def _chart(page: str, chart_id: str) -> dict:
    import html
    import re

    found = re.search(rf'id="{chart_id}" data-figure="([^"]*)"', page)
    assert found, chart_id
    return json.loads(html.unescape(found.group(1)))


def test_director_never_sees_one_persons_cost_at_their_pay_even_with_groups_of_one(as_role):
    """Regression: the person page's chart showed a director the person's monthly cost at actual pay when
    the smallest group shown was set to one; a person's cost at pay is their pay. Now the director's chart
    is at standard rates (Alice's 11 h in March at £52.50), her council's finance's at her pay (7 h at her
    60,000, two of them 1.5 h attendances at £71.24 each, and 4 h at her 66,000: £541.72)."""
    settings = {"weekly_hours": "37", "leave_days": "27", "bank_holidays": "8", "min_people_for_cost": "1"}
    assert as_role("admin").post("/admin/settings", data=settings).status_code == 302
    finance = _chart(text(as_role("finance").get("/people/1", query_string=MARCH)), "chart-months")
    director = _chart(text(as_role("director").get("/people/1", query_string=MARCH)), "chart-months")
    assert [round(y, 2) for y in finance["data"][0]["y"]] == [541.72] and director["data"][0]["y"] == [577.5]


def test_a_person_chart_for_a_reader_not_shown_costs_has_hours_alone(as_role):
    """A manager sees no cost: the person's chart draws Alice's 11 hours of March on one axis, "Hours",
    with no empty £ axis and no legend entry for bars it cannot draw."""
    chart = _chart(text(as_role("manager").get("/people/1", query_string=MARCH)), "chart-months")
    assert [trace["name"] for trace in chart["data"]] == ["Hours"] and chart["data"][0]["y"] == [11.0]
    assert chart["layout"]["yaxis"]["title"]["text"] == "Hours" and "yaxis2" not in chart["layout"]
    assert chart["layout"]["showlegend"] is False
    director = _chart(text(as_role("director").get("/people/1", query_string=MARCH)), "chart-months")
    assert [trace["name"] for trace in director["data"]][1] == "Hours" and "yaxis2" in director["layout"]


def test_a_month_the_period_covers_only_part_of_is_marked_with_its_days(as_role):
    """From 10 March 2025: March's figures count 10–31 March alone, and the chart and table say so; over
    the whole of March, nothing is marked."""
    director = as_role("director")
    page = text(director.get("/people/1", query_string={"from": "2025-03-10", "to": "2025-03-31"}))
    assert _chart(page, "chart-months")["data"][0]["x"] == ["Mar 2025 (10–31)"]
    assert "March 2025 (10 to 31 March only)" in html.unescape(page)
    whole = text(director.get("/people/1", query_string=MARCH))
    assert _chart(whole, "chart-months")["data"][0]["x"] == ["Mar 2025"] and " only)" not in whole


def test_part_of_a_month_is_the_days_the_period_covers():
    from datetime import date

    from tracker.domain.periods import Period

    leap = Period(date(2024, 2, 2), date(2024, 3, 31))
    assert leap.part_of(date(2024, 2, 1)) == (date(2024, 2, 2), date(2024, 2, 29))  # a leap February
    assert leap.part_of(date(2024, 3, 1)) is None and leap.month_label(date(2024, 2, 1)) == "Feb 2024 (2–29)"
    one_day = Period(date(2025, 12, 31), date(2025, 12, 31))
    assert one_day.part_of(date(2025, 12, 1)) == (date(2025, 12, 31), date(2025, 12, 31))


def test_staff_register_shows_the_salary_in_force_today_not_the_latest_entered(as_role):
    finance = as_role("finance")  # of Borough Council: Alice's pay is theirs to see
    future = {"salary-annual_salary": "99000", "salary-salary_effective_from": "2099-04-01"}
    assert finance.post("/registers/staff/1", data=future).status_code == 302
    page = text(finance.get("/registers/staff"))
    assert "£66,000" in page and "£99,000" not in page  # Alice's 66,000 from 17 March 2025 is in force
    assert "£99,000.00" in text(finance.get("/registers/staff/1"))  # the history lists it


def test_namesakes_are_two_rows_of_the_hats_matrix(web_app, as_role):
    admin = as_role("admin")
    renamed = {"name": "Alice Adams", "job_title": "Chief Operating Officer", "fte": "1", "organisation": "NHS Trust"}
    assert admin.post("/registers/staff/2", data=renamed).status_code == 302  # Bob is now an Alice Adams too
    hats = _chart(text(as_role("finance").get("/dashboard/hats", query_string=MARCH)), "chart-hats")
    assert len(hats["data"][0]["z"]) == 3  # a row each
    # escaped for plotly, which would read "<bob@nhs.net>" as markup and draw only "Alice Adams"
    assert sorted(hats["layout"]["yaxis"]["ticktext"]) == [
        "Alice Adams &lt;alice@council.gov.uk&gt;",
        "Alice Adams &lt;bob@nhs.net&gt;",
        "Carol Cole",
    ]


def test_confirming_a_file_already_imported_says_so(web_app):
    """Bob's Google calendar is in the scenario already: the same bytes again change nothing, and the
    result page says when it was imported, instead of "Page not found"."""
    manager = manager_of(web_app, "NHS Trust")  # Bob's calendar: uploaded by his organisation's manager
    started = _upload(manager, "bob-google.ics", (E2E / "bob-google.ics").read_bytes())
    token = started.headers["Location"].rsplit("/", 1)[-1]
    before = count(web_app, CalendarImport)
    manager.post(f"/upload/{token}", data={"owner-000-bob-google.ics": "bob@nhs.net"})
    done = manager.post(f"/upload/{token}/confirm")
    result = manager.get(done.headers["Location"], follow_redirects=True)
    assert result.status_code == 200
    body = text(result)
    assert "Nothing to import" in body
    assert "bob-google.ics: already imported on " in body and "; nothing changed." in body
    assert count(web_app, CalendarImport) == before


def test_an_upload_says_why_its_events_gave_fewer_occurrences(web_app):
    """Six events, three occurrences: two changes to occurrences of a series, and two repeated copies."""
    from tests.importers.test_fewer_occurrences import event

    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + event("a", "20250303T100000Z", "RRULE:FREQ=WEEKLY;COUNT=2")
        + event("a", "20250303T110000Z", "RECURRENCE-ID:20250303T100000Z")
        + event("a", "20250310T110000Z", "RECURRENCE-ID:20250310T100000Z")
        + event("b", "20250304T100000Z") * 3
        + "END:VCALENDAR\r\n"
    ).encode()
    manager = manager_of(web_app, "NHS Trust")  # Bob's calendar: uploaded by his organisation's manager
    token = _upload(manager, "board.ics", ics).headers["Location"].rsplit("/", 1)[-1]
    manager.post(f"/upload/{token}", data={"owner-000-board.ics": "bob@nhs.net"})
    done = manager.post(f"/upload/{token}/confirm")
    body = text(manager.get(done.headers["Location"], follow_redirects=True))
    visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    assert "Import complete" in visible and "Events read 6 Occurrences 3 Fewer than the events read." in visible
    assert (
        "Events that add no meeting of their own: changes to one occurrence of a series (each replaces that "
        "occurrence), 2; repeated copies of another event with the same UID, 2." in visible
    )


def test_a_save_in_the_left_out_view_comes_back_to_it(web_app, as_role):
    """Attributing from the list of series that take no one's time returns to that list, not the queue."""
    manager = as_role("manager")
    page = text(manager.get("/review", query_string={"all": "1"}))
    assert "unattributed series taking no one&#39;s time" in page or "unattributed series taking no one's time" in page
    with web_app.app_context():
        series = db.get_session().scalar(select(Meeting.series_key).where(Meeting.title == "Budget 1:1"))
    back = manager.post("/review/attribute", data={"series_key": series, "partnership_id": "", "back_all": "1"})
    assert back.status_code == 302 and back.headers["Location"].endswith("/review?all=1")
    queue = manager.post("/review/attribute", data={"series_key": series, "partnership_id": ""})
    assert queue.headers["Location"].endswith("/review")


def test_the_error_summary_names_the_field_and_links_to_it(as_role):
    page = text(as_role("admin").post("/admin/settings", data={"weekly_hours": "not a number"}))
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert '<a href="#weekly_hours">Full-time hours a week: ' in summary
    assert 'id="weekly_hours"' in page  # the link goes to the field


def test_the_settings_page_lists_private_servers_and_names_a_bad_one(web_app, as_role):
    admin = as_role("admin")
    form = {"weekly_hours": "37", "leave_days": "27", "bank_holidays": "8", "retain_titles_months": "24"}
    bad = text(admin.post("/admin/settings", data={**form, "private_source_servers": "dav.internal, http://x/"}))
    summary = bad.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert '<a href="#private_source_servers">' in summary and "is neither a server" in summary
    saved = admin.post("/admin/settings", data={**form, "private_source_servers": "DAV.internal 10.20.0.0/16"})
    assert saved.status_code == 302
    assert 'value="dav.internal, 10.20.0.0/16"' in text(admin.get("/admin/settings"))
    with web_app.app_context():
        from tracker.reports.settings import load_settings

        allowed = load_settings(db.get_session()).private_sources
    assert str(allowed) == "dav.internal, 10.20.0.0/16"
