"""Reminders: the outbox of reminders, in-app notifications, preferences, holidays, feed tokens.

A ``Reminder`` is one row per (subject, occasion, recipient, channel): the subject is a task,
an extension request or a reporting period; the occasion says why (``before:7``, ``due``,
``overdue:2026-11-20``, ``escalation``, ...). A unique constraint on those four makes the
sweep idempotent: two sweeps, two beat processes or a re-run insert nothing twice. Sending
moves a row pending → queued → sending → sent (or failed), each step a conditional UPDATE.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Office


class Holiday(models.Model):
    """A public holiday (a day off) or a make-up working day (a weekend day worked).

    Working-day reminder offsets skip holidays and weekends, and count make-up days.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    is_working_day_swap = models.BooleanField(
        _("make-up working day"),
        default=False,
        help_text=_("Tick for a weekend day that is worked in exchange for a day off."),
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


class Reminder(models.Model):
    """One reminder to one recipient on one channel: the outbox row the sender claims."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        IN_APP = "in_app", _("In-app notification")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # The outbox takes hundreds of thousands of rows in one sweep: its foreign keys carry no
    # database constraint (each would cost a locked lookup per inserted row) and only the task
    # is indexed (deleting a task cascades here). Django still cascades on delete.
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="reminders", db_constraint=False, db_index=False
    )
    # "task:12", "extension:5", "period:3:body:7": the thing reminded about, as one unique key.
    subject_key = models.CharField(max_length=64)
    task = models.ForeignKey(
        "tracker.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders", db_constraint=False
    )
    extension = models.ForeignKey(
        "tracker.Extension",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_constraint=False,
        db_index=False,
    )
    body = models.ForeignKey(
        "tracker.Body",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    period_id = models.PositiveBigIntegerField(null=True, blank=True)
    occasion = models.CharField(_("occasion"), max_length=48)
    occasion_date = models.DateField(_("occasion date"))
    # "user:12" or "email:ban@example.org": who, as one unique key.
    recipient_key = models.CharField(max_length=320)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_constraint=False,
        db_index=False,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The digest e-mail this row went out in (its Message-ID), shared by the rows of one mail.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The outbox's idempotency: a second sweep inserting the same reminder is ignored.
            models.UniqueConstraint(
                fields=["subject_key", "occasion", "recipient_key", "channel"], name="reminder_unique_occasion"
            ),
        ]
        indexes = [
            # (The sweep's "already decided?" check, WHERE subject_key IN (...) AND occasion IN (...),
            # uses the unique constraint's index: one index fewer to maintain per inserted row.)
            # Sweep queue phase and the failures page: rows by status (pending, queued, sending, failed).
            models.Index(fields=["status", "channel"], name="reminder_status_channel"),
            # Sweep, daily digest hour: "was this user's e-mail digest sent today?" (_held_users).
            models.Index(
                fields=["user", "sent_at"],
                name="reminder_user_email_sent",
                condition=models.Q(user__isnull=False, channel="email"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.occasion} → {self.recipient_key} ({self.status})"


class SweepRun(models.Model):
    """A finished sweep: the first full sweep of a day decides every task's occasions for that
    day; later sweeps that day only look at tasks changed since (``Task.updated_at``)."""

    started_at = models.DateTimeField(_("started"))
    decided_on = models.DateField(_("decided for day"))
    full = models.BooleanField(_("full scan"), default=True)
    tasks_scanned = models.PositiveIntegerField(default=0)
    reminders_created = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(_("finished"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")
        ordering = ["-finished_at"]
        indexes = [
            # reminder_sweep: the latest full sweep (WHERE full ORDER BY decided_on DESC, started_at DESC).
            models.Index(fields=["full", "-decided_on", "-started_at"], name="sweeprun_latest_full"),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on} {'full' if self.full else 'changes'} ({self.reminders_created})"


class Notification(models.Model):
    """An in-app notification for one user; unread until the user marks it read."""

    # Written in bulk by the sweep like the outbox: no database-level FK checks (Django still
    # cascades); the user is indexed by notification_user_unread, the reminder by its unique key.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_constraint=False,
        db_index=False,
    )
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification", db_constraint=False
    )
    task = models.ForeignKey(
        "tracker.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Header unread count and the notification centre: a user's notifications, unread first.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How a user wants to hear: by e-mail and/or in the app, at a digest hour, or not for a while."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_enabled = models.BooleanField(_("by e-mail"), default=True)
    in_app_enabled = models.BooleanField(_("in the app"), default=True)
    digest_hour = models.PositiveSmallIntegerField(
        _("daily digest hour"),
        null=True,
        blank=True,
        help_text=_("Hour (0–23) to receive the day's reminders in one e-mail; empty: at once."),
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


def feed_token_new() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in an iCal feed URL: of a user (their tasks) or of a body (its tasks)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    body = models.ForeignKey(
        "tracker.Body", null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=feed_token_new)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            # Exactly one owner: a user or a body.
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, body__isnull=True)
                | models.Q(user__isnull=True, body__isnull=False),
                name="calendar_token_one_owner",
            ),
            models.UniqueConstraint(fields=["user"], name="calendar_token_one_per_user"),
            models.UniqueConstraint(fields=["body"], name="calendar_token_one_per_body"),
        ]

    def __str__(self) -> str:
        return f"feed of {self.user or self.body}"
