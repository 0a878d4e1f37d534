"""Where our importer departs from ``shared/calendars/real/expected``, and why the expected file is wrong.

Each entry names exactly the occurrences that differ, so any other change still fails the test.
Keys are (uid, start, end): UTC ISO for timed occurrences, dates for all-day ones.
"""

from __future__ import annotations

EXCEPTIONS: dict[str, dict] = {
    "ical4j__google_aus_holidays.ics": {
        "reason": (
            "Holidays written `DTSTART;TZID=America/Los_Angeles:20041225` with `DURATION:PT86400S`. "
            "The oracle reads them as all-day dates (as we do) but gives each 0 days, because ical.js drops "
            "seconds added to a date; 86,400 seconds is one day. It also pins the master's instances at "
            "08:00Z, so the date-valued RECURRENCE-IDs of 43 overrides match nothing and every such "
            "holiday is listed twice (once as an 'orphan'). We list each holiday once, one day long."
        ),
        "compare": "uid_start",  # same set of (uid, start date); ends are ours: start + 1 day
    },
    "icalendar__issue_722_missing_timezones.ics": {
        "reason": (
            "The first VEVENT has DTSTART 2014-08-29 08:00 America/New_York and one RDATE. RFC 5545 "
            "3.8.5.2: DTSTART is the first instance of the recurrence set, so the event happens on "
            "2014-08-29 (12:00Z to DTEND 08:00 Los Angeles = 15:00Z) as well as on the RDATE; the "
            "oracle lists only the RDATE instance."
        ),
        "missing": [],
        "extra": [(None, "2014-08-29T12:00:00Z", "2014-08-29T15:00:00Z")],
    },
    "icalendar__rfc_7529.ics": {
        "reason": (
            "RFC 7529 RSCALE rules in the Chinese, Ethiopic and Hebrew calendars. The oracle expands "
            "them as if they were Gregorian (Chinese New Year on 10 February every year; it fell on "
            "31 January in 2014), which is wrong. We cannot expand non-Gregorian calendars, so we keep "
            "each such event's first date and warn. All of them are all-day events, which are not costed. "
            "The Gregorian SKIP=FORWARD rule of 4.3.4 (29 February, moved to 1 March in other years) we "
            "expand ourselves and agree; the oracle gets it right by accident (ical.js rolls 29 February "
            "over to 1 March whatever the SKIP, see tests/importers/test_rscale.py)."
        ),
        "missing": [
            ("4.3.1", "2014-02-10", "2014-02-11"),
            ("4.3.1", "2015-02-10", "2015-02-11"),
            ("4.3.3", "2014-05-08", "2014-05-09"),
            ("4.3.3", "2015-05-08", "2015-05-09"),
        ],
        "extra": [("4.3.3", "2014-02-08", "2014-02-09")],
    },
    "node-ical__exchange_whole_day_moved_recurrence.ics": {
        "reason": (
            "Exchange's all-day series (DTSTART;VALUE=DATE) ends with UNTIL=20260817T220000Z: local midnight "
            "of Tuesday 18 August in its zone (W. Europe Standard Time, named by the override's RECURRENCE-ID), "
            "written in UTC. RFC 5545 3.3.10 wants a date there; read in the series' zone the instant is 18 "
            "August, an instance of the rule, and Outlook shows it. The oracle compares the UTC date and "
            "drops it (a limitation its README lists)."
        ),
        "missing": [],
        "extra": [("exchange-moved-recurrence", "2026-08-18", "2026-08-19")],
    },
    "rie__issue_173_only_modifications_error.ics": {
        "reason": (
            "Window edge only: an all-day event on 2027-01-01, the day the comparison window ends. The "
            "oracle places all-day dates at midnight in the calendar's zone (Europe/Paris), which is "
            "2026-12-31T23:00Z and so inside [from, to); we compare all-day events by their dates, "
            "and 2027-01-01 is outside. Imports never cut by UTC instants, so this cannot affect a user."
        ),
        "missing": [("3d5nbkveopqs5bd3re4vc1nu39@google.com", "2027-01-01", "2027-01-02")],
        "extra": [],
    },
    "rie__issue_28_rrule_with_UTC_endinginZ.ics": {
        "reason": (
            "Two fortnightly all-day Exchange series in GMT Standard Time end with UNTIL=20200916T230000Z "
            "and 20200923T230000Z: midnight BST starting 17 and 24 September, the Thursdays the bins are "
            "last collected, written in UTC. Read in the series' zone (RFC 5545 3.3.10 wants a date), those "
            "days are the last instances, as Outlook shows; the oracle takes the UTC dates (16 and 23 "
            "September, a Wednesday) and drops them."
        ),
        "missing": [],
        "extra": [
            (
                "040000008200E00074C5B7101A82E00800000000017E1BADC42ED601000000000000000010000000"
                "FBF1FBAE2E9FBC4D81F16854E2F4D51B",
                "2020-09-17",
                "2020-09-18",
            ),
            (
                "040000008200E00074C5B7101A82E00800000000C6B92310C52ED601000000000000000010000000"
                "605B5A30BB664D469D7A9A45CF7F2FB3",
                "2020-09-24",
                "2020-09-25",
            ),
        ],
    },
    "tine20__invitation_cancel.ics": {
        "reason": (
            "A broken Tine 2.0 VTIMEZONE for Europe/Berlin whose STANDARD and DAYLIGHT parts start at "
            "the same instant. ORACLE.md says the true time (13:00 Berlin in November) is 12:00Z, which "
            "is what we give because the TZID names a real zone; the oracle's 13:00Z is its fallback. "
            "The event is cancelled, so it is never costed either way."
        ),
        "missing": [("4f0162146d61cb2c06cbe2abf94636f4526abe16", "2011-11-21T13:00:00Z", "2011-11-21T14:00:00Z")],
        "extra": [("4f0162146d61cb2c06cbe2abf94636f4526abe16", "2011-11-21T12:00:00Z", "2011-11-21T13:00:00Z")],
    },
}
