"""The review queue a manager works through (issue 21): series with their owners, hours and next or last
date, filtered and paged in the database, and one partnership chosen for every ticked series.

The scenario (tests/tracker/test_end_to_end.py): the Health and Wellbeing Board meets on 3, 10, 25 and 31
March 2025, two hours each, in Alice's, Bob's and Carol's calendars: Alice 4 x 2 = 8 h, Bob 3 x 2 = 6 h (he
declined the 10th), Carol 4 x 2 = 8 h, 22.0 h in all. The CSP board (5 March, 13:00-15:00) is in Alice's and
Carol's: Carol 2 h, Alice 1.5 h (the hour from 14:00 is shared with the HWB development session, 14:00-16:00,
so each has half of it), 3.5 h; the development session is Alice's 1.5 h. Alice's "Budget 1:1" (6 March, 1 h)
is the one unattributed series; Carol's "CSP tasking" (19 March) is her 1 h; the cancelled "CSP extraordinary
meeting" takes no one's time.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from tests.conftest import every_row
from tests.web.page import Page
from tests.web.test_manager_organisation import stored
from tests.web.test_pages import text
from tracker import db
from tracker.models import AttributionChange, Meeting, Partnership
from tracker.web import audit_words

EVERY_SERIES = {"filtered": "1"}  # "Unattributed only" unticked


def series_key(page: Page, heading: str, title: str) -> str:
    """The series key of the row ``title``, from its "Meetings" link (the series opened)."""
    link = page.table(heading).row(title)[-1].links[0]
    return parse_qs(urlsplit(link).query)["series"][0]


def partnership_id(app, name: str) -> int:
    with app.app_context():
        return db.get_session().scalar(select(Partnership.id).where(Partnership.name == name))


def shown(page: Page) -> str:
    """The "Showing 1–50 of 56 series" line, as a person reads it."""
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", page.html)).split())
    found = re.search(r"Showing [^.]* series", words)
    return found.group(0) if found else ""


def test_each_series_is_listed_with_its_owners_meetings_hours_and_last_date(as_role):
    page = Page.of(as_role("admin").get("/review", query_string=EVERY_SERIES))
    rows = page.table("6 series").records()
    assert [(r["Series"], r["Calendar of"], r["Meetings"], r["Hours"], r["Next or last"]) for r in rows] == [
        ("Health and Wellbeing Board", "Alice Adams, Bob Brown, Carol Cole", "4", "22:00", "last 31 Mar 2025"),
        ("Community Safety Partnership board", "Alice Adams, Carol Cole", "1", "3:30", "last 5 Mar 2025"),
        ("HWB development session", "Alice Adams", "1", "1:30", "last 5 Mar 2025"),
        ("Budget 1:1", "Alice Adams", "1", "1:00", "last 6 Mar 2025"),  # ties at 1:00: by title
        ("CSP tasking", "Carol Cole", "1", "1:00", "last 19 Mar 2025"),
        ("CSP extraordinary meeting", "Alice Adams", "1", "0:00", "last 12 Mar 2025"),
    ]
    now = {r["Series"]: r["Now"] for r in rows}
    assert now["Budget 1:1"] == "None no rule matched"
    assert now["Health and Wellbeing Board"].startswith("Health and Wellbeing Board rule:")
    assert shown(page) == "Showing 1–6 of 6 series"


def test_a_manager_is_shown_only_their_own_organisations_calendar_owners(as_role):
    council = as_role("manager")
    rows = Page.of(council.get("/review", query_string=EVERY_SERIES)).table("5 series").records()
    owners = {r["Series"]: r["Calendar of"] for r in rows}
    assert owners["Health and Wellbeing Board"] == "Alice Adams"  # not Bob's (NHS) nor Carol's (Police)
    assert owners["Community Safety Partnership board"] == "Alice Adams"
    # Carol's calendar is not the council's: filtering by her finds nothing, though she shares the board.
    carol = Page.of(council.get("/review", query_string={**EVERY_SERIES, "owner": "carol"}))
    assert "0 series" in carol.h2s() and "No series match these filters." in carol.html


def test_filters_by_owner_title_and_partnership_combine(web_app, as_role):
    admin = as_role("admin")

    def listed(**query) -> list[str]:
        page = Page.of(admin.get("/review", query_string=query))
        return [r["Series"] for r in page.tables[0].records()] if page.tables else []

    assert listed() == ["Budget 1:1"]  # unattributed only, at first
    # Carol's calendar, by her name in part or her address: what she attends, most hours first.
    carols = ["Health and Wellbeing Board", "Community Safety Partnership board", "CSP tasking"]
    assert listed(**EVERY_SERIES, owner="Cole") == carols
    assert listed(**EVERY_SERIES, owner="carol@police.uk") == carols
    assert listed(**EVERY_SERIES, q="csp") == ["CSP tasking", "CSP extraordinary meeting"]
    assert listed(**EVERY_SERIES, q="csp", owner="alice") == ["CSP extraordinary meeting"]
    csp = partnership_id(web_app, "Community Safety Partnership")
    assert listed(partnership=csp) == [  # a partnership's series are attributed: "Unattributed only" set aside
        "Community Safety Partnership board",
        "CSP tasking",
        "CSP extraordinary meeting",
    ]
    assert listed(owner="bob") == []  # Bob's only series is attributed


def _many_series(runner, tmp_path, count: int) -> None:
    """``count`` one-hour series in Alice's calendar, "Item 001" onwards, each on a day of its own."""
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:item-{n}\r\nSUMMARY:Item {n:03d}\r\nDTSTART:2025020{1 + n % 7}T{8 + n // 7:02d}0000Z\r\n"
        f"DTEND:2025020{1 + n % 7}T{9 + n // 7:02d}0000Z\r\nEND:VEVENT\r\n"
        for n in range(1, count + 1)
    )
    path = tmp_path / "alice-items.ics"
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{events}END:VCALENDAR\r\n")
    from tests.conftest import run

    run(runner, "import", path, "--owner", "alice@council.gov.uk")


def test_the_queue_is_paged_with_its_filters_kept(web_app, runner, as_role, tmp_path):
    _many_series(runner, tmp_path, 55)  # 55 items of 1 h each, at hours of their own: 56 series with Budget 1:1
    manager = as_role("manager")
    first = Page.of(manager.get("/review"))
    rows = first.table("56 unattributed series").records()
    assert len(rows) == 50 and shown(first) == "Showing 1–50 of 56 series"
    # All at 1.0 h, so by title: "Budget 1:1", then Item 001 to Item 049.
    assert [r["Series"] for r in rows[:2]] == ["Budget 1:1", "Item 001"] and rows[-1]["Series"] == "Item 049"
    assert 'class="govuk-pagination' in first.html and first.link("2").endswith("page=2")
    second = Page.of(manager.get(first.link("2")))
    rest = [r["Series"] for r in second.table("56 unattributed series").records()]
    assert rest == [f"Item {n:03d}" for n in range(50, 56)]
    assert shown(second) == "Showing 51–56 of 56 series"
    # A search keeps to its pages: 55 items, the second page of them holds the last five.
    items = Page.of(manager.get("/review", query_string={"q": "item", "page": "2"}))
    assert shown(items) == "Showing 51–55 of 55 series"
    assert "q=item" in items.link("1") and "q=item" in items.link("Previous page")
    past = Page.of(manager.get("/review", query_string={"page": "9"}))  # past the last page: the last one
    assert shown(past) == "Showing 51–56 of 56 series"


def test_ticked_series_go_to_the_one_partnership_chosen_and_are_reverted_as_one(web_app, runner, as_role, tmp_path):
    _many_series(runner, tmp_path, 3)
    manager, admin = as_role("manager"), as_role("admin")
    page = Page.of(manager.get("/review", query_string={"q": "item"}))
    keys = {title: series_key(page, "3 unattributed series", title) for title in ("Item 001", "Item 002", "Item 003")}
    assert page.html.count("<select") == 2  # one partnership for every ticked row, and the partnership filter
    csp = page.option_value("ticked-partnership", "Community Safety Partnership")
    changes_before = _changes(web_app)
    done = manager.post(
        "/review/attribute",
        data={
            "series_key": [keys["Item 001"], keys["Item 002"]],
            "partnership_id": csp,
            "ticked": "1",
            "back": "q=item",
        },
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/review?q=item")  # back to the filter
    after = Page.of(manager.get(done.headers["Location"]))
    assert "Saved: 2 series attributed." in after.html
    assert [r["Series"] for r in after.table("1 unattributed series").records()] == ["Item 003"]  # left alone
    with web_app.app_context():
        query = select(Meeting.title, Meeting.attribution).where(Meeting.title.like("Item%"))
        now = dict(db.get_session().execute(query).all())
    assert now == {
        "Item 001": "override by manager@example.gov.uk",
        "Item 002": "override by manager@example.gov.uk",
        "Item 003": "no rule matched",
    }
    assert _changes(web_app) == changes_before + 1  # one change for the two: one transaction, reverted as one
    summary = '2 series: "Item 001" and "Item 002" to Community Safety Partnership'
    record = Page.of(manager.get("/review/changes")).table(summary).record("Community Safety Partnership")
    assert (record["Meetings before"], record["Meetings after"]) == ("2", "4")  # its board and tasking, then +2
    trail = admin.get("/admin/audit.csv").get_data(as_text=True)
    assert f"{audit_words.ACTIONS['review.attribute']}" in trail and keys["Item 001"] in trail  # what was asked
    change = re.search(r'id="change-(\d+)"', Page.of(manager.get("/review/changes")).html).group(1)
    assert manager.post(f"/review/changes/{change}/revert").status_code == 302
    back = Page.of(manager.get("/review", query_string={"q": "item"}))
    assert [r["Series"] for r in back.table("3 unattributed series").records()] == ["Item 001", "Item 002", "Item 003"]


def _changes(app) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(AttributionChange))


def test_a_manager_cannot_attribute_another_organisations_series_among_those_ticked(web_app, as_role):
    council, admin = as_role("manager"), as_role("admin")
    every = Page.of(admin.get("/review", query_string=EVERY_SERIES))
    budget, tasking = (series_key(every, "6 series", title) for title in ("Budget 1:1", "CSP tasking"))
    before = stored(web_app)
    refused = council.post("/review/attribute", data={"series_key": [budget, tasking], "partnership_id": "none"})
    assert refused.status_code == 404  # Carol's tasking is the Police's: nothing saved, Budget 1:1 neither
    assert stored(web_app) == before


def test_a_save_with_nothing_ticked_or_nothing_chosen_changes_nothing(web_app, as_role):
    manager = as_role("manager")
    budget = series_key(Page.of(manager.get("/review")), "1 unattributed series", "Budget 1:1")
    before = every_row(web_app, leaving_out=("audit_entry",))
    unticked = manager.post("/review/attribute", data={"partnership_id": "none", "ticked": "1"})
    told = text(manager.get(unticked.headers["Location"]))
    assert "Tick the series to attribute, then choose the partnership" in told
    unchosen = manager.post("/review/attribute", data={"series_key": budget, "partnership_id": "", "ticked": "1"})
    assert "before saving: nothing was changed" in text(manager.get(unchosen.headers["Location"]))
    assert every_row(web_app, leaving_out=("audit_entry",)) == before


def test_make_a_rule_opens_a_page_of_its_own_from_the_row(as_role):
    manager = as_role("manager")
    page = Page.of(manager.get("/review"))
    link = page.table("1 unattributed series").row("Budget 1:1")[-1].links[1]
    rule = Page.of(manager.get(link))
    assert rule.h1() == "Make a rule" and "‘Budget 1:1’" in rule.html
    assert [label for _, label, _ in rule.options["rule-partnership"]] == ["Choose…", "Community Safety Partnership"]


def test_a_page_of_the_demos_queue_is_small(demo):
    """The issue: 1.9-2.9 MB with 664 drop-downs. Now a page of 50 rows, one chooser and one filter."""
    for role in ("manager", "admin"):
        client = demo.test_client()
        client.post("/login", data={"email": f"{role}@demo.example", "password": f"demo-{role}-pass"})
        html = client.get("/review").get_data(as_text=True)
        assert len(html.encode()) < 300_000, role
        assert html.count("<select") == 2, role  # the partnership filter and the one chooser
        assert len(Page(html).tables[0].rows) == 50
