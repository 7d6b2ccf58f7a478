"""extension_request and extension_decide: lead body asks, office decides, original deadline kept."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.errors import NotAllowed, ServiceError
from tracker.models import AuditEvent, Extension, Task
from tracker.selectors.tasks import task_timing
from tracker.services.extensions import extension_decide, extension_request
from tracker.timeliness import Bucket, bucket, met_original_deadline

pytestmark = pytest.mark.django_db
NEW = dt.date(2027, 3, 31)


def ask(world, **kwargs):
    kwargs.setdefault("requested_deadline", NEW)
    kwargs.setdefault("reason", "Chờ hướng dẫn của tỉnh")
    return extension_request(actor=world.liaison_a, task=world.task, **kwargs)


def test_it_records_a_request_of_the_lead_body_without_moving_the_deadline(world):
    extension = ask(world)
    assert extension.state == Extension.State.PENDING
    assert extension.previous_deadline == dt.date(2026, 12, 31)
    assert extension.body == world.body_a
    assert world.refresh().deadline == dt.date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="extension_requested", task=world.task).exists()


def test_it_refuses_a_second_pending_request(world):
    ask(world)
    with pytest.raises(ServiceError, match="đang chờ quyết định"):
        ask(world, requested_deadline=dt.date(2027, 6, 30))
    assert Extension.objects.count() == 1


def test_it_refuses_a_request_from_a_coordinating_body_or_the_office(world):
    for actor in (world.liaison_c, world.liaison_b, world.staff, world.leader):
        with pytest.raises(NotAllowed):
            extension_request(actor=actor, task=world.task, requested_deadline=NEW, reason="x")
    assert not Extension.objects.exists()


def test_it_refuses_an_earlier_date_and_a_recurring_task(world):
    with pytest.raises(ServiceError, match="sau thời hạn hiện tại"):
        ask(world, requested_deadline=dt.date(2026, 12, 1))
    Task.objects.filter(pk=world.task.pk).update(recurring=True)
    world.refresh()
    with pytest.raises(ServiceError, match="không có thời hạn"):
        ask(world)


def test_it_moves_the_deadline_on_approval_and_keeps_the_original(world):
    extension = ask(world)
    extension_decide(actor=world.staff, extension=extension, approve=True, note="Đồng ý", expected_version=1)
    task = world.refresh()
    assert task.deadline == NEW
    assert task.original_deadline == dt.date(2026, 12, 31)
    assert task.version == 2
    extension.refresh_from_db()
    assert (extension.state, extension.decided_by) == (Extension.State.APPROVED, world.staff)
    moved = AuditEvent.objects.get(action="deadline_extended")
    assert (moved.before, moved.after) == ("2026-12-31", "2027-03-31")
    # Done after the original deadline but within the extension: on time, not by the original.
    Task.objects.filter(pk=task.pk).update(state="done", completed_on=dt.date(2027, 2, 1))
    timing = task_timing(world.refresh())
    assert bucket(timing, as_of=dt.date(2027, 4, 1)) == Bucket.DONE_ON_TIME
    assert met_original_deadline(timing) is False


def test_it_keeps_the_deadline_on_rejection_and_needs_a_reason(world):
    extension = ask(world)
    with pytest.raises(ServiceError, match="lý do"):
        extension_decide(actor=world.staff, extension=extension, approve=False)
    extension_decide(actor=world.staff, extension=extension, approve=False, note="Không có căn cứ")
    assert world.refresh().deadline == dt.date(2026, 12, 31)
    extension.refresh_from_db()
    assert extension.state == Extension.State.REJECTED
    with pytest.raises(ServiceError, match="đã được quyết định"):
        extension_decide(actor=world.staff, extension=extension, approve=True)


def test_it_refuses_a_decision_by_a_liaison_leader_or_inspector(world):
    extension = ask(world)
    for actor in (world.liaison_a, world.leader, world.inspector, world.outsider_staff):
        with pytest.raises(NotAllowed):
            extension_decide(actor=actor, extension=extension, approve=True)
    extension.refresh_from_db()
    assert extension.state == Extension.State.PENDING
    assert world.refresh().deadline == dt.date(2026, 12, 31)
