"""Reporting periods, body submissions, the office's periodic reports and their built files.

Words follow ../shared/design/DOMAIN.md ("Reporting periods", "How a printed report looks"):
a ``ReportingPeriod`` is one kỳ báo cáo (per conclusion or office-wide), a ``BodySubmission``
is what one body sends in for it, a ``PeriodicReport`` is the office's báo cáo định kỳ, and a
``ReportFile`` is an outbound row for a file built by Celery. Writes go through
``tracker.reports.services``; reads through ``tracker.reports.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from conclusions.models import Conclusion
from tracker.models import Body, ProgressUpdate, Task


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class ReportingSchedule(models.Model):
    """Which periods beat opens for an office: office-wide or for one conclusion, at a cadence.

    ``reports.open_periods`` opens, every day, the period now collecting data for each active
    schedule; an office with no schedule gets an office-wide quarterly one.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="reporting_schedules")
    conclusion = models.ForeignKey(
        Conclusion, null=True, blank=True, on_delete=models.CASCADE, related_name="reporting_schedules"
    )
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices, default=Cadence.QUARTERLY)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "conclusion", "cadence"],
                condition=models.Q(conclusion__isnull=False),
                name="schedule_unique_conclusion_cadence",
            ),
            models.UniqueConstraint(
                fields=["office", "cadence"],
                condition=models.Q(conclusion__isnull=True),
                name="schedule_unique_office_cadence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.get_cadence_display()}"


class ReportingPeriod(models.Model):
    """One reporting period (kỳ báo cáo): its span, data window (cut-off) and due date.

    Defaults follow Decree 09/2019: data from the 15th of the month before the period to the
    14th of its last month, report due by the 25th (per office: Office.report_cutoff_day,
    Office.report_due_day).
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="reporting_periods")
    conclusion = models.ForeignKey(
        Conclusion,
        verbose_name=_("conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_periods",
        help_text=_("Empty for an office-wide period"),
    )
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices)
    label = models.CharField(_("label"), max_length=128, help_text=_("e.g. Quý IV/2026"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    data_from = models.DateField(_("data from"))
    data_to = models.DateField(_("data to (cut-off)"))
    due_on = models.DateField(_("report due"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-start", "cadence", "id"]
        constraints = [
            # Opening is idempotent (beat runs daily, the office may click twice): one row per
            # office + conclusion + cadence + start. Two partial constraints because NULL
            # conclusions are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=["office", "conclusion", "cadence", "start"],
                condition=models.Q(conclusion__isnull=False),
                name="period_unique_conclusion_cadence_start",
            ),
            models.UniqueConstraint(
                fields=["office", "cadence", "start"],
                condition=models.Q(conclusion__isnull=True),
                name="period_unique_office_cadence_start",
            ),
        ]
        indexes = [
            # Period list and the reminders sweep: an office's open periods by due date.
            models.Index(fields=["office", "state", "due_on"], name="period_office_state_due"),
        ]

    def __str__(self) -> str:
        return self.label


class BodySubmission(models.Model):
    """What one body sends in for a period: a draft until submitted; late when after the cut-off."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="submissions")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="period_submissions")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    late = models.BooleanField(_("late"), default=False)
    note = models.TextField(_("general note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("body submission")
        verbose_name_plural = _("body submissions")
        ordering = ["period_id", "body__position", "body__name"]
        constraints = [models.UniqueConstraint(fields=["period", "body"], name="submission_unique_period_body")]

    def __str__(self) -> str:
        return f"{self.period} · {self.body}"


class SubmissionItem(models.Model):
    """A body's line for one task in its submission: what was done, what was achieved, percent."""

    submission = models.ForeignKey(BodySubmission, on_delete=models.CASCADE, related_name="items")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="submission_items")
    done_text = models.TextField(_("what was done"), blank=True)
    outcome_text = models.TextField(_("what was achieved"), blank=True)
    reason_text = models.TextField(_("difficulties, reasons for delay"), blank=True)
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    # The progress update posted to the task when the submission was submitted (None while draft).
    progress_update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("submission item")
        verbose_name_plural = _("submission items")
        ordering = ["task__order", "task_id"]
        constraints = [models.UniqueConstraint(fields=["submission", "task"], name="item_unique_submission_task")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.done_text[:60]}"


class PeriodicReport(models.Model):
    """The office's report (báo cáo): compiled, edited (narrative), then issued with a number.

    ``data`` is the compiled snapshot (counts, rows, outcomes) so an issued report prints the
    same figures forever; the narrative parts are the office's own words.
    """

    class Kind(models.TextChoices):
        OFFICE_PERIOD = "office_period", _("Office report for the period")
        BODY = "body", _("Report of one body")
        CONCLUSION = "conclusion", _("Report on one conclusion")

    class State(models.TextChoices):
        COMPILED = "compiled", _("Compiled")
        EDITED = "edited", _("Edited")
        ISSUED = "issued", _("Issued")

    class GroupBy(models.TextChoices):
        HEADING = "heading", _("By heading")
        BODY = "body", _("By lead body")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="periodic_reports")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OFFICE_PERIOD)
    period = models.ForeignKey(ReportingPeriod, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    conclusion = models.ForeignKey(
        Conclusion, null=True, blank=True, on_delete=models.PROTECT, related_name="periodic_reports"
    )
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT, related_name="periodic_reports")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.COMPILED)
    group_by = models.CharField(_("annex grouped"), max_length=16, choices=GroupBy.choices, default=GroupBy.HEADING)
    title = models.CharField(_("title"), max_length=500)
    subject = models.TextField(_("subject line"))
    as_of = models.DateField(_("figures as of"))
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    # The narrative parts the office writes before issuing.
    achievements = models.TextField(_("achievements and outcomes"), blank=True)
    overdue_reasons = models.TextField(_("reasons for overdue tasks"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    signer_capacity = models.CharField(_("signing capacity"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    style_profile = models.CharField(_("style profile"), max_length=64)
    style_version = models.CharField(_("style profile version"), max_length=32)
    data = models.JSONField(_("compiled figures"), default=dict)
    task_count = models.PositiveIntegerField(default=0)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    compiled_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Report numbers are unique per office once issued (numbered per document type).
            models.UniqueConstraint(
                fields=["office", "number"], condition=~models.Q(number=""), name="report_unique_number"
            ),
        ]
        indexes = [
            # Report list of a period, and "previous period's report" for the change figures.
            models.Index(fields=["period", "kind"], name="report_period_kind"),
        ]

    def __str__(self) -> str:
        return self.number or self.title


def report_file_upload_to(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.report.office_id}/{instance.report_id}/{filename}"


class ReportFile(models.Model):
    """An outbound row: one file of a report built by Celery (large reports) and kept for download."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"
        HTML = "html", "HTML"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    report = models.ForeignKey(PeriodicReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=report_file_upload_to, max_length=500, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The report version the file was built from: an edit afterwards makes the file stale.
    report_version = models.PositiveIntegerField(default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.format} ({self.status})"
