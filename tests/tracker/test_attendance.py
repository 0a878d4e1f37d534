"""Who attended: own calendars decide over their span; other copies elsewhere."""

from __future__ import annotations

from datetime import date

from tracker.domain.attendance import Copy, who_attended

DAY = date(2025, 3, 10)
SPAN = {1: [(date(2025, 3, 1), date(2025, 3, 31))]}


def verdicts(copies, spans=SPAN):
    return {v.person_id: (v.attends, v.reason) for v in who_attended(DAY, copies, spans)}


def test_attendance_own_calendar_counts_its_owner():
    assert verdicts([Copy(1, ())])[1] == (True, "own calendar")


def test_attendance_declined_in_own_copy_is_out_even_if_others_say_accepted():
    copies = [Copy(2, ((1, "ACCEPTED"),), 0), Copy(1, ((1, "DECLINED"),), 1)]
    assert verdicts(copies)[1] == (False, "declined")


def test_attendance_own_calendar_without_the_meeting_means_absent():
    assert verdicts([Copy(2, ((1, "ACCEPTED"),))])[1] == (False, "not in own calendar")


def test_attendance_outside_own_span_other_lists_decide():
    spans = {1: [(date(2025, 4, 1), date(2025, 4, 30))]}
    assert verdicts([Copy(2, ((1, "ACCEPTED"),))], spans)[1] == (True, "invited")
    assert verdicts([Copy(2, ((1, "DECLINED"),))], spans)[1] == (False, "declined")


def test_attendance_newest_copy_decides_partstat():
    spans: dict = {}
    copies = [Copy(2, ((3, "ACCEPTED"),), 1), Copy(4, ((3, "DECLINED"),), 0)]
    assert verdicts(copies, spans)[3] == (False, "declined")
