"""Bodies, tasks, progress, extensions and the audit trail.

Words follow ../shared/design/DOMAIN.md: a Body is any unit the office assigns work to; a
Task is one leaf item of a conclusion's tasks part, with a lead body and coordinating bodies.
Writes go through ``tracker.services``; reads through ``tracker.selectors``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from conclusions.models import Conclusion


class Body(models.Model):
    """A body (cơ quan, đơn vị) in the office's directory."""

    class Kind(models.TextChoices):
        PARTY_BOARD = "party_board", _("Party advisory board")
        PARTY_ORG = "party_org", _("Party organisation")
        GOVERNMENT = "government", _("Government body")
        DEPARTMENT = "department", _("Department")
        MASS_ORG = "mass_org", _("Front and mass organisation")
        ARMED = "armed", _("Armed forces and police")
        OTHER = "other", _("Other")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True, help_text=_("Other names and abbreviations"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent body"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    active = models.BooleanField(_("active"), default=True)
    contact_emails = models.JSONField(_("contact e-mails"), default=list, blank=True)
    head_name = models.CharField(_("head of body"), max_length=255, blank=True)
    head_email = models.EmailField(_("head's e-mail"), blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="body_unique_name_per_office")]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class BodyMembership(models.Model):
    """A user who acts for a body: its liaison (cán bộ đầu mối) or its head."""

    class Role(models.TextChoices):
        LIAISON = "liaison", _("Liaison")
        HEAD = "head", _("Head")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LIAISON)

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        constraints = [models.UniqueConstraint(fields=["user", "body"], name="membership_unique_user_body")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.body}"


class Task(models.Model):
    """One task of a conclusion, from draft (imported) through its workflow to done."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        AWAITING_CONFIRMATION = "awaiting", _("Awaiting confirmation")
        DONE = "done", _("Done")
        RETURNED = "returned", _("Returned for rework")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")

    class ResponsibleSource(models.TextChoices):
        EXPLICIT = "explicit", _("named in the task")
        INHERITED = "inherited", _("named by the lead-in")
        RULE = "rule", _("topic rule")
        NONE = "none", _("not found")
        MANUAL = "manual", _("set by the office")

    class DeadlineSource(models.TextChoices):
        EXPLICIT = "explicit", _("stated in the task")
        PERIOD = "period", _("end of the document's period")
        NONE = "none", _("not found")
        MANUAL = "manual", _("set by the office")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="tasks")
    conclusion = models.ForeignKey(Conclusion, on_delete=models.PROTECT, related_name="tasks")
    order = models.PositiveIntegerField(_("order"), default=0)
    section = models.CharField(_("section"), max_length=64, blank=True)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("task"))
    lead_body = models.ForeignKey(
        Body, verbose_name=_("lead body"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_bodies = models.ManyToManyField(
        Body, verbose_name=_("coordinating bodies"), blank=True, related_name="coordinated_tasks"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    original_deadline = models.DateField(_("original deadline"), null=True, blank=True)
    recurring = models.BooleanField(_("recurring"), default=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Optimistic locking: every write bumps it; a writer holding an older version gets a conflict.
    version = models.PositiveIntegerField(default=1)
    # What the machine proposed and why, kept for the review screen.
    responsible_source = models.CharField(
        max_length=16, choices=ResponsibleSource.choices, default=ResponsibleSource.NONE
    )
    responsible_why = models.CharField(max_length=500, blank=True)
    proposed_lead_names = models.JSONField(default=list, blank=True)
    proposed_coordinating_names = models.JSONField(default=list, blank=True)
    deadline_source = models.CharField(max_length=16, choices=DeadlineSource.choices, default=DeadlineSource.NONE)
    deadline_text = models.CharField(max_length=255, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    footnotes = models.JSONField(default=list, blank=True)
    # Lower-cased text with diacritics folded ("tiến độ" -> "tien do") for accent-blind search.
    search_text = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["conclusion_id", "order", "id"]
        indexes = [
            # Dashboard and task list: an office's live tasks by state and deadline.
            models.Index(fields=["office", "state", "deadline"], name="task_office_state_deadline"),
            # Liaison home and per-body tables: a body's tasks by state.
            models.Index(fields=["lead_body", "state"], name="task_lead_state"),
            # Review screen and per-conclusion progress: a conclusion's tasks in order.
            models.Index(fields=["conclusion", "order"], name="task_conclusion_order"),
            # Reminder sweeps after the day's first: only tasks changed since (updated_at >= start),
            # and the dashboard's cache stamp (the office's latest updated_at).
            models.Index(fields=["updated_at"], name="task_updated_at"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_live(self) -> bool:
        """Published and not finished: the states that count toward reminders and reports."""
        return self.state in LIVE_STATES


LIVE_STATES = (
    Task.State.OPEN,
    Task.State.AWAITING_CONFIRMATION,
    Task.State.RETURNED,
)


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    # Under the checksum: a file name from the user never decides the stored path.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class ProgressUpdate(models.Model):
    """What a body reports on a task (append-only): what was done and what was achieved."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        COMPLETION = "completion", _("Completion proposed")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress_updates")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="progress_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PROGRESS)
    done_text = models.TextField(_("what was done"))
    outcome_text = models.TextField(_("what was achieved"), blank=True)
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Task page timeline and "latest progress" per task: a task's updates newest first.
            models.Index(fields=["task", "-created_at"], name="progress_task_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.done_text[:60]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an update, once written, is evidence and is never changed.
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise RuntimeError("Progress updates are append-only.")
        super().save(*args, **kwargs)


class EvidenceFile(models.Model):
    """A file attached to a progress update, served only to users allowed to see the task."""

    progress = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_upload_to, max_length=500)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=128, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class Extension(models.Model):
    """A request to move a task's deadline (gia hạn), decided by the office."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extensions")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    previous_deadline = models.DateField(_("deadline before"), null=True, blank=True)
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at"]
        constraints = [
            # One open request per task at a time: a second one waits for the first decision.
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(state="pending"), name="extension_one_pending_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.requested_deadline}"


class AuditEvent(models.Model):
    """An immutable record of a change: who, when, what, before and after.

    Written only by services; never updated or deleted (save() and delete() refuse, and on
    PostgreSQL a trigger refuses UPDATE and DELETE too).
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=64)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events")
    conclusion = models.ForeignKey(
        Conclusion, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    field = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            # Task page history (inspectors): a task's events in time order.
            models.Index(fields=["task", "at"], name="audit_task_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Audit events cannot be deleted.")
