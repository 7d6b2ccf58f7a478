"""submission_save: drafts, submitting posts progress, late marking, liaisons only for their bodies."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories import TaskFactory
from tracker.errors import NotAllowed, ServiceError
from tracker.models import AuditEvent, ProgressUpdate
from tracker.reports.models import BodySubmission, SubmissionItem
from tracker.reports.selectors import period_bodies_missing, period_submission_status
from tracker.reports.services import SubmissionEntry, submission_save

pytestmark = pytest.mark.django_db

BEFORE_CUTOFF = dt.datetime(2026, 12, 10, 3, 0, tzinfo=dt.UTC)
AFTER_CUTOFF = dt.datetime(2026, 12, 16, 3, 0, tzinfo=dt.UTC)


def entries(world):
    return [
        SubmissionEntry(
            task=world.tasks[2],
            done_text="Đã tổ chức 12 hội nghị quán triệt",
            outcome_text="100% chi bộ đã quán triệt",
            percent=80,
        ),
        SubmissionEntry(
            task=world.tasks[3], done_text="Đang dự thảo báo cáo sơ kết", reason_text="Chờ số liệu cơ sở", percent=40
        ),
        SubmissionEntry(task=world.tasks[4]),
    ]


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_saves_a_draft_without_posting_progress(world):
    submission = submission_save(
        actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=False
    )
    assert submission.state == BodySubmission.State.DRAFT
    assert SubmissionItem.objects.filter(submission=submission).count() == 2  # the empty line is not kept
    assert ProgressUpdate.objects.count() == 0
    assert [b.name for b in period_bodies_missing(world.period)] == ["Ban Tuyên giáo Thành ủy"]


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_submits_posts_progress_and_is_on_time(world):
    submission_save(actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=False)
    submission = submission_save(
        actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=True
    )
    assert submission.state == BodySubmission.State.SUBMITTED and submission.late is False
    assert submission.submitted_by == world.btg_liaison
    updates = ProgressUpdate.objects.filter(task=world.tasks[2])
    assert updates.get().outcome_text == "100% chi bộ đã quán triệt"
    assert SubmissionItem.objects.get(task=world.tasks[2]).progress_update == updates.get()
    assert AuditEvent.objects.filter(action="period_submitted").exists()
    assert period_bodies_missing(world.period) == []
    assert [row.submitted for row in period_submission_status(world.period)] == [True]


@time_machine.travel(AFTER_CUTOFF, tick=False)
def test_it_marks_a_submission_after_the_cut_off_late(world):
    submission = submission_save(
        actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=True
    )
    assert submission.late is True


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_refuses_a_liaison_of_another_body(world):
    with pytest.raises(NotAllowed):
        submission_save(
            actor=world.ubnd_liaison, period=world.period, body=world.btg, items=entries(world), submit=True
        )
    with pytest.raises(NotAllowed):
        submission_save(actor=world.staff, period=world.period, body=world.btg, items=entries(world), submit=True)
    assert not BodySubmission.objects.exists()


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_refuses_a_foreign_task_or_a_bad_percent_and_saves_nothing(world):
    foreign = TaskFactory(office=world.office, conclusion=world.conclusion, lead_body=world.ubnd)
    with pytest.raises(ServiceError, match=r"không phải|not one"):
        submission_save(
            actor=world.btg_liaison,
            period=world.period,
            body=world.btg,
            items=[*entries(world), SubmissionEntry(task=foreign, done_text="x")],
            submit=True,
        )
    bad = [SubmissionEntry(task=world.tasks[2], done_text="Đã làm", percent=140)]
    with pytest.raises(ServiceError):
        submission_save(actor=world.btg_liaison, period=world.period, body=world.btg, items=bad, submit=True)
    assert not BodySubmission.objects.exists() and not ProgressUpdate.objects.exists()


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_refuses_submitting_nothing_and_changing_a_sent_submission(world):
    with pytest.raises(ServiceError):
        submission_save(
            actor=world.btg_liaison,
            period=world.period,
            body=world.btg,
            items=[SubmissionEntry(task=world.tasks[2])],
            submit=True,
        )
    submission_save(actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=True)
    with pytest.raises(ServiceError):
        submission_save(
            actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=False
        )
    assert ProgressUpdate.objects.count() == 2


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_lets_a_coordinating_body_report_on_the_task(world):
    items = [SubmissionEntry(task=world.tasks[2], done_text="Phối hợp cung cấp số liệu")]
    submission = submission_save(
        actor=world.ubnd_liaison, period=world.period, body=world.ubnd, items=items, submit=True
    )
    assert submission.state == BodySubmission.State.SUBMITTED
    assert ProgressUpdate.objects.get().body == world.ubnd


@time_machine.travel(BEFORE_CUTOFF, tick=False)
def test_it_refuses_a_closed_period(world):
    world.period.state = "closed"
    world.period.save()
    with pytest.raises(ServiceError):
        submission_save(
            actor=world.btg_liaison, period=world.period, body=world.btg, items=entries(world), submit=False
        )
