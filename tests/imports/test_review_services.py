"""tracker.services.review: the office corrects a draft plan before publishing it."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from tests.factories import BodyFactory, UserFactory
from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import AuditEvent, Body, Task
from tracker.services.imports import conclusion_import, conclusion_publish
from tracker.services.review import (
    body_create_from_proposal,
    draft_task_add,
    draft_task_delete,
    draft_task_split,
    draft_task_update,
    draft_tasks_bulk_assign,
    draft_tasks_merge,
    split_position,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office, staff, sample_bytes):
    return conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt").conclusion


def row(conclusion, order):
    return conclusion.tasks.get(order=order)


def body(office, short):
    return Body.objects.get(office=office, short_name=short)


def test_it_updates_only_the_fields_given_and_marks_them_as_the_offices(draft, staff, office):
    task = row(draft, 3)
    draft_task_update(
        actor=staff,
        task=task,
        text="  Tập trung chỉ đạo hoàn thành các mục tiêu kinh tế.  ",
        lead_body=body(office, "UBND"),
        coordinating_bodies=[body(office, "TCKH"), body(office, "UBND")],
        deadline=dt.date(2026, 10, 31),
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert task.text == "Tập trung chỉ đạo hoàn thành các mục tiêu kinh tế."
    assert task.heading == "Về phát triển kinh tế"  # not given: unchanged
    assert task.lead_body == body(office, "UBND")
    assert task.responsible_source == Task.ResponsibleSource.MANUAL
    # A body cannot lead and coordinate the same task.
    assert [b.short_name for b in task.coordinating_bodies.all()] == ["TCKH"]
    assert (task.deadline, task.original_deadline, task.deadline_source) == (
        dt.date(2026, 10, 31),
        dt.date(2026, 10, 31),
        Task.DeadlineSource.MANUAL,
    )
    assert "muc tieu kinh te" in task.search_text
    assert task.version == 2
    fields = set(AuditEvent.objects.filter(action="draft_edit", conclusion=draft).values_list("field", flat=True))
    assert fields == {"text", "lead_body", "coordinating_bodies", "deadline"}
    assert AuditEvent.objects.filter(action="draft_edit", note=f"task #{task.pk}").count() == 4


def test_it_refuses_a_stale_version_and_changes_nothing(draft, staff):
    task = row(draft, 1)
    draft_task_update(actor=staff, task=task, heading="Kinh tế")
    with pytest.raises(VersionConflict):
        draft_task_update(actor=staff, task=task, text="Một nội dung khác", expected_version=1)
    task.refresh_from_db()
    assert task.text.startswith("Giao UBND thành phố") and task.heading == "Kinh tế"


def test_it_refuses_an_empty_text_and_a_body_of_another_office(draft, staff):
    task = row(draft, 1)
    with pytest.raises(ServiceError, match="không được để trống"):
        draft_task_update(actor=staff, task=task, text="   ")
    with pytest.raises(ServiceError, match="không có trong danh mục"):
        draft_task_update(actor=staff, task=task, lead_body=BodyFactory())
    task.refresh_from_db()
    assert task.lead_body.short_name == "UBND"


def test_it_merges_tasks_in_plan_order(draft, staff, office):
    second, third = row(draft, 2), row(draft, 3)
    merged = draft_tasks_merge(actor=staff, tasks=[third, second])
    assert merged.pk == second.pk
    assert merged.text == f"{second.text}\n{third.text}"
    assert merged.lead_body == body(office, "UBND")
    assert [b.short_name for b in merged.coordinating_bodies.all()] == ["TCKH"]
    assert not Task.objects.filter(pk=third.pk).exists()
    assert list(draft.tasks.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5]
    assert AuditEvent.objects.filter(action="draft_merge").count() == 1


def test_it_merges_to_the_earliest_deadline_and_unites_proposals(draft, staff):
    first, fifth = row(draft, 1), row(draft, 5)
    merged = draft_tasks_merge(actor=staff, tasks=[first, fifth])
    assert merged.deadline == dt.date(2026, 9, 30)
    assert merged.deadline_text == "xong trong tháng 9/2026"
    assert merged.proposed_lead_names == ["Ban Nội chính Thành ủy"]


def test_it_refuses_to_merge_fewer_than_two_or_across_conclusions(draft, staff, office, sample_bytes):
    with pytest.raises(ServiceError, match="ít nhất hai"):
        draft_tasks_merge(actor=staff, tasks=[row(draft, 1)])
    other = conclusion_import(actor=staff, office=office, data=sample_bytes + b"\n", filename="b.txt").conclusion
    with pytest.raises(ServiceError, match="cùng một kết luận"):
        draft_tasks_merge(actor=staff, tasks=[row(draft, 1), row(other, 1)])
    assert Task.objects.count() == 12


def test_it_splits_at_the_words_given_and_keeps_the_plan_order(draft, staff):
    task = row(draft, 2)
    first, second = draft_task_split(actor=staff, task=task, at="đẩy mạnh giải ngân")
    assert first.text == "Ủy ban nhân dân thành phố chủ trì, phối hợp với Phòng Tài chính - Kế hoạch"
    assert second.text == "đẩy mạnh giải ngân vốn đầu tư công."
    assert (second.order, second.section, second.heading) == (3, "II.1", "Về phát triển kinh tế")
    assert second.lead_body == first.lead_body and second.deadline == first.deadline
    assert list(second.coordinating_bodies.all()) == list(first.coordinating_bodies.all())
    assert list(draft.tasks.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert draft.tasks.get(order=4).text.startswith("Tập trung chỉ đạo")


def test_it_splits_at_a_character_offset(draft, staff):
    task = row(draft, 1)
    first, second = draft_task_split(actor=staff, task=task, at=task.text.index("hoàn thiện"))
    assert first.text == "Giao UBND thành phố rà soát,"
    assert second.text.startswith("hoàn thiện quy hoạch chung")
    assert second.deadline_text == "xong trong tháng 9/2026"


@pytest.mark.parametrize("at", [0, "   ", "không có trong nhiệm vụ", 10_000])
def test_it_refuses_a_split_that_leaves_an_empty_part(draft, staff, at):
    with pytest.raises(ServiceError):
        draft_task_split(actor=staff, task=row(draft, 1), at=at)
    assert draft.tasks.count() == 6


def test_it_finds_split_words_typed_with_other_spacing():
    text = "Làm việc A;\n  rồi   làm việc B."
    assert text[split_position(text, "rồi làm việc B")] == "r"


def test_it_deletes_a_draft_task_and_keeps_its_trace(draft, staff):
    task = row(draft, 3)
    draft_task_delete(actor=staff, task=task)
    assert not Task.objects.filter(pk=task.pk).exists()
    event = AuditEvent.objects.get(action="draft_delete")
    assert event.conclusion == draft and event.before == task.text and event.task is None


def test_it_deletes_a_task_that_was_edited_before(draft, staff):
    # Draft edits are audited on the conclusion, so they never block deleting the draft.
    task = row(draft, 3)
    draft_task_update(actor=staff, task=task, heading="Khác")
    draft_task_delete(actor=staff, task=task)
    assert draft.tasks.count() == 5


def test_it_adds_a_task_at_the_end_or_after_another(draft, staff, office):
    last = draft_task_add(
        actor=staff, conclusion=draft, text="Tổ chức hội nghị sơ kết.", lead_body=body(office, "VPTU")
    )
    assert (last.order, last.state, last.responsible_source) == (7, Task.State.DRAFT, Task.ResponsibleSource.MANUAL)
    inserted = draft_task_add(
        actor=staff, conclusion=draft, text="Rà soát quy hoạch.", after=row(draft, 1), deadline=dt.date(2026, 8, 31)
    )
    assert (inserted.order, inserted.section, inserted.heading) == (2, "II.1", "Về phát triển kinh tế")
    assert inserted.deadline_source == Task.DeadlineSource.MANUAL
    assert list(draft.tasks.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    with pytest.raises(ServiceError):
        draft_task_add(actor=staff, conclusion=draft, text=" ")


def test_it_bulk_assigns_a_body_and_a_deadline(draft, staff, office):
    tasks = [row(draft, 3), row(draft, 5), row(draft, 6)]
    changed = draft_tasks_bulk_assign(
        actor=staff,
        tasks=tasks,
        lead_body=body(office, "BTC"),
        coordinating_bodies=[body(office, "VPTU")],
        deadline=dt.date(2026, 12, 15),
    )
    assert changed == 3
    for task in tasks:
        task.refresh_from_db()
        assert task.lead_body == body(office, "BTC")
        assert task.responsible_source == Task.ResponsibleSource.MANUAL
        assert task.proposed_lead_names == []
        assert [b.short_name for b in task.coordinating_bodies.all()] == ["VPTU"]
        assert (task.deadline, task.deadline_source) == (dt.date(2026, 12, 15), Task.DeadlineSource.MANUAL)
    assert row(draft, 1).deadline == dt.date(2026, 9, 30)  # not selected: unchanged


def test_it_refuses_a_bulk_assign_with_nothing_to_assign(draft, staff):
    with pytest.raises(ServiceError, match="Hãy chọn cơ quan chủ trì"):
        draft_tasks_bulk_assign(actor=staff, tasks=[row(draft, 3)])


def test_it_creates_a_proposed_body_and_gives_it_to_the_tasks_that_named_it(draft, staff, office):
    created, given = body_create_from_proposal(actor=staff, office=office, name="Ban Nội chính  Thành ủy")
    assert created.name == "Ban Nội chính Thành ủy" and created.office == office
    assert given == 1
    fifth = row(draft, 5)
    assert fifth.lead_body == created
    assert fifth.responsible_source == "explicit"  # the document named it; the office only confirmed the body
    assert fifth.proposed_lead_names == []
    assert AuditEvent.objects.filter(action="body_create").count() == 1
    with pytest.raises(ServiceError, match="Danh mục đã có cơ quan"):
        body_create_from_proposal(actor=staff, office=office, name="Ban Nội Chính Thành Uỷ")
    assert Body.objects.filter(office=office, name__icontains="Nội chính").count() == 1


def test_it_gives_a_created_body_as_coordinating_when_the_task_has_a_lead(draft, staff, office):
    task = row(draft, 1)
    Task.objects.filter(pk=task.pk).update(proposed_coordinating_names=["Hội Nông dân thành phố"])
    _body, given = body_create_from_proposal(actor=staff, office=office, name="Hội Nông dân thành phố")
    task.refresh_from_db()
    assert given == 1
    assert task.lead_body.short_name == "UBND"
    assert [b.name for b in task.coordinating_bodies.all()] == ["Hội Nông dân thành phố"]
    assert task.proposed_coordinating_names == []


def test_it_refuses_every_review_change_once_published(draft, staff, office):
    draft_tasks_bulk_assign(
        actor=staff, tasks=list(draft.tasks.filter(lead_body__isnull=True)), lead_body=body(office, "BTC")
    )
    conclusion_publish(actor=staff, conclusion=draft)
    task = row(draft, 1)
    attempts = [
        lambda: draft_task_update(actor=staff, task=task, text="Khác"),
        lambda: draft_tasks_merge(actor=staff, tasks=[task, row(draft, 2)]),
        lambda: draft_task_split(actor=staff, task=task, at=5),
        lambda: draft_task_delete(actor=staff, task=task),
        lambda: draft_task_add(actor=staff, conclusion=draft, text="Thêm"),
        lambda: draft_tasks_bulk_assign(actor=staff, tasks=[task], deadline=dt.date(2027, 1, 1)),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError, match="đã được ban hành"):
            attempt()
    task.refresh_from_db()
    assert task.state == Task.State.OPEN and task.text.startswith("Giao UBND")
    assert draft.tasks.count() == 6


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.LIAISON])
def test_it_refuses_roles_other_than_office_staff(draft, role):
    user = UserFactory(office=draft.office, role=role)
    with pytest.raises(NotAllowed):
        draft_task_update(actor=user, task=row(draft, 1), text="Khác")
    with pytest.raises(NotAllowed):
        body_create_from_proposal(actor=user, office=draft.office, name="Ban Nội chính Thành ủy")
    assert row(draft, 1).text.startswith("Giao UBND")


def test_it_refuses_office_staff_of_another_office(draft):
    stranger = UserFactory(role=Role.OFFICE_STAFF)
    with pytest.raises(NotAllowed):
        draft_task_delete(actor=stranger, task=row(draft, 1))
    assert draft.tasks.count() == 6
