"""The demo organisation's facts: organisations, senior staff, partnerships, measures and sign-ins."""

from __future__ import annotations

import csv
from pathlib import Path

ORGS = {
    "council": ("Borough Council", "borough.gov.uk", "outlook"),
    "nhs": ("Borough NHS Trust", "nhs.net", "csv"),
    "icb": ("Integrated Care Board", "nhs.net", "outlook"),
    "police": ("County Police", "county.police.uk", "google"),
    "vcs": ("Borough Council for Voluntary Service", "boroughcvs.org.uk", "apple"),
    "fire": ("County Fire and Rescue", "countyfire.gov.uk", "google"),
    "probation": ("Probation Service", "justice.gov.uk", "outlook"),
}
# (name, org, job title, grade, salary last year or None, fte)
STAFF = [
    ("Sarah Mitchell", "council", "Chief Executive", "CE", 185000, 1),
    ("David Okafor", "council", "Director of Adult Social Care", "D1", 142000, 1),
    ("Priya Shah", "council", "Director of Children's Services", "D1", 142000, 1),
    ("James Whitfield", "council", "Director of Public Health", "D1", 128000, 1),
    ("Helen Cartwright", "council", "Director of Communities", "D2", 118000, 1),
    ("Tom Reilly", "council", "Head of Community Safety", "HS", 78000, 1),
    ("Amira Haddad", "council", "Head of Commissioning", "HS", 81000, 0.8),
    ("Gareth Price", "council", "Head of Early Help", "HS", None, 1),
    ("Linda Bowers", "council", "Assistant Director, Safeguarding", "AD", 98000, 1),
    ("Neil Fraser", "council", "Head of Economic Development", "HS", 76000, 1),
    ("Dr Fiona Grant", "nhs", "Chief Executive", "VSM", 192000, 1),
    ("Mark Ellison", "nhs", "Chief Operating Officer", "VSM", 158000, 1),
    ("Rachel Adeyemi", "nhs", "Director of Nursing", "VSM", 148000, 1),
    ("Dr Sunil Rao", "icb", "Place Director", "VSM", 139000, 1),
    ("Karen Hughes", "icb", "Head of Partnerships", "8D", 96000, 1),
    ("Ch Supt Paul Dawson", "police", "Local Policing Commander", "CS", 98000, 1),
    ("Supt Emma Clarke", "police", "Superintendent, Safeguarding", "SU", 84000, 1),
    ("DCI Ray Moss", "police", "Detective Chief Inspector", "CI", 68000, 1),
    ("Chris Lee", "vcs", "Chief Officer", "VCS1", 62000, 1),
    ("Joanne Price", "vcs", "Partnerships Manager", "VCS2", 44000, 0.6),
    ("Area Mgr Steve Nolan", "fire", "Area Manager, Prevention", "AM", 74000, 1),
    ("Yvonne Barker", "council", "Head of Housing Needs", "HS", 79000, 1),
    ("Dr Olu Bankole", "icb", "Clinical Director, Mental Health", "VSM", 121000, 0.8),
    ("Insp Kate Rowe", "police", "Inspector, Neighbourhoods", "IN", 59000, 1),
    # The rest of the borough's senior people: most partnerships draw on the same few dozen.
    ("Martin Hale", "council", "Director of Place", "D1", 136000, 1),
    ("Sophie Turner", "council", "Director of Resources", "D1", 139000, 1),
    ("Imran Qureshi", "council", "Head of Adult Mental Health Services", "HS", 80000, 1),
    ("Beth Morgan", "council", "Head of Children's Social Care", "HS", 83000, 1),
    ("Colin Ashworth", "council", "Head of Environmental Health", "HS", 74000, 1),
    ("Nadia Begum", "council", "Head of Policy and Partnerships", "HS", 77000, 1),
    ("Owen Price", "council", "Assistant Director, Housing", "AD", 96000, 1),
    ("Grace Liu", "council", "Consultant in Public Health", "HS", 82000, 0.8),
    ("Peter Walsh", "council", "Head of Education Inclusion", "HS", 75000, 1),
    ("Ruth Jenkins", "council", "Head of Climate Action", "HS", 72000, 1),
    ("Dr Alan Petrie", "nhs", "Medical Director", "VSM", 176000, 1),
    ("Lucy Ford", "nhs", "Director of Strategy", "VSM", 141000, 1),
    ("Simon Kaur", "nhs", "Associate Director, Community Services", "8D", 92000, 1),
    ("Hannah Webb", "nhs", "Head of Safeguarding", "8C", 78000, 1),
    ("Matt Osei", "nhs", "Head of Mental Health Services", "8C", 79000, 1),
    ("Claire Dunn", "icb", "Director of Commissioning", "VSM", 134000, 1),
    ("Dr Meera Iyer", "icb", "GP Clinical Lead", "VSM", 112000, 0.6),
    ("Ian Booth", "icb", "Head of Finance, Place", "8D", 94000, 1),
    ("ACC Diane Holt", "police", "Assistant Chief Constable", "ACC", 131000, 1),
    ("Supt Leon Marsh", "police", "Superintendent, Partnerships", "SU", 86000, 1),
    ("DI Sam Patel", "police", "Detective Inspector, Public Protection", "DI", 64000, 1),
    ("Insp Jo Carter", "police", "Inspector, Youth Engagement", "IN", 58000, 1),
    ("Group Mgr Tara Quinn", "fire", "Group Manager, Community Risk", "GM", 68000, 1),
    ("Station Mgr Dan Kerr", "fire", "Station Manager, Prevention", "SM", 56000, 1),
    ("Area Mgr Ali Rahman", "fire", "Area Manager, Protection", "AM", 75000, 1),
    ("Fiona Lane", "vcs", "Director, Age Concern Borough", "VCS1", 58000, 1),
    ("Kwame Asante", "vcs", "Chief Executive, Borough Youth Trust", "VCS1", 60000, 1),
    ("Ella Brooks", "vcs", "Manager, Women's Aid Borough", "VCS2", 42000, 1),
    ("Rob Finch", "vcs", "Director, Borough Foodbank", "VCS2", 39000, 0.8),
    ("Zara Hussain", "vcs", "Chief Officer, Healthwatch Borough", "VCS1", 52000, 1),
    ("Mike Norris", "probation", "Head of Probation Delivery Unit", "PD", 72000, 1),
    ("Anita Desai", "probation", "Senior Probation Officer", "SP", 48000, 1),
    ("Paula Green", "council", "Head of Revenues and Benefits", "HS", None, 1),
    ("George Hart", "council", "Head of Regeneration", "HS", 76000, 1),
    ("Dr Kate Stone", "nhs", "Director of Public Health Nursing", "8D", 90000, 1),
    ("Liam Byrne", "council", "Head of Leisure and Culture", "HS", 71000, 1),
]
# The partnership tree, one row each (partnerships.csv): name, parent, purpose, lead organisation, title
# keywords, priority, the RRULE its meetings follow, their length in minutes, its members and its chair
# (as indexes into STAFF). The first fifteen were the demo's first map; the rest fill in the borough's
# thematic boards and their sub-groups, eight of them set up beside a board doing much the same.
Partnership = tuple[str, str, str, str, str, int, str, int, list[int], int]


def _partnerships() -> list[Partnership]:
    with (Path(__file__).parent / "partnerships.csv").open(encoding="utf-8", newline="") as file:
        return [
            (
                r["name"],
                r["parent"],
                r["purpose"],
                r["lead"],
                r["keywords"],
                int(r["priority"]),
                r["rule"],
                int(r["minutes"]),
                [int(i) for i in r["members"].split()],
                int(r["chair"]),
            )
            for r in csv.DictReader(file)
        ]


PARTNERSHIPS = _partnerships()
# Every grade's published band: standard rates default to its midpoint with the organisation's on-costs.
GRADES = "grade,band_min,band_max\n" + "".join(
    f"{g},{low},{high}\n"
    for g, low, high in [
        ("CE", 170000, 200000),
        ("D1", 125000, 145000),
        ("D2", 110000, 125000),
        ("AD", 90000, 104000),
        ("HS", 72000, 84000),
        ("VSM", 110000, 195000),
        ("8D", 88000, 101000),
        ("8C", 74000, 86000),
        ("ACC", 125000, 135000),
        ("CS", 92000, 100000),
        ("SU", 80000, 88000),
        ("CI", 64000, 70000),
        ("DI", 58000, 66000),
        ("IN", 55000, 60000),
        ("AM", 70000, 78000),
        ("GM", 64000, 70000),
        ("SM", 52000, 58000),
        ("VCS1", 50000, 64000),
        ("VCS2", 38000, 46000),
        ("PD", 66000, 74000),
        ("SP", 44000, 50000),
    ]
)
# Finance's standard rates for the current financial year (the year the demo's today is in) for the most
# senior grades; every other grade, and every grade in earlier years, at its band's midpoint.
SET_RATES = (("CE", "150.00"), ("D1", "108.00"), ("VSM", "118.00"))
# (email, role, password, organisation: None for the host). The administrator runs the app for every
# partner; the manager works for the council, the partner with the most staff: they upload and review its
# staff's calendars, and every other partner's are uploaded by the administrator (``build.py``), who may
# upload anyone's. Each finance officer sees their own organisation's pay and everyone else at standard rates.
DEMO_USERS = [
    ("admin@demo.example", "admin", "demo-admin-pass", None),
    ("finance@demo.example", "finance", "demo-finance-pass", ORGS["council"][0]),
    ("police.finance@demo.example", "finance", "demo-police-finance-pass", ORGS["police"][0]),
    ("director@demo.example", "director", "demo-director-pass", ORGS["council"][0]),
    ("manager@demo.example", "manager", "demo-manager-pass", ORGS["council"][0]),
]
MANAGER = "manager@demo.example"
ADMINISTRATOR = "admin@demo.example"
MANAGERS_ORGANISATION = "council"  # the ORGS key of the manager's organisation
LED_BY_MANAGER = ("Community Safety Partnership", "Drug and Alcohol Action Team")
NO_OUTCOMES = ("Economic Partnership", "Voluntary Sector Compact Group")
ACTIVITY_ONLY = ("Youth Crime Prevention Group", "Violence Against Women and Girls Group")
ACTIVITY = [  # measure, kind, unit, baseline, target, direction: how much, and nothing of who is better off
    ("Meetings held with a quorum", "how_much", "meetings", 4, 6, "up"),
    ("Partners attending", "how_much", "people", 6, 10, "up"),
]
# What one unit of a "better off" measure is worth, where a partnership states it, and the source.
UNIT_VALUES = {"People helped": (1850, "Unit Cost Database (GMCA) 2024: average cost avoided per person supported")}
# measure, kind, unit, baseline, target, direction (up: higher is better)
MEASURES = [
    ("Meetings held with a quorum", "how_much", "meetings", 4, 6, "up"),
    ("Actions completed on time", "how_well", "%", 55, 80, "up"),
    ("People helped", "better_off", "people", 120, 200, "up"),
    ("Repeat cases", "better_off", "cases", 90, 60, "down"),
]
