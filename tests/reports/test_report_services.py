"""report_compile / report_update / report_issue, per-body and per-conclusion reports."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories import TaskFactory
from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import AuditEvent
from tracker.reports.models import PeriodicReport, ReportingPeriod
from tracker.reports.services import (
    SubmissionEntry,
    period_open,
    report_compile,
    report_compile_conclusion,
    report_issue,
    report_update,
    submission_save,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def submitted(world):
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        submission_save(
            actor=world.btg_liaison,
            period=world.period,
            body=world.btg,
            items=[
                SubmissionEntry(
                    task=world.tasks[2],
                    done_text="Đã tổ chức 12 hội nghị",
                    outcome_text="100% chi bộ đã quán triệt nghị quyết",
                    percent=80,
                ),
                SubmissionEntry(
                    task=world.tasks[3],
                    done_text="Đang dự thảo báo cáo",
                    reason_text="Chờ số liệu của các chi bộ cơ sở",
                    percent=40,
                ),
            ],
            submit=True,
        )
    return world


def test_it_counts_the_five_buckets_with_the_change_and_overdue_share(submitted):
    report = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    data = report.data
    assert data["counts"] == {
        "done_on_time": 1,
        "done_late": 1,
        "not_done_within_term": 1,
        "not_done_overdue": 1,
        "ongoing": 1,
    }
    assert data["total"] == 5 and report.task_count == 5
    # The previous quarter, recomputed as of its cut-off (14/9): the four deadlines were still ahead.
    assert data["previous"]["label"] == "Quý III/2026"
    assert data["previous"]["counts"]["not_done_within_term"] == 4
    assert data["as_of"] == "2026-11-21"
    assert report.state == PeriodicReport.State.COMPILED
    assert (
        report.subject
        == "Kết quả thực hiện Kết luận số 28-KL/TU ngày 05/07/2026 của Ban Chấp hành Đảng bộ thành phố, Quý IV/2026"
    )
    assert report.style_profile == "Party (Hướng dẫn 36-HD/VPTW 2018)" and report.style_version


def test_it_states_outcomes_and_overdue_reasons_from_the_submissions(submitted):
    report = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    assert "100% chi bộ đã quán triệt nghị quyết" in report.achievements
    [overdue] = report.data["overdue"]
    assert overdue["reason"] == "Chờ số liệu của các chi bộ cơ sở"
    row = next(r for r in report.data["rows"] if r["id"] == submitted.tasks[2].pk)
    assert row["result"] == "100% chi bộ đã quán triệt nghị quyết" and row["percent"] == 80
    assert row["coordinating"] == ["Ủy ban nhân dân thành phố"]
    assert report.data["submissions"] == {"expected": 1, "submitted": 1, "late": 0, "missing": []}
    assert report.recipients[0] == "Thường trực Thành ủy (để b/c)"


def test_it_takes_the_change_from_the_previous_report(submitted):
    first = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    report_issue(actor=submitted.staff, report=first, number="12", issued_on=dt.date(2026, 12, 20))
    TaskFactory(
        office=submitted.office, conclusion=submitted.conclusion, lead_body=submitted.btg, deadline=dt.date(2027, 3, 1)
    )
    nxt, _ = period_open(
        actor=submitted.staff,
        office=submitted.office,
        cadence="quarterly",
        day=dt.date(2027, 1, 5),
        conclusion=submitted.conclusion,
    )
    report = report_compile(actor=submitted.staff, period=nxt, today=dt.date(2027, 1, 5))
    assert report.data["previous"]["label"] == "Quý IV/2026"
    assert report.data["previous"]["counts"] == first.data["counts"]
    assert report.data["counts"]["not_done_within_term"] == 1  # the new task; the December one is now overdue
    assert report.data["counts"]["not_done_overdue"] == 2


def test_it_recompiles_until_issued_and_keeps_edited_narrative(submitted):
    report = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    edited = report_update(
        actor=submitted.staff,
        report=report,
        achievements="Kết quả nổi bật: hoàn thành quy hoạch.",
        overdue_reasons="Do thiếu số liệu.",
        proposals="Đề nghị Thường trực chỉ đạo.",
        signer_capacity="K/T Chánh Văn phòng",
        signer_title="Phó Chánh Văn phòng",
        signer_name="Trần Văn An",
        recipients=["Thường trực Thành ủy (để b/c)", "Lưu Văn phòng"],
        expected_version=report.version,
    )
    assert edited.state == PeriodicReport.State.EDITED
    again = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    assert again.pk == report.pk and again.achievements == "Kết quả nổi bật: hoàn thành quy hoạch."
    with pytest.raises(VersionConflict):
        report_update(
            actor=submitted.staff, report=again, achievements="", overdue_reasons="", proposals="", expected_version=1
        )


def test_it_issues_with_number_and_date_and_closes_the_period(submitted):
    report = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    issued = report_issue(actor=submitted.staff, report=report, number="12", issued_on=dt.date(2026, 12, 20))
    assert (issued.state, issued.number, issued.issued_on) == ("issued", "12", dt.date(2026, 12, 20))
    assert ReportingPeriod.objects.get(pk=submitted.period.pk).state == "closed"
    assert AuditEvent.objects.filter(action="report_issued").exists()
    with pytest.raises(ServiceError):
        report_update(actor=submitted.staff, report=issued, achievements="x", overdue_reasons="", proposals="")
    with pytest.raises(ServiceError):
        report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)


def test_it_refuses_a_duplicate_number_and_an_empty_one(submitted):
    first = report_compile_conclusion(actor=submitted.staff, conclusion=submitted.conclusion, today=TODAY)
    report_issue(actor=submitted.staff, report=first, number="12", issued_on=TODAY)
    report = report_compile(actor=submitted.staff, period=submitted.period, today=TODAY)
    with pytest.raises(ServiceError):
        report_issue(actor=submitted.staff, report=report, number="12", issued_on=TODAY)
    with pytest.raises(ServiceError):
        report_issue(actor=submitted.staff, report=report, number="  ", issued_on=TODAY)
    report.refresh_from_db()
    assert report.state == "compiled" and report.number == ""


def test_it_compiles_a_report_of_one_body(submitted):
    report = report_compile(
        actor=submitted.staff, period=submitted.period, kind="body", body=submitted.btg, today=TODAY
    )
    assert report.kind == "body" and report.body == submitted.btg
    assert report.data["total"] == 3
    assert report.subject == "Kết quả thực hiện nhiệm vụ của Ban Tuyên giáo Thành ủy Quý IV/2026"


def test_it_compiles_a_report_on_one_conclusion(submitted):
    report = report_compile_conclusion(actor=submitted.staff, conclusion=submitted.conclusion, today=TODAY)
    assert report.kind == "conclusion" and report.period is None
    assert report.data["total"] == 5 and report.data["previous"] is None


def test_it_lets_only_the_office_compile(submitted):
    for user in (submitted.leader, submitted.inspector, submitted.btg_liaison):
        with pytest.raises(NotAllowed):
            report_compile(actor=user, period=submitted.period, today=TODAY)
    assert not PeriodicReport.objects.exists()


def test_it_says_when_a_task_was_done_only_by_its_extended_deadline(world):
    from tracker.reports.document import document_build

    TaskFactory(
        office=world.office,
        conclusion=world.conclusion,
        lead_body=world.ubnd,
        text="Hoàn thiện đề án sắp xếp đơn vị hành chính",
        state="done",
        original_deadline=dt.date(2026, 9, 30),
        deadline=dt.date(2026, 10, 31),
        completed_on=dt.date(2026, 10, 15),
    )
    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    doc = document_build(report)
    row = next(r for g in doc.annex.groups for r in g.rows if r.text.startswith("Hoàn thiện đề án"))
    assert row.status == "Đã hoàn thành đúng hạn (theo hạn gia hạn)"
    assert row.deadline == "31/10/2026 (gia hạn; hạn ban đầu 30/09/2026)"
    assert "có 1 nhiệm vụ hoàn thành theo thời hạn đã được gia hạn" in " ".join(doc.sections[0].after)


def test_it_groups_the_annex_by_lead_body_when_asked(world):
    from tracker.reports.document import document_build

    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    report = report_update(
        actor=world.staff, report=report, achievements="", overdue_reasons="", proposals="", group_by="body"
    )
    doc = document_build(report)
    assert [g.label for g in doc.annex.groups] == ["Ban Tuyên giáo Thành ủy", "Ủy ban nhân dân thành phố"]
    assert [r.stt for g in doc.annex.groups for r in g.rows] == [1, 2, 3, 4, 5]
