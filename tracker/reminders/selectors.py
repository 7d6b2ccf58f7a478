"""Reads of the reminders app: notifications, failures the office must see, feed contents."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from accounts.roles import Role, user_role
from tracker.models import Body, Task
from tracker.policy import task_scope, user_body_ids
from tracker.reminders.models import CalendarFeedToken, Notification, Reminder
from tracker.timeliness import AWAITING, OPEN, RETURNED

FEED_STATES = (OPEN, AWAITING, RETURNED)


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first."""
    # select_related: the notification centre shows each notification's task deadline.
    return (
        Notification.objects.filter(user=user)
        .select_related("task")
        .order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")
    )


def notification_unread_count(*, user) -> int:
    """How many notifications the user has not read (the header badge)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def reminder_failure_list(*, office_id: int) -> QuerySet[Reminder]:
    """E-mail reminders of the office that could not be delivered, newest first."""
    # select_related: the failures page names each row's task and body.
    return (
        Reminder.objects.filter(office_id=office_id, status=Reminder.Status.FAILED)
        .select_related("task", "body", "user")
        .order_by("-created_at", "-id")
    )


def feed_bodies(*, user) -> QuerySet[Body]:
    """Bodies whose feed the user may see: their own bodies; the office staff all of the office's."""
    if user_role(user) == Role.OFFICE_STAFF:
        return Body.objects.filter(office_id=user.office_id, active=True)
    return Body.objects.filter(pk__in=user_body_ids(user), active=True)


def feed_get(*, token: str) -> CalendarFeedToken | None:
    """The feed token with this secret, if it exists and its owner is active."""
    found = CalendarFeedToken.objects.select_related("user", "body").filter(token=token).first()
    if found is None or (found.user_id and not found.user.is_active):
        return None
    return found


def feed_tasks(*, feed: CalendarFeedToken) -> QuerySet[Task]:
    """Live tasks with a deadline in a feed: what its user may see, or its body leads/coordinates."""
    tasks = Task.objects.filter(state__in=FEED_STATES, deadline__isnull=False, recurring=False)
    if feed.user_id:
        tasks = tasks.filter(task_scope(feed.user))
    else:
        tasks = tasks.filter(Q(lead_body_id=feed.body_id) | Q(coordinating_bodies__id=feed.body_id))
    # select_related: each event names the lead body and the conclusion.
    return tasks.select_related("lead_body", "conclusion").distinct().order_by("deadline", "id")
