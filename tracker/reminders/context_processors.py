"""Template context: the unread notification count for the header."""

from __future__ import annotations

from django.http import HttpRequest

from tracker.reminders.selectors import notification_unread_count


def notifications(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    return {"unread_notifications": notification_unread_count(user=user) if user is not None else 0}
