"""The time classes and report buckets of ``tracker.timeliness`` as SQL filters.

Lists and dashboards over 100,000 tasks cannot load every row to ask ``timeliness`` about it,
so this module says the same rules as ``Q`` objects for the database to count. It mirrors
``timeliness.time_class`` and ``timeliness.bucket`` rule for rule; tests/tracker/
test_selector_timing.py checks on generated tasks that both always agree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from tracker.timeliness import AWAITING, DONE, OPEN, RETURNED, UNTRACKED_STATES, Bucket, TimeClass

NO_DEADLINE_Q = Q(recurring=True) | Q(deadline__isnull=True)
HAS_DEADLINE_Q = Q(recurring=False, deadline__isnull=False)
TRACKED_Q = ~Q(state__in=UNTRACKED_STATES)
# Unfinished work that is followed up: the time class of a task only means something for these.
UNFINISHED_STATES = (OPEN, AWAITING, RETURNED)


def time_class_q(time_class: TimeClass | str, *, today: dt.date, due_soon_days: int = 3, prefix: str = "") -> Q:
    """Tasks of ``time_class`` today, as ``timeliness.time_class`` would classify them.

    Only the date rule; combine with ``state__in=UNFINISHED_STATES`` for unfinished tasks.
    ``prefix`` ("task__") applies the rule through a relation.
    """
    p = prefix
    no_deadline = Q(**{f"{p}recurring": True}) | Q(**{f"{p}deadline__isnull": True})
    has_deadline = Q(**{f"{p}recurring": False, f"{p}deadline__isnull": False})
    soon = today + dt.timedelta(days=due_soon_days)
    match TimeClass(time_class):
        case TimeClass.NO_DEADLINE:
            return no_deadline
        case TimeClass.OVERDUE:
            return has_deadline & Q(**{f"{p}deadline__lt": today})
        case TimeClass.DUE_SOON:
            return has_deadline & Q(**{f"{p}deadline__gte": today, f"{p}deadline__lte": soon})
        case TimeClass.WITHIN_TERM:
            return has_deadline & Q(**{f"{p}deadline__gt": soon})


def bucket_q(bucket: Bucket | str, *, as_of: dt.date, tracked_only: bool = False) -> Q:
    """Tasks in report ``bucket`` on ``as_of``, as ``timeliness.bucket`` would put them.

    ``tracked_only=True`` when the query already keeps tracked tasks only: the condition is
    then left out of each row's test (aggregates over 100,000 rows feel every condition).
    """
    done = Q(state=DONE, completed_on__isnull=False, completed_on__lte=as_of)
    tracked = Q() if tracked_only else TRACKED_Q
    match Bucket(bucket):
        case Bucket.ONGOING:
            return tracked & NO_DEADLINE_Q
        case Bucket.DONE_ON_TIME:
            return tracked & HAS_DEADLINE_Q & done & Q(completed_on__lte=F("deadline"))
        case Bucket.DONE_LATE:
            return tracked & HAS_DEADLINE_Q & done & Q(completed_on__gt=F("deadline"))
        case Bucket.NOT_DONE_OVERDUE:
            return tracked & HAS_DEADLINE_Q & ~done & Q(deadline__lt=as_of)
        case Bucket.NOT_DONE_WITHIN_TERM:
            return tracked & HAS_DEADLINE_Q & ~done & Q(deadline__gte=as_of)


def bucket_aggregates(*, as_of: dt.date) -> dict[str, Count]:
    """``aggregate()``/``annotate()`` arguments counting each bucket in one pass over the rows."""
    return {str(b): Count("id", filter=bucket_q(b, as_of=as_of)) for b in Bucket}
