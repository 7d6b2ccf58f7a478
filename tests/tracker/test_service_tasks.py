"""Task workflow services: propose, confirm, return, pause, resume, cancel, edit; versions and audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.tracker.conftest import pdf_upload
from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import AuditEvent, EvidenceFile, ProgressUpdate, Task
from tracker.search import task_search_text
from tracker.services.tasks import (
    task_cancel,
    task_completion_confirm,
    task_completion_propose,
    task_pause,
    task_resume,
    task_return,
    task_update,
)

pytestmark = pytest.mark.django_db
TZ_NOON = "2026-11-20 05:00:00+00:00"  # 12:00 in Hà Nội


def propose(world, **kwargs):
    kwargs.setdefault("files", [pdf_upload()])
    return task_completion_propose(
        actor=world.liaison_a,
        task=world.task,
        done_text="Đã tổ chức hội nghị",
        outcome_text="Giải ngân đạt 95%",
        **kwargs,
    )


@time_machine.travel(TZ_NOON, tick=False)
def test_it_moves_a_task_to_awaiting_when_the_lead_body_proposes_completion_with_evidence(world):
    update = propose(world, expected_version=1)

    task = world.refresh()
    assert task.state == Task.State.AWAITING_CONFIRMATION
    assert task.version == 2
    assert update.kind == ProgressUpdate.Kind.COMPLETION
    assert update.body == world.body_a
    evidence = EvidenceFile.objects.get(progress=update)
    assert evidence.original_name == "bao-cao.pdf"
    assert len(evidence.sha256) == 64
    event = AuditEvent.objects.get(task=task, action="completion_proposed")
    assert (event.field, event.before, event.after, event.actor) == ("state", "open", "awaiting", world.liaison_a)


def test_it_refuses_completion_without_any_evidence_file(world):
    with pytest.raises(ServiceError, match="tệp minh chứng"):
        propose(world, files=[])
    assert world.refresh().state == Task.State.OPEN
    assert not ProgressUpdate.objects.exists()


def test_it_accepts_evidence_attached_to_an_earlier_progress_update(world):
    from tracker.services.progress import progress_post

    progress_post(actor=world.liaison_a, task=world.task, done_text="Đang làm", files=[pdf_upload()])
    propose(world, files=[])
    assert world.refresh().state == Task.State.AWAITING_CONFIRMATION


def test_it_refuses_completion_from_a_coordinating_body(world):
    with pytest.raises(NotAllowed):
        task_completion_propose(
            actor=world.liaison_c, task=world.task, done_text="x", outcome_text="y", files=[pdf_upload()]
        )
    assert world.refresh().state == Task.State.OPEN


def test_it_confirms_with_the_date_the_completion_was_proposed(world):
    with time_machine.travel("2026-12-30 03:00:00+00:00", tick=False):
        propose(world)
    with time_machine.travel("2027-01-05 03:00:00+00:00", tick=False):
        task_completion_confirm(actor=world.staff, task=world.task, note="Đạt yêu cầu", expected_version=2)
    task = world.refresh()
    assert task.state == Task.State.DONE
    assert task.completed_on == dt.date(2026, 12, 30)  # on time, although confirmed after the deadline
    assert task.version == 3
    fields = set(AuditEvent.objects.filter(task=task, action="completion_confirmed").values_list("field", flat=True))
    assert fields == {"state", "completed_on"}


def test_it_refuses_to_confirm_a_task_that_is_not_awaiting(world):
    with pytest.raises(ServiceError, match="chờ xác nhận"):
        task_completion_confirm(actor=world.staff, task=world.task)
    assert world.refresh().state == Task.State.OPEN


def test_it_refuses_confirmation_by_a_liaison_or_a_leader(world):
    propose(world)
    for actor in (world.liaison_a, world.leader, world.inspector, world.outsider_staff):
        with pytest.raises(NotAllowed):
            task_completion_confirm(actor=actor, task=world.task)
    assert world.refresh().state == Task.State.AWAITING_CONFIRMATION


def test_it_returns_a_proposed_completion_with_a_reason_and_lets_the_body_propose_again(world):
    propose(world)
    task_return(actor=world.staff, task=world.task, reason="Thiếu biên bản nghiệm thu")
    task = world.refresh()
    assert task.state == Task.State.RETURNED
    event = AuditEvent.objects.get(task=task, action="task_returned")
    assert event.note == "Thiếu biên bản nghiệm thu"
    propose(world, files=[])
    assert world.refresh().state == Task.State.AWAITING_CONFIRMATION


def test_it_refuses_a_return_without_a_reason(world):
    propose(world)
    with pytest.raises(ServiceError, match="lý do"):
        task_return(actor=world.staff, task=world.task, reason="  ")
    assert world.refresh().state == Task.State.AWAITING_CONFIRMATION


def test_it_raises_a_vietnamese_conflict_when_the_version_moved_on(world):
    stale_version = world.task.version
    propose(world)
    with pytest.raises(VersionConflict, match="Nhiệm vụ đã được người khác cập nhật") as info:
        task_return(actor=world.staff, task=world.task, reason="Thiếu", expected_version=stale_version)
    assert info.value.status_code == 409
    assert world.refresh().state == Task.State.AWAITING_CONFIRMATION


def test_it_pauses_resumes_and_cancels_with_audit(world):
    task_pause(actor=world.staff, task=world.task, reason="Chờ chủ trương mới")
    assert world.refresh().state == Task.State.PAUSED
    task_resume(actor=world.staff, task=world.task)
    assert world.refresh().state == Task.State.OPEN
    task_cancel(actor=world.staff, task=world.task, reason="Không còn phù hợp")
    assert world.refresh().state == Task.State.CANCELLED
    actions = list(AuditEvent.objects.filter(task=world.task).order_by("id").values_list("action", flat=True))
    assert actions == ["task_paused", "task_resumed", "task_cancelled"]
    with pytest.raises(ServiceError):
        task_resume(actor=world.staff, task=world.task)


def test_it_refuses_pause_by_a_liaison(world):
    with pytest.raises(NotAllowed):
        task_pause(actor=world.liaison_a, task=world.task, reason="x")
    assert world.refresh().state == Task.State.OPEN


def test_it_updates_text_deadline_and_bodies_auditing_each_field_and_refreshing_search_text(world):
    task_update(
        actor=world.staff,
        task=world.task,
        text="Hoàn thành quy hoạch khu đô thị mới",
        deadline=dt.date(2027, 3, 31),
        lead_body=world.body_b,
        coordinating_bodies=[world.body_a, world.body_c],
        expected_version=1,
    )
    task = world.refresh()
    assert task.text == "Hoàn thành quy hoạch khu đô thị mới"
    assert task.search_text == task_search_text(task.heading, task.text)
    assert "quy hoach khu do thi" in task.search_text
    assert task.deadline == dt.date(2027, 3, 31)
    assert task.original_deadline == dt.date(2026, 12, 31)  # a correction keeps the original
    assert task.lead_body == world.body_b
    assert set(task.coordinating_bodies.all()) == {world.body_a, world.body_c}
    assert task.version == 2
    events = {e.field: e for e in AuditEvent.objects.filter(task=task, action="task_updated")}
    assert set(events) == {"text", "deadline", "lead_body", "coordinating_bodies"}
    assert events["deadline"].before == "2026-12-31"
    assert events["deadline"].after == "2027-03-31"
    assert events["lead_body"].before["name"] == "Ban Tuyên giáo Thành ủy"
    assert events["text"].actor == world.staff


def test_it_changes_nothing_and_keeps_the_version_when_nothing_differs(world):
    task_update(actor=world.staff, task=world.task, text=world.task.text)
    assert world.refresh().version == 1
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_lead_body_that_is_also_coordinating(world):
    with pytest.raises(ServiceError, match="chủ trì"):
        task_update(actor=world.staff, task=world.task, lead_body=world.body_c)
    assert world.refresh().lead_body == world.body_a


def test_it_refuses_an_edit_with_a_stale_version_and_keeps_the_first_write(world):
    task_update(actor=world.staff, task=world.task, text="Lần sửa thứ nhất", expected_version=1)
    with pytest.raises(VersionConflict):
        task_update(actor=world.staff, task=world.task, text="Lần sửa thứ hai", expected_version=1)
    assert world.refresh().text == "Lần sửa thứ nhất"


def test_it_refuses_edits_by_anyone_but_office_staff_of_the_office(world):
    for actor in (world.liaison_a, world.leader, world.inspector, world.outsider_staff):
        with pytest.raises(NotAllowed):
            task_update(actor=actor, task=world.task, text="Sửa trái phép")
    assert world.refresh().text == "Đẩy nhanh tiến độ giải ngân vốn đầu tư công"
