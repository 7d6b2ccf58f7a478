"""Time classes and report buckets: the one place that decides "on time", "overdue", "due soon".

Pure date logic (DOMAIN.md, "Task states and the report buckets"). Nothing here reads the
clock: every function takes ``today`` (or ``as_of``) as an argument, so the dashboard, the
reminder sweep and a report for a past period all agree, and tests need no frozen clock.

A task is described by a small ``TaskTiming`` value rather than the model, so reports can
evaluate rows fetched with ``values()`` and the reminder sweep can work on millions of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

# Workflow states, as stored on Task.state (kept as strings so this module needs no model).
DRAFT, OPEN, AWAITING, DONE, RETURNED, PAUSED, CANCELLED = (
    "draft",
    "open",
    "awaiting",
    "done",
    "returned",
    "paused",
    "cancelled",
)
# States that are not followed up: not yet published, or taken out of the plan.
UNTRACKED_STATES = frozenset({DRAFT, PAUSED, CANCELLED})


class TimeClass(StrEnum):
    """Where an unfinished task stands against its deadline today."""

    WITHIN_TERM = "within_term"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"


TIME_CLASS_LABELS = {
    TimeClass.WITHIN_TERM: _("Within term"),
    TimeClass.DUE_SOON: _("Due soon"),
    TimeClass.OVERDUE: _("Overdue"),
    TimeClass.NO_DEADLINE: _("No deadline"),
}


class Bucket(StrEnum):
    """The five buckets every official report uses (Government Office practice)."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    NOT_DONE_WITHIN_TERM = "not_done_within_term"
    NOT_DONE_OVERDUE = "not_done_overdue"
    ONGOING = "ongoing"


BUCKET_LABELS = {
    Bucket.DONE_ON_TIME: _("Done on time"),
    Bucket.DONE_LATE: _("Done late"),
    Bucket.NOT_DONE_WITHIN_TERM: _("Not done, within term"),
    Bucket.NOT_DONE_OVERDUE: _("Not done, overdue"),
    Bucket.ONGOING: _("Ongoing, no deadline"),
}
BUCKET_ORDER = tuple(Bucket)


@dataclass(frozen=True, slots=True)
class TaskTiming:
    """The facts about a task that decide its time class and bucket.

    ``deadline`` is the current deadline (after any approved extension); ``original_deadline``
    the one the conclusion set; ``completed_on`` the day the work was done (set when the
    office confirms completion).
    """

    state: str
    deadline: dt.date | None
    original_deadline: dt.date | None = None
    completed_on: dt.date | None = None
    recurring: bool = False

    @property
    def extended(self) -> bool:
        return (
            self.original_deadline is not None and self.deadline is not None and self.deadline != self.original_deadline
        )


def time_class(task: TaskTiming, *, today: dt.date, due_soon_days: int = 3) -> TimeClass:
    """The time class of an unfinished task: no deadline, overdue, due soon or within term.

    Recurring tasks have no single due point and are never overdue. "Due soon" means the
    deadline is today or within the next ``due_soon_days`` days.
    """
    if task.recurring or task.deadline is None:
        return TimeClass.NO_DEADLINE
    if today > task.deadline:
        return TimeClass.OVERDUE
    if (task.deadline - today).days <= due_soon_days:
        return TimeClass.DUE_SOON
    return TimeClass.WITHIN_TERM


def done_as_of(task: TaskTiming, as_of: dt.date) -> bool:
    """Whether the task counts as done on ``as_of`` (a report for a past period ignores later work)."""
    return task.state == DONE and task.completed_on is not None and task.completed_on <= as_of


def bucket(task: TaskTiming, *, as_of: dt.date) -> Bucket | None:
    """The report bucket of a task on ``as_of``, or None when the task is not tracked.

    Draft, paused and cancelled tasks are outside the buckets. Recurring tasks and tasks with
    no deadline are "ongoing" every period. A done task is on time when it was completed by
    its current deadline, which includes an approved extension; ``met_original_deadline``
    tells the two apart for reports.
    """
    if task.state in UNTRACKED_STATES:
        return None
    if task.recurring or task.deadline is None:
        return Bucket.ONGOING
    if done_as_of(task, as_of):
        assert task.completed_on is not None
        return Bucket.DONE_ON_TIME if task.completed_on <= task.deadline else Bucket.DONE_LATE
    return Bucket.NOT_DONE_OVERDUE if as_of > task.deadline else Bucket.NOT_DONE_WITHIN_TERM


def met_original_deadline(task: TaskTiming) -> bool | None:
    """For a done task: was it done by the deadline the conclusion set (before extensions)?

    None when the task is not done or had no deadline.
    """
    original = task.original_deadline or task.deadline
    if task.state != DONE or task.completed_on is None or original is None:
        return None
    return task.completed_on <= original


@dataclass(frozen=True)
class BucketCounts:
    """Counts per bucket, with the headline share of tasks overdue and not done."""

    counts: dict[Bucket, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def overdue_share(self) -> float:
        """Share (0..1) of tracked tasks that are overdue and not done: the headline figure."""
        return self.counts.get(Bucket.NOT_DONE_OVERDUE, 0) / self.total if self.total else 0.0

    def get(self, key: Bucket) -> int:
        return self.counts.get(key, 0)

    def change_from(self, previous: BucketCounts) -> dict[Bucket, int]:
        """Per-bucket difference from an earlier period's counts."""
        return {b: self.get(b) - previous.get(b) for b in BUCKET_ORDER}


def bucket_counts(tasks: Iterable[TaskTiming], *, as_of: dt.date) -> BucketCounts:
    """Count tasks per bucket on ``as_of`` (untracked tasks are left out)."""
    counter: Counter[Bucket] = Counter()
    for task in tasks:
        found = bucket(task, as_of=as_of)
        if found is not None:
            counter[found] += 1
    return BucketCounts({b: counter.get(b, 0) for b in BUCKET_ORDER})
