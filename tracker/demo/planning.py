"""The demo's material for rationalising the partnership map: front-line comparators, funding streams,
review dates and allowances, a proposed partnership before the gatekeeper and one decided, saved scenarios
and a few practice library entries. All through the services, as real data goes in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from ..domain.library import library_entry
from ..domain.local_time import ZONE
from ..domain.planning_entries import scenario_entry
from ..domain.proposal_entries import decision_entry, proposal_entry
from ..reports import proposals as proposals_read
from ..reports import registers as registers_read
from ..services import library, planning, proposals, registers

DIRECTOR = "director@demo.example"
COMPARATORS = (
    "name,unit,cost_per_unit,source\n"
    "Social worker day,day,240,PSSRU Unit Costs of Health and Social Care 2024: social worker (adult services)\n"
    "Youth worker hour,hour,28,JNC youth and community workers' pay 2024 with on-costs\n"
    "Care home week,week,1150,Local authority standard rate for residential care 2025/26\n"
)
REVIEWS = {  # partnership: (days from today to its next review, days since it was last reviewed or None)
    "Youth Justice Management Board": (-60, 425),
    "Voluntary Sector Compact Group": (-10, None),
    "Health and Wellbeing Board": (120, 245),
    "Community Safety Partnership": (200, 165),
}
ALLOWANCES = {  # partnership: (hours of preparation, hours of travel) for each attendance
    "Borough Strategic Partnership": ("1.5", "0.5"),
    "Health and Wellbeing Board": ("1", "0.5"),
    "Safeguarding Adults Board": ("1", "0"),
}
LIBRARY = [
    (
        "Terms of reference: Health and Wellbeing Board",
        "terms_of_reference",
        "Health and Wellbeing Board",
        "terms of reference; health",
        "## Purpose\n\nImprove health and reduce inequalities across the borough.\n\n## Membership\n\n"
        "* Leader of the council (chair)\n* Director of Public Health\n* Place Director, ICB\n\n"
        "## Quorum\n\nFour members, including one from the council and one from the NHS.",
    ),
    (
        "Review of the Youth Justice Management Board, 2025",
        "review_note",
        "Youth Justice Management Board",
        "review; youth",
        "The board met six times. **Four of its five members also sit on the Youth Crime Prevention Group**, "
        "which covers the same ground. Recommendation: merge the two, with the group as a task-and-finish "
        "sub-group reporting to the board.",
    ),
    (
        "One representative per organisation",
        "good_practice",
        None,
        "attendance; good practice",
        "Agree who speaks for each organisation before the meeting; a second person attends only for an item "
        "they present. Boards that did this cut their senior time by a fifth with no loss of decisions.",
    ),
]


def _ids(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Partnerships by name and people by address: what the demo's entries name them by."""
    partnerships = {p.name: p.id for p in registers_read.partnerships(session)}
    people = {p.email: p.id for p in registers_read.people(session)}
    return partnerships, people


def funding_csv(today: date) -> str:
    year = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    end = year.replace(year=year.year + 1) - timedelta(days=1)
    rows = [
        ("Health and Wellbeing Board", "Public Health Grant", 14200000, "Ring-fenced for public health"),
        ("Better Care Fund Group", "Better Care Fund", 18600000, "Pooled under a section 75 agreement"),
        ("Community Safety Partnership", "Community Safety Fund", 420000, "Police and Crime Commissioner grant"),
        ("Youth Justice Management Board", "Youth Justice Grant", 610000, "Youth Justice Board conditions"),
        ("Drug and Alcohol Action Team", "Drug and Alcohol Treatment Grant", 2300000, ""),
    ]
    lines = ["partnership,source,amount,period_start,period_end,conditions"]
    lines += [f'"{p}","{s}",{a},{year},{end},"{c}"' for p, s, a, c in rows]
    return "\n".join(lines) + "\n"


def partnership_extras(name: str, today: date) -> dict[str, str]:
    """The register columns the demo sets beyond the basics: review dates and allowances."""
    extras = {"review_on": "", "last_reviewed": "", "preparation_hours": "", "travel_hours": ""}
    if name in REVIEWS:
        due, last = REVIEWS[name]
        extras["review_on"] = (today + timedelta(days=due)).isoformat()
        extras["last_reviewed"] = (today - timedelta(days=last)).isoformat() if last is not None else ""
    if name in ALLOWANCES:
        extras["preparation_hours"], extras["travel_hours"] = ALLOWANCES[name]
    return extras


def load_planning(session: Session, folder, today: date, emails: list[str]) -> None:
    (folder / "comparators.csv").write_text(COMPARATORS)
    (folder / "funding.csv").write_text(funding_csv(today))
    for register in ("comparators", "funding"):
        registers.load_register(session, register, (folder / f"{register}.csv").read_bytes(), f"{register}.csv")
    if proposals_read.proposals(session):
        return  # a second run of the demo: the proposals, scenarios and library are there already
    partnerships, people = _ids(session)
    registered = proposals.registered(session)

    def person(index: int) -> str:
        return str(people[emails[index]])

    proposed = proposal_entry(
        {
            "name": "Serious Violence Duty Board",
            "purpose": "Reduce serious violence and knife crime among children and young people",
            "lead": "County Police",
            "every": "month",
            "hours_each": "2",
            "people": [person(i) for i in (15, 16, 5, 17, 2, 23)],
            "grade_places": "SU x 1",
            "sub_groups": "Knife crime task group",
            "needs_many": "The duty falls on police, council, health, probation and youth justice together.",
            "results": "Hospital admissions for assault with a sharp object; first-time entrants to youth justice.",
            "review_on": (today + timedelta(days=365)).isoformat(),
        },
        registered,
    )
    proposals.save_proposal(session, proposed, "manager@demo.example")
    forum = proposal_entry(
        {
            "name": "Town Centre Forum",
            "purpose": "Jobs and growth in the town centre",
            "lead": "Borough Council",
            "every": "4-weeks",
            "hours_each": "1.5",
            "people": [person(i) for i in (0, 9, 18, 4)],
            "needs_many": "Traders and the council",
            "simpler": "The Economic Partnership could take it as a standing item.",
        },
        registered,
    )
    decided = proposals.save_proposal(session, forum, "manager@demo.example")
    proposals.decide(
        session,
        decided,
        decision_entry(
            {
                "decision": "refer",
                "notes": "The Economic Partnership covers jobs and growth with three of the same members.",
                "referred_to": str(partnerships["Economic Partnership"]),
            }
        ),
        DIRECTOR,
    )
    youth = [str(partnerships["Youth Justice Management Board"]), str(partnerships["Youth Crime Prevention Group"])]
    for values in (
        {"name": "Merge the two youth crime groups", "kind": "merge", "partnerships": youth},
        {
            "name": "Community Safety Partnership quarterly",
            "kind": "less_often",
            "partnerships": [str(partnerships["Community Safety Partnership"])],
            "meetings": "4",
        },
        {
            "name": "One per organisation at the HWB",
            "kind": "send_one",
            "partnerships": [str(partnerships["Health and Wellbeing Board"])],
        },
    ):
        planning.save_scenario(session, scenario_entry(values), DIRECTOR)
    for title, kind, partnership, tags, body in LIBRARY:
        entry = library_entry(
            {
                "title": title,
                "kind": kind,
                "partnership": str(partnerships[partnership]) if partnership else "",
                "tags": tags,
                "body": body,
            }
        )
        library.save_entry(session, entry, "manager@demo.example", at=datetime.combine(today, time(9), ZONE))
