"""The dashboard and the liaison's home: counts and short lists over all visible tasks.

Both are computed with a constant number of SQL queries whatever the number of tasks (the
database counts; Python only shapes the result), as tests/tracker/test_selector_dashboard.py
asserts at 10 and at 200 tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.errors import NotAllowed
from tracker.models import Body, ProgressUpdate, Task
from tracker.policy import Action, office_allows, user_body_ids
from tracker.selectors.tasks import tasks_visible, user_due_soon_days
from tracker.selectors.timing import UNFINISHED_STATES, bucket_aggregates, bucket_q, time_class_q
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

    @property
    def bucket_rows(self) -> list[tuple[Bucket, int]]:
        return [(b, self.buckets.get(b)) for b in BUCKET_ORDER]


def tracked_tasks(user: User) -> QuerySet[Task]:
    return tasks_visible(user).exclude(state__in=("draft", "paused", "cancelled"))


def dashboard_summary(
    *, user: User, today: dt.date, list_limit: int = 20, conclusion_limit: int = 50
) -> DashboardSummary:
    """Counts per report bucket, the overdue and due-soon lists, the per-body and per-conclusion tables.

    For office staff, leaders and inspectors (VIEW_DASHBOARD). Buckets follow
    ``tracker.timeliness.bucket`` on ``today``; "overdue" and "due soon" are unfinished tasks
    in those time classes. Six queries, whatever the number of tasks.
    """
    if not office_allows(user, Action.VIEW_DASHBOARD):
        raise NotAllowed(_("You are not allowed to see the dashboard."))
    due_soon_days = user_due_soon_days(user)
    tracked = tracked_tasks(user)
    aggregates = tracked.aggregate(
        **bucket_aggregates(as_of=today),
        overdue_total=Count("id", filter=Q(state__in=UNFINISHED_STATES) & time_class_q(TimeClass.OVERDUE, today=today)),
        due_soon_total=Count(
            "id",
            filter=Q(state__in=UNFINISHED_STATES)
            & time_class_q(TimeClass.DUE_SOON, today=today, due_soon_days=due_soon_days),
        ),
    )
    buckets = BucketCounts({b: aggregates[str(b)] for b in BUCKET_ORDER})
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

    per_body = (
        tracked.filter(lead_body__isnull=False)
        .values("lead_body_id")
        .annotate(
            tasks=Count("id"),
            overdue=Count("id", filter=bucket_q(Bucket.NOT_DONE_OVERDUE, as_of=today)),
            done_on_time=Count("id", filter=bucket_q(Bucket.DONE_ON_TIME, as_of=today)),
            done_late=Count("id", filter=bucket_q(Bucket.DONE_LATE, as_of=today)),
            ongoing=Count("id", filter=bucket_q(Bucket.ONGOING, as_of=today)),
        )
        .order_by()
    )
    counts = {row["lead_body_id"]: row for row in per_body}
    names = dict(Body.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    bodies = sorted(
        (
            BodyRow(
                body_id=pk,
                name=names.get(pk, "?"),
                tasks=row["tasks"],
                overdue=row["overdue"],
                done_on_time=row["done_on_time"],
                done_late=row["done_late"],
                with_deadline=row["tasks"] - row["ongoing"],
            )
            for pk, row in counts.items()
        ),
        key=lambda r: (-r.overdue, r.name),
    )

    per_conclusion = (
        tracked.values("conclusion_id", "conclusion__number", "conclusion__title", "conclusion__meeting_date")
        .annotate(
            tasks=Count("id"),
            done=Count("id", filter=Q(state="done")),
            overdue=Count("id", filter=bucket_q(Bucket.NOT_DONE_OVERDUE, as_of=today)),
        )
        .order_by("-conclusion__meeting_date", "-conclusion_id")[:conclusion_limit]
    )
    conclusions = [
        ConclusionRow(
            conclusion_id=row["conclusion_id"],
            label=row["conclusion__number"] or (row["conclusion__title"] or "")[:80] or f"#{row['conclusion_id']}",
            meeting_date=row["conclusion__meeting_date"],
            tasks=row["tasks"],
            done=row["done"],
            overdue=row["overdue"],
        )
        for row in per_conclusion
    ]
    return DashboardSummary(
        today=today,
        buckets=buckets,
        overdue=overdue,
        overdue_total=aggregates["overdue_total"],
        due_soon=due_soon,
        due_soon_total=aggregates["due_soon_total"],
        bodies=bodies,
        conclusions=conclusions,
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
