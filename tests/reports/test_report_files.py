"""Large reports: a ReportFile row built by Celery (claimed once), and the build_report command."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from django.core.management import CommandError, call_command

from tracker.reports.models import PeriodicReport, ReportFile
from tracker.reports.services import (
    report_compile,
    report_file_build,
    report_file_claim,
    report_file_request,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


def test_it_builds_a_requested_file_after_commit(world, django_capture_on_commit_callbacks):
    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        row = report_file_request(actor=world.leader, report=report, fmt="xlsx")
    row.refresh_from_db()
    assert row.status == ReportFile.Status.READY and row.size == row.file.size > 0
    assert row.claimed_at is not None and row.finished_at is not None
    # Asking again for the same version gives the same row, not a second build.
    assert report_file_request(actor=world.leader, report=report, fmt="xlsx") == row


def test_it_builds_once_when_the_task_runs_twice(world):
    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    row = ReportFile.objects.create(report=report, format="pdf", report_version=report.version)
    assert report_file_build(report_file_id=row.pk).status == ReportFile.Status.READY
    assert report_file_build(report_file_id=row.pk) is None
    assert report_file_claim(report_file_id=row.pk) is False
    with pdfplumber.open(ReportFile.objects.get(pk=row.pk).file.path) as pdf:
        assert "BÁO CÁO" in pdf.pages[0].extract_text()


def test_it_stores_a_failure_on_the_row(world, monkeypatch):
    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    row = ReportFile.objects.create(report=report, format="docx", report_version=report.version)

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng bộ dựng")

    monkeypatch.setattr("tracker.reports.renderers.report_render", broken)
    report_file_build(report_file_id=row.pk)
    row.refresh_from_db()
    assert row.status == ReportFile.Status.FAILED and "hỏng bộ dựng" in row.error


def test_it_refuses_a_file_to_a_liaison(world):
    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    from tracker.errors import NotAllowed

    with pytest.raises(NotAllowed):
        report_file_request(actor=world.btg_liaison, report=report, fmt="pdf")
    assert not ReportFile.objects.exists()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_it_builds_any_format_from_the_command_line(world, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    call_command(
        "build_report", "--period", str(world.period.pk), "--format", fmt, "--out", str(out), stdout=io.StringIO()
    )
    assert out.stat().st_size > 1000
    assert PeriodicReport.objects.filter(period=world.period, kind="office_period").count() == 1


def test_it_builds_a_conclusion_report_from_the_command_line(world, tmp_path):
    out = tmp_path / "kl.pdf"
    call_command(
        "build_report",
        "--conclusion",
        str(world.conclusion.pk),
        "--format",
        "pdf",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    with pdfplumber.open(out) as pdf:
        assert "Kết luận số 28-KL/TU" in pdf.pages[0].extract_text()
    assert PeriodicReport.objects.get().kind == "conclusion"


def test_it_says_which_period_is_missing(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("build_report", "--period", "999999", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
