"""The dashboard and the liaison's home: counts and short lists over all visible tasks.

Both are computed with a constant number of SQL queries whatever the number of tasks (the
database counts; Python only shapes the result), as tests/tracker/test_selector_dashboard.py
asserts at 10 and at 200 tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from conclusions.models import Conclusion
from tracker.errors import NotAllowed
from tracker.models import Body, ProgressUpdate, Task
from tracker.policy import Action, office_allows, user_body_ids
from tracker.selectors.tasks import tasks_visible, user_due_soon_days
from tracker.selectors.timing import UNFINISHED_STATES, bucket_q, time_class_q
from tracker.timeliness import BUCKET_ORDER, Bucket, BucketCounts, TimeClass

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class BodyRow:
    """One line of the per-body table (lead bodies)."""

    body_id: int
    name: str
    tasks: int
    overdue: int
    done_on_time: int
    done_late: int
    with_deadline: int

    @property
    def done_on_time_pct(self) -> float | None:
        """Done on time as a share of the body's tracked tasks that have a deadline (0..100)."""
        return round(100 * self.done_on_time / self.with_deadline, 1) if self.with_deadline else None


@dataclass(frozen=True)
class ConclusionRow:
    """One line of the per-conclusion progress table."""

    conclusion_id: int
    label: str
    meeting_date: dt.date | None
    tasks: int
    done: int
    overdue: int

    @property
    def done_pct(self) -> float:
        return round(100 * self.done / self.tasks, 1) if self.tasks else 0.0


@dataclass(frozen=True)
class DashboardSummary:
    today: dt.date
    buckets: BucketCounts
    overdue: list[Task]
    overdue_total: int
    due_soon: list[Task]
    due_soon_total: int
    bodies: list[BodyRow]
    conclusions: list[ConclusionRow]
    body_total: int = 0

    @property
    def bucket_rows(self) -> list[tuple[Bucket, int]]:
        return [(b, self.buckets.get(b)) for b in BUCKET_ORDER]


TRACKED_STATES = ("open", "awaiting", "returned", "done")


def tracked_tasks(user: User) -> QuerySet[Task]:
    """Visible tasks that count in the buckets (published, not paused or cancelled)."""
    return tasks_visible(user).filter(state__in=TRACKED_STATES)


@dataclass(frozen=True)
class DashboardCounts:
    """The aggregate part of the dashboard: what a full pass over the office's tasks gives."""

    buckets: BucketCounts
    overdue_total: int
    due_soon_total: int
    bodies: list[BodyRow]
    conclusions: list[ConclusionRow]


def dashboard_counts(
    *, tracked: QuerySet[Task], today: dt.date, due_soon_days: int, conclusion_limit: int, office_id: int | None
) -> DashboardCounts:
    """Bucket counts, per-body rows and per-conclusion rows, in three queries.

    One pass over the tasks grouped by lead body gives the per-body table, and the office
    totals are the sums of its rows (tasks with no lead body form a group of their own), so
    the 100,000 rows are read once. "Within term" is what is left of a group once the other
    four buckets are counted: the buckets split the tracked tasks exactly (tracker.timeliness).
    """
    unfinished = Q(state__in=UNFINISHED_STATES)
    counted = [Bucket.ONGOING, Bucket.DONE_ON_TIME, Bucket.DONE_LATE, Bucket.NOT_DONE_OVERDUE]
    per_body = list(
        tracked.values("lead_body_id")
        .annotate(
            tasks=Count("id"),
            **{str(b): Count("id", filter=bucket_q(b, as_of=today, tracked_only=True)) for b in counted},
            overdue_live=Count("id", filter=unfinished & time_class_q(TimeClass.OVERDUE, today=today)),
            due_soon_live=Count(
                "id", filter=unfinished & time_class_q(TimeClass.DUE_SOON, today=today, due_soon_days=due_soon_days)
            ),
        )
        .order_by()
    )
    totals: dict[Bucket, int] = dict.fromkeys(BUCKET_ORDER, 0)
    for row in per_body:
        row[str(Bucket.NOT_DONE_WITHIN_TERM)] = row["tasks"] - sum(row[str(b)] for b in counted)
        for b in BUCKET_ORDER:
            totals[b] += row[str(b)]
    # Body names: the office's bodies by its index rather than an IN list of 500 ids (the lead
    # bodies of an office's tasks are bodies of that office).
    lead_ids = [r["lead_body_id"] for r in per_body if r["lead_body_id"]]
    named = Body.objects.filter(office_id=office_id) if office_id is not None else Body.objects.filter(pk__in=lead_ids)
    names = dict(named.values_list("pk", "name"))
    bodies = sorted(
        (
            BodyRow(
                body_id=row["lead_body_id"],
                name=names.get(row["lead_body_id"], "?"),
                tasks=row["tasks"],
                overdue=row[str(Bucket.NOT_DONE_OVERDUE)],
                done_on_time=row[str(Bucket.DONE_ON_TIME)],
                done_late=row[str(Bucket.DONE_LATE)],
                with_deadline=row["tasks"] - row[str(Bucket.ONGOING)],
            )
            for row in per_body
            if row["lead_body_id"] is not None
        ),
        key=lambda r: (-r.overdue, r.name),
    )

    # The most recent conclusions that have tracked tasks, then their counts: both use indexes
    # (a conclusion's tasks), instead of grouping every task by conclusion. The office filter
    # lets PostgreSQL walk conclusion_office_recent newest first and stop at the limit.
    recent = list(
        Conclusion.objects.filter(office_id=office_id)
        .filter(Exists(tracked.filter(conclusion_id=OuterRef("pk")).order_by()))
        .order_by(F("meeting_date").desc(nulls_last=True), "-id")
        .values("pk", "number", "title", "meeting_date")[:conclusion_limit]
    )
    per_conclusion = {
        row["conclusion_id"]: row
        for row in tracked.filter(conclusion_id__in=[c["pk"] for c in recent])
        .values("conclusion_id")
        .annotate(
            tasks=Count("id"),
            done=Count("id", filter=Q(state="done")),
            overdue=Count("id", filter=bucket_q(Bucket.NOT_DONE_OVERDUE, as_of=today, tracked_only=True)),
        )
        .order_by()
    }
    conclusions = [
        ConclusionRow(
            conclusion_id=c["pk"],
            label=c["number"] or (c["title"] or "")[:80] or f"#{c['pk']}",
            meeting_date=c["meeting_date"],
            tasks=per_conclusion.get(c["pk"], {}).get("tasks", 0),
            done=per_conclusion.get(c["pk"], {}).get("done", 0),
            overdue=per_conclusion.get(c["pk"], {}).get("overdue", 0),
        )
        for c in recent
    ]
    return DashboardCounts(
        buckets=BucketCounts(totals),
        overdue_total=sum(row["overdue_live"] for row in per_body),
        due_soon_total=sum(row["due_soon_live"] for row in per_body),
        bodies=bodies,
        conclusions=conclusions,
    )


def dashboard_summary(
    *, user: User, today: dt.date, list_limit: int = 20, conclusion_limit: int = 50, body_limit: int | None = None
) -> DashboardSummary:
    """Counts per report bucket, the overdue and due-soon lists, the per-body and per-conclusion tables.

    For office staff, leaders and inspectors (VIEW_DASHBOARD); all three see the same tracked
    tasks of their office. Buckets follow ``tracker.timeliness.bucket`` on ``today``; "overdue"
    and "due soon" are unfinished tasks in those time classes. Five queries whatever the number
    of tasks (six with the cache on). ``body_limit`` keeps the bodies with the most overdue
    tasks (rendering 500 table rows costs more than counting them); ``body_total`` says how many
    there are.

    The counts read every task of the office (about 100 ms at 100,000 tasks on a small
    server), so with ``settings.DASHBOARD_CACHE_SECONDS`` > 0 they are cached per office and
    day under a stamp, the office's latest ``Task.updated_at``: every service that changes a
    task (publishing included) moves it, so a change shows at once; only a write that bypasses
    the services can show late, by the cache time at most. The lists are never cached.
    """
    if not office_allows(user, Action.VIEW_DASHBOARD):
        raise NotAllowed(_("You are not allowed to see the dashboard."))
    due_soon_days = user_due_soon_days(user)
    tracked = tracked_tasks(user)
    cache_seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    if cache_seconds > 0:
        # One index probe (task_office_updated). Publishing, review edits and every workflow
        # service set updated_at, so any change of a task moves the stamp.
        stamp = Task.objects.filter(office_id=user.office_id).aggregate(m=Max("updated_at"))["m"]
        key = (
            f"theodoi:dashboard:{user.office_id}:{today.isoformat()}:{due_soon_days}:{conclusion_limit}:"
            f"{stamp.isoformat() if stamp else '-'}"
        )
        counts = cache.get(key)
        if counts is None:
            counts = dashboard_counts(
                tracked=tracked,
                today=today,
                due_soon_days=due_soon_days,
                conclusion_limit=conclusion_limit,
                office_id=user.office_id,
            )
            cache.set(key, counts, cache_seconds)
    else:
        counts = dashboard_counts(
            tracked=tracked,
            today=today,
            due_soon_days=due_soon_days,
            conclusion_limit=conclusion_limit,
            office_id=user.office_id,
        )
    # Dashboard lists: each row shows its lead body and conclusion.
    unfinished = tracked.filter(state__in=UNFINISHED_STATES).select_related("lead_body", "conclusion")
    overdue = list(
        unfinished.filter(time_class_q(TimeClass.OVERDUE, today=today)).order_by("deadline", "id")[:list_limit]
    )
    due_soon = list(
        unfinished.filter(time_class_q(TimeClass.DUE_SOON, today=today, due_soon_days=due_soon_days)).order_by(
            "deadline", "id"
        )[:list_limit]
    )
    return DashboardSummary(
        today=today,
        buckets=counts.buckets,
        overdue=overdue,
        overdue_total=counts.overdue_total,
        due_soon=due_soon,
        due_soon_total=counts.due_soon_total,
        bodies=counts.bodies[:body_limit] if body_limit else counts.bodies,
        conclusions=counts.conclusions,
        body_total=len(counts.bodies),
    )


@dataclass(frozen=True)
class LiaisonHome:
    """What a liaison sees first: their bodies, what is due, what needs an update."""

    today: dt.date
    bodies: list[Body]
    counts: dict[str, int] = field(default_factory=dict)
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    returned: list[Task] = field(default_factory=list)
    needs_update: list[Task] = field(default_factory=list)
    stale_days: int = 14


def liaison_home(*, user: User, today: dt.date, stale_days: int = 14, list_limit: int = 50) -> LiaisonHome:
    """A liaison's home: their bodies' unfinished tasks that are overdue, due soon or returned,
    and those with no progress from their bodies for ``stale_days`` days. Constant queries."""
    body_ids = user_body_ids(user)
    bodies = list(Body.objects.filter(pk__in=body_ids).order_by("position", "name"))
    due_soon_days = user_due_soon_days(user)
    mine = tasks_visible(user).filter(state__in=UNFINISHED_STATES)
    counts = mine.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=time_class_q(TimeClass.OVERDUE, today=today)),
        due_soon=Count("id", filter=time_class_q(TimeClass.DUE_SOON, today=today, due_soon_days=due_soon_days)),
        returned=Count("id", filter=Q(state="returned")),
        awaiting=Count("id", filter=Q(state="awaiting")),
    )
    # Liaison home lists: each row shows its lead body and conclusion.
    rows = mine.select_related("lead_body", "conclusion")
    overdue = list(rows.filter(time_class_q(TimeClass.OVERDUE, today=today)).order_by("deadline", "id")[:list_limit])
    due_soon = list(
        rows.filter(time_class_q(TimeClass.DUE_SOON, today=today, due_soon_days=due_soon_days)).order_by(
            "deadline", "id"
        )[:list_limit]
    )
    returned = list(rows.filter(state="returned").order_by("deadline", "id")[:list_limit])
    # "Needs an update": no progress from one of the liaison's bodies since the cut-off.
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=stale_days), dt.time.min))
    last_own = (
        ProgressUpdate.objects.filter(task=OuterRef("pk"), body_id__in=body_ids)
        .order_by()
        .values("task")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    stale = rows.filter(state__in=("open", "returned")).annotate(last_own_progress_at=Subquery(last_own[:1]))
    needs_update = list(
        stale.filter(Q(last_own_progress_at__isnull=True) | Q(last_own_progress_at__lt=since)).order_by(
            F("last_own_progress_at").asc(nulls_first=True), "deadline", "id"
        )[:list_limit]
    )
    counts["needs_update"] = len(needs_update)
    return LiaisonHome(
        today=today,
        bodies=bodies,
        counts=counts,
        overdue=overdue,
        due_soon=due_soon,
        returned=returned,
        needs_update=needs_update,
        stale_days=stale_days,
    )
