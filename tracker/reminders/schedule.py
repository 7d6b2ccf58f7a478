"""Pure date logic of reminders: working days, and which occasions fall due on a given day.

Nothing here reads the clock or the database: ``today`` and the holiday calendar are
arguments, so the sweep, the tests and the benchmark all agree on what is due.

Occasions of a task with a deadline form one track, each with the date it falls on:
``before:<n>`` (n days — calendar or working — before the deadline, for each office offset),
``due`` (the deadline), ``overdue:<date>`` (the day after the deadline, then every N days while
the task is not done), and apart from the track ``escalation`` (N days overdue). Only the
latest occasion of the track that has come is due, and only for ``catchup_days`` after its
date: a sweep missed for a day still sends it; a task published late is told where it stands
once, not a backlog of stale reminders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends and public holidays are days off; make-up days (``swaps``) are worked."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    swaps: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days: Iterable[tuple[dt.date, bool]]) -> WorkCalendar:
        """Build from (date, is_working_day_swap) pairs, as stored in the Holiday table."""
        holidays, swaps = set(), set()
        for day, swap in days:
            (swaps if swap else holidays).add(day)
        return cls(frozenset(holidays), frozenset(swaps))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.swaps:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def working_days_before(self, day: dt.date, count: int) -> dt.date:
        """The date ``count`` working days before ``day`` (``day`` itself not counted)."""
        current = day
        while count > 0:
            current -= ONE_DAY
            if self.is_working_day(current):
                count -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days from ``start`` until ``end``."""
        if end <= start:
            return -self.working_days_between(end, start) if end < start else 0
        days, current = 0, start
        while current < end:
            current += ONE_DAY
            days += self.is_working_day(current)
        return days


class Audience(StrEnum):
    """Who hears about an occasion."""

    BODY = "body"  # the lead body: its liaisons and contact e-mails
    ESCALATION = "escalation"  # the office staff and the body's head
    OFFICE = "office"  # the office staff (extensions and completions waiting for them)


@dataclass(frozen=True, slots=True)
class ReminderRules:
    """An office's reminder settings (accounts.Office), as plain values."""

    offsets: tuple[int, ...] = (7, 3, 1)
    working_days: bool = False
    overdue_repeat_days: int = 7
    escalation_after_days: int = 7
    catchup_days: int = 3


@dataclass(frozen=True, slots=True)
class Occasion:
    """A reason to remind, on a date, to an audience."""

    key: str
    day: dt.date
    audience: Audience


def deadline_track(
    deadline: dt.date, *, today: dt.date, rules: ReminderRules, calendar: WorkCalendar
) -> Occasion | None:
    """The latest occasion of the deadline track that has come by ``today``, or None.

    Overdue reminders fall on the day after the deadline and then every
    ``overdue_repeat_days``; each repeat is keyed by its own date (``overdue:2026-11-20``),
    so each is sent once.
    """
    if today > deadline:
        repeat = max(rules.overdue_repeat_days, 1)
        first = deadline + ONE_DAY
        occurrence = first + dt.timedelta(days=((today - first).days // repeat) * repeat)
        return Occasion(f"overdue:{occurrence.isoformat()}", occurrence, Audience.BODY)
    if today == deadline:
        return Occasion("due", deadline, Audience.BODY)
    latest: Occasion | None = None
    for offset in sorted({o for o in rules.offsets if o > 0}):
        day = (
            calendar.working_days_before(deadline, offset)
            if rules.working_days
            else deadline - dt.timedelta(days=offset)
        )
        # The nearest offset whose day has come wins: 3 days before beats 7 days before.
        if day <= today and (latest is None or day > latest.day):
            latest = Occasion(f"before:{offset}", day, Audience.BODY)
    return latest


def task_occasions(
    deadline: dt.date | None,
    *,
    today: dt.date,
    rules: ReminderRules,
    calendar: WorkCalendar,
    since: dt.date | None = None,
) -> list[Occasion]:
    """The occasions due today for an open (or returned) task with this deadline.

    Includes the deadline track's current occasion and, once the task is
    ``escalation_after_days`` overdue, the one-off escalation; each only within
    ``catchup_days`` of its date, or on/after ``since`` when given (the sweep passes the day
    after the last full sweep: older occasions were decided then).
    """
    if deadline is None:
        return []
    found: list[Occasion] = []
    oldest = today - dt.timedelta(days=rules.catchup_days)
    if since is not None:
        oldest = max(oldest, since)
    track = deadline_track(deadline, today=today, rules=rules, calendar=calendar)
    if track is not None and track.day >= oldest:
        found.append(track)
    if rules.escalation_after_days > 0:
        escalation_day = deadline + dt.timedelta(days=rules.escalation_after_days)
        if oldest <= escalation_day <= today:
            found.append(Occasion("escalation", escalation_day, Audience.ESCALATION))
    return found


def waiting_occasion(prefix: str, since: dt.date, *, today: dt.date, repeat_days: int) -> Occasion | None:
    """For something waiting on the office since ``since`` (an extension request, a proposed
    completion): an occasion on that day and every ``repeat_days`` after, keyed by its date."""
    if today < since:
        return None
    repeat = max(repeat_days, 1)
    occurrence = since + dt.timedelta(days=((today - since).days // repeat) * repeat)
    return Occasion(f"{prefix}:{occurrence.isoformat()}", occurrence, Audience.OFFICE)


def deadline_window(*, today: dt.date, rules: ReminderRules) -> dt.date:
    """The latest deadline that can have an occasion today: a cheap SQL bound for the sweep.

    Working-day offsets can span weekends and a long Tết break, hence the generous margin.
    """
    largest = max([o for o in rules.offsets if o > 0], default=0)
    if rules.working_days:
        largest = largest * 2 + 14
    return today + dt.timedelta(days=largest)
