"""Pure reminder date logic: working days with Vietnamese holidays, and occasions per day."""

from __future__ import annotations

import datetime as dt

from tracker.reminders.schedule import (
    Audience,
    ReminderRules,
    WorkCalendar,
    deadline_track,
    task_occasions,
    waiting_occasion,
)

D = dt.date
# Tết Ất Tỵ 2025: 27/1–31/1 off, Saturday 8/2 worked in exchange; 30/4–2/5 off, Saturday 26/4 worked.
TET_2025 = WorkCalendar.of(
    [(D(2025, 1, d), False) for d in range(27, 32)]
    + [(D(2025, 2, 8), True), (D(2025, 4, 26), True)]
    + [(D(2025, 4, 30), False), (D(2025, 5, 1), False), (D(2025, 5, 2), False)]
)
RULES = ReminderRules()


def occasions(deadline, today, rules=RULES, calendar=TET_2025):
    return [(o.key, o.day, o.audience) for o in task_occasions(deadline, today=today, rules=rules, calendar=calendar)]


def test_it_skips_weekends_holidays_and_counts_make_up_saturdays():
    assert TET_2025.is_working_day(D(2025, 2, 8))  # a Saturday worked for Tết
    assert not TET_2025.is_working_day(D(2025, 1, 29))  # mùng 1 Tết, a Wednesday
    assert not TET_2025.is_working_day(D(2025, 2, 1))  # an ordinary Saturday
    # 3 working days before Monday 3/2/2025: Friday 24/1 (27–31/1 are Tết, 1–2/2 a weekend).
    assert TET_2025.working_days_before(D(2025, 2, 3), 1) == D(2025, 1, 24)
    assert TET_2025.working_days_before(D(2025, 2, 3), 3) == D(2025, 1, 22)
    # 1 working day before Monday 10/2/2025 is the make-up Saturday 8/2.
    assert TET_2025.working_days_before(D(2025, 2, 10), 1) == D(2025, 2, 8)
    assert TET_2025.working_days_between(D(2025, 1, 24), D(2025, 2, 3)) == 1


def test_it_counts_working_days_between_across_the_april_holidays():
    # (25/4, 5/5]: Sat 26/4 (make-up), Mon 28/4, Tue 29/4, then 30/4–2/5 off, weekend, Mon 5/5.
    assert TET_2025.working_days_between(D(2025, 4, 25), D(2025, 5, 5)) == 4


def test_it_reminds_at_each_calendar_offset_then_due_then_weekly_overdue():
    deadline = D(2026, 11, 30)
    assert occasions(deadline, D(2026, 11, 22)) == []
    assert occasions(deadline, D(2026, 11, 23)) == [("before:7", D(2026, 11, 23), Audience.BODY)]
    assert occasions(deadline, D(2026, 11, 27))[0][0] == "before:3"
    assert occasions(deadline, D(2026, 11, 29))[0][0] == "before:1"
    assert occasions(deadline, D(2026, 11, 30)) == [("due", deadline, Audience.BODY)]
    assert occasions(deadline, D(2026, 12, 1)) == [("overdue:2026-12-01", D(2026, 12, 1), Audience.BODY)]
    # Weekly repeats, each keyed by its own date.
    assert occasions(deadline, D(2026, 12, 8))[0][0] == "overdue:2026-12-08"
    assert occasions(deadline, D(2026, 12, 15))[0][0] == "overdue:2026-12-15"


def test_it_escalates_once_after_the_configured_days_overdue():
    deadline = D(2026, 11, 30)
    assert ("escalation", D(2026, 12, 7), Audience.ESCALATION) in occasions(deadline, D(2026, 12, 7))
    assert "escalation" not in [k for k, _, _ in occasions(deadline, D(2026, 12, 6))]
    # Past the catch-up window the escalation is no longer due (it was decided on time).
    assert "escalation" not in [k for k, _, _ in occasions(deadline, D(2026, 12, 20))]


def test_it_counts_offsets_in_working_days_over_tet():
    rules = ReminderRules(offsets=(3, 1), working_days=True)
    deadline = D(2025, 2, 3)  # the Monday after Tết Ất Tỵ
    assert occasions(deadline, D(2025, 1, 21), rules) == []
    assert occasions(deadline, D(2025, 1, 22), rules)[0][:2] == ("before:3", D(2025, 1, 22))
    assert occasions(deadline, D(2025, 1, 24), rules)[0][:2] == ("before:1", D(2025, 1, 24))
    # During Tết the latest occasion is still "1 working day before" (within the catch-up window).
    assert occasions(deadline, D(2025, 1, 27), rules)[0][0] == "before:1"


def test_it_sends_a_missed_occasion_within_the_catch_up_window_only():
    deadline = D(2026, 11, 30)
    # The 7-days-before reminder (23/11) still goes out on 25/11 if sweeps were down...
    assert occasions(deadline, D(2026, 11, 25))[0][0] == "before:7"
    # ...but a task published on 26/11 does not get a stale 3-days-old "7 days" reminder.
    assert occasions(deadline, D(2026, 11, 26), ReminderRules(catchup_days=2)) == []
    # Weekly overdue: due on day 1 after and every 7th day; between, nothing once past catch-up.
    assert occasions(deadline, D(2026, 12, 6)) == []


def test_it_keys_overdue_repeats_by_the_configured_interval():
    track = deadline_track(
        D(2026, 11, 30), today=D(2026, 12, 4), rules=ReminderRules(overdue_repeat_days=2), calendar=WorkCalendar()
    )
    assert track is not None and track.key == "overdue:2026-12-03"


def test_it_repeats_waiting_reminders_every_interval_from_the_request():
    occ = waiting_occasion("extension_pending", D(2026, 11, 2), today=D(2026, 11, 10), repeat_days=7)
    assert occ is not None and (occ.key, occ.day, occ.audience) == (
        "extension_pending:2026-11-09",
        D(2026, 11, 9),
        Audience.OFFICE,
    )
    assert waiting_occasion("completion_pending", D(2026, 11, 12), today=D(2026, 11, 10), repeat_days=7) is None


def test_it_has_no_occasions_without_a_deadline():
    assert occasions(None, D(2026, 11, 30)) == []
