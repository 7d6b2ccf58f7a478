"""tracker.services.imports.conclusion_publish: a reviewed plan opens all at once, or not at all."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import Role
from conclusions.models import Conclusion
from tests.factories import UserFactory
from tracker.errors import NotAllowed, ServiceError
from tracker.models import AuditEvent, Body, Task
from tracker.services import audit as audit_module
from tracker.services import imports
from tracker.services.imports import conclusion_import, conclusion_publish
from tracker.services.review import draft_tasks_bulk_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office, staff, sample_bytes):
    return conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt").conclusion


def complete(draft, staff):
    """Give the two incomplete rows of the sample a lead body (what the review screen does)."""
    body = Body.objects.get(office=draft.office, short_name="BTC")
    missing = list(draft.tasks.filter(lead_body__isnull=True))
    draft_tasks_bulk_assign(actor=staff, tasks=missing, lead_body=body)


def test_it_refuses_a_plan_with_rows_to_fix_and_lists_them(draft, staff):
    with pytest.raises(ServiceError) as raised:
        conclusion_publish(actor=staff, conclusion=draft)
    message = raised.value.message
    assert message.startswith("Chưa thể ban hành kế hoạch: còn 2 nhiệm vụ thiếu cơ quan chủ trì hoặc thời hạn.")
    assert "Dòng #3 (mục II.1) “Tập trung chỉ đạo hoàn thành các mục …”: thiếu cơ quan chủ trì" in message
    assert "Dòng #5 (mục II.2)" in message
    draft.refresh_from_db()
    assert draft.state == Conclusion.State.DRAFT and draft.published_at is None
    assert set(draft.tasks.values_list("state", flat=True)) == {Task.State.DRAFT}
    assert not AuditEvent.objects.filter(action__in=["conclusion_publish", "task_publish"]).exists()


def test_it_names_a_missing_deadline_but_accepts_a_recurring_task_without_one(draft, staff):
    complete(draft, staff)
    draft.tasks.filter(order=2).update(deadline=None)
    with pytest.raises(ServiceError) as raised:
        conclusion_publish(actor=staff, conclusion=draft)
    assert "Dòng #2 (mục II.1)" in raised.value.message
    assert "thiếu thời hạn" in raised.value.message
    # Row 6 is recurring with no deadline and is not listed.
    assert "#6" not in raised.value.message


@time_machine.travel(dt.datetime(2026, 7, 10, 9, 30, tzinfo=dt.UTC), tick=False)
def test_it_opens_every_task_and_records_who_and_when(draft, staff):
    complete(draft, staff)
    conclusion_publish(actor=staff, conclusion=draft)

    draft.refresh_from_db()
    assert draft.state == Conclusion.State.PUBLISHED
    assert draft.published_by == staff
    assert draft.published_at == timezone.now()
    tasks = list(draft.tasks.all())
    assert len(tasks) == 6
    assert {t.state for t in tasks} == {Task.State.OPEN}
    assert {t.published_at for t in tasks} == {timezone.now()}
    assert all(t.original_deadline == t.deadline for t in tasks)
    assert AuditEvent.objects.filter(action="conclusion_publish", conclusion=draft, actor=staff).count() == 1
    assert set(AuditEvent.objects.filter(action="task_publish").values_list("task_id", flat=True)) == {
        t.pk for t in tasks
    }


def test_it_refuses_to_publish_twice(draft, staff):
    complete(draft, staff)
    conclusion_publish(actor=staff, conclusion=draft)
    with pytest.raises(ServiceError, match="đã được ban hành"):
        conclusion_publish(actor=staff, conclusion=draft)
    assert AuditEvent.objects.filter(action="conclusion_publish").count() == 1


def test_it_publishes_nothing_when_one_write_fails(draft, staff, monkeypatch):
    complete(draft, staff)
    written = []
    real = audit_module.audit_record

    def failing_audit(**kwargs):
        written.append(kwargs["action"])
        if written.count("task_publish") == 4:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(imports, "audit_record", failing_audit)
    with pytest.raises(RuntimeError):
        conclusion_publish(actor=staff, conclusion=draft)
    draft.refresh_from_db()
    assert draft.state == Conclusion.State.DRAFT and draft.published_by is None
    assert set(draft.tasks.values_list("state", flat=True)) == {Task.State.DRAFT}
    assert not AuditEvent.objects.filter(action__in=["conclusion_publish", "task_publish"]).exists()


def test_it_refuses_an_empty_plan(draft, staff):
    draft.tasks.all().delete()
    with pytest.raises(ServiceError, match="chưa có nhiệm vụ nào"):
        conclusion_publish(actor=staff, conclusion=draft)


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.LIAISON])
def test_it_refuses_other_roles(draft, staff, role):
    complete(draft, staff)
    with pytest.raises(NotAllowed):
        conclusion_publish(actor=UserFactory(office=draft.office, role=role), conclusion=draft)
    draft.refresh_from_db()
    assert draft.state == Conclusion.State.DRAFT


def test_it_refuses_staff_of_another_office(draft, staff):
    complete(draft, staff)
    with pytest.raises(NotAllowed):
        conclusion_publish(actor=UserFactory(role=Role.OFFICE_STAFF), conclusion=draft)
    assert Task.objects.filter(state=Task.State.OPEN).count() == 0
