"""Admin: holidays (the office edits the calendar), the reminder outbox with its failures,
notifications, preferences and feed tokens. The beat schedule is django-celery-beat's admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tracker.reminders.models import (
    CalendarFeedToken,
    Holiday,
    Notification,
    NotificationPreference,
    Reminder,
    SweepRun,
)
from tracker.reminders.services import reminder_retry


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day_swap"]
    list_filter = ["is_working_day_swap"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "office",
        "subject_key",
        "occasion",
        "email",
        "user",
        "channel",
        "status",
        "attempts",
        "last_error",
    ]
    list_filter = ["status", "channel", "office"]
    search_fields = ["email", "subject_key", "occasion", "last_error", "message_id"]
    date_hierarchy = "created_at"
    list_select_related = ["office", "user"]
    raw_id_fields = ["task", "extension", "body", "user"]
    readonly_fields = ["claimed_at", "claim_token", "sent_at", "queued_at", "message_id"]
    actions = ["retry_failed"]

    @admin.action(description=_("Send the selected failed reminders again"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Reminder]) -> None:
        count = 0
        for office_id in set(queryset.values_list("office_id", flat=True)):
            ids = list(queryset.filter(office_id=office_id).values_list("id", flat=True))
            count += reminder_retry(office_id=office_id, reminder_ids=ids)
        self.message_user(request, _("%(count)d reminders will be sent again at the next sweep.") % {"count": count})


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at"]
    list_filter = ["read_at"]
    raw_id_fields = ["user", "reminder", "task"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "in_app_enabled", "digest_hour", "paused_until"]
    raw_id_fields = ["user"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "created_at"]
    raw_id_fields = ["user", "body"]
    readonly_fields = ["token"]


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ["finished_at", "decided_on", "full", "tasks_scanned", "reminders_created"]
    list_filter = ["full"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
