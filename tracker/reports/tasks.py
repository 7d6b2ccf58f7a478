"""Celery tasks of reporting: open periods daily (beat) and build report files."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from tracker.reports.services import periods_open_due, report_file_build


@shared_task(name="reports.open_periods")
def open_periods() -> list[int]:
    """Open today's collecting period for every active schedule; idempotent (run daily by beat)."""
    return [period.pk for period in periods_open_due(today=timezone.localdate())]


@shared_task(name="reports.build_file")
def build_file(report_file_id: int) -> str | None:
    """Build one requested report file; claims its row first, so a second run does nothing."""
    row = report_file_build(report_file_id=report_file_id)
    return row.status if row is not None else None
