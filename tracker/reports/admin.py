"""Admin: reporting schedules (which periods beat opens) and a read-mostly view of the rest."""

from __future__ import annotations

from django.contrib import admin

from tracker.reports.models import BodySubmission, PeriodicReport, ReportFile, ReportingPeriod, ReportingSchedule


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(admin.ModelAdmin):
    list_display = ("office", "conclusion", "cadence", "active")
    list_filter = ("cadence", "active")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "office", "conclusion", "data_from", "data_to", "due_on", "state")
    list_filter = ("state", "cadence")
    readonly_fields = ("opened_by", "opened_at", "closed_at")


@admin.register(BodySubmission)
class BodySubmissionAdmin(admin.ModelAdmin):
    list_display = ("period", "body", "state", "submitted_at", "late")
    list_filter = ("state", "late")
    readonly_fields = ("submitted_at", "submitted_by", "updated_by")


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "state", "number", "issued_on", "task_count")
    list_filter = ("kind", "state")
    # The compiled figures are written by report_compile only.
    readonly_fields = (
        "data",
        "task_count",
        "compiled_by",
        "compiled_at",
        "issued_by",
        "style_profile",
        "style_version",
    )


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ("report", "format", "status", "size", "created_at", "finished_at")
    list_filter = ("status", "format")
    readonly_fields = ("claimed_at", "finished_at", "error", "size")
