"""The task page: what it shows each role, its timeline, and the forms each role gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ExtensionFactory, ProgressUpdateFactory
from tests.tracker_web.conftest import page_text
from tracker.models import Task
from tracker.services.tasks import task_update

pytestmark = pytest.mark.django_db


def test_it_shows_the_text_heading_bodies_deadline_and_state(client, web):
    client.force_login(web.staff)
    response = client.get(reverse("task_detail", args=[web.task.pk]))
    page = page_text(response)
    assert response.status_code == 200
    assert "Đẩy nhanh tiến độ giải ngân vốn đầu tư công" in page
    assert "Về phát triển kinh tế" in page
    assert "Ban Tuyên giáo Thành ủy" in page  # lead
    assert "Ủy ban nhân dân thành phố" in page  # coordinating
    assert "31/12/2026" in page
    assert "Đang thực hiện" in page
    assert "Trong hạn" in page
    assert "28-KL/TU" in page


def test_it_shows_progress_with_its_evidence_link_in_the_timeline(client, web):
    update = ProgressUpdateFactory(task=web.task, author=web.liaison_a, done_text="Đã ban hành kế hoạch số 12")
    client.force_login(web.liaison_c)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Đã ban hành kế hoạch số 12" in page
    assert "Ban hành kế hoạch thực hiện" in page  # outcome
    assert "BTG" in page
    assert update.author.get_full_name() in page


def test_it_offers_the_lead_body_progress_completion_and_extension(client, web):
    client.force_login(web.liaison_a)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    for name in ("task_progress", "task_propose", "task_extension_request"):
        assert reverse(name, args=[web.task.pk]) in page
    for name in ("task_confirm", "task_pause", "task_cancel", "task_edit"):
        assert reverse(name, args=[web.task.pk]) not in page
    assert 'name="progress-version" value="1"' in page


def test_it_offers_the_office_confirm_and_return_only_when_completion_is_proposed(client, web):
    client.force_login(web.staff)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert reverse("task_confirm", args=[web.task.pk]) not in page
    assert reverse("task_pause", args=[web.task.pk]) in page
    assert reverse("task_edit", args=[web.task.pk]) in page
    Task.objects.filter(pk=web.task.pk).update(state=Task.State.AWAITING_CONFIRMATION)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Xác nhận hoàn thành" in page
    assert reverse("task_confirm", args=[web.task.pk]) in page
    assert reverse("task_return", args=[web.task.pk]) in page
    assert reverse("task_progress", args=[web.task.pk]) not in page


def test_it_shows_readers_no_form_at_all(client, web):
    for reader in (web.leader, web.inspector):
        client.force_login(reader)
        page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
        assert "Đẩy nhanh tiến độ" in page
        assert 'method="post" action="/tasks/' not in page


def test_it_shows_the_inspector_the_edit_history_but_not_the_liaison(client, web):
    task_update(actor=web.staff, task=web.task, deadline=dt.date(2026, 10, 31), note="Theo Kết luận mới")
    client.force_login(web.inspector)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Diễn biến và lịch sử thay đổi" in page
    assert "Sửa nhiệm vụ" in page
    assert "31/12/2026" in page and "31/10/2026" in page
    assert "Theo Kết luận mới" in page
    client.force_login(web.liaison_a)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Theo Kết luận mới" not in page
    assert "lịch sử thay đổi" not in page


def test_it_shows_a_pending_extension_with_the_decision_form_to_the_office(client, web):
    ExtensionFactory(task=web.task, requested_by=web.liaison_a, reason="Chờ ý kiến của tỉnh")
    client.force_login(web.staff)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Đề nghị gia hạn" in page
    assert "Chờ ý kiến của tỉnh" in page
    assert reverse("task_extension_decide", args=[web.task.pk]) in page
    client.force_login(web.liaison_a)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    # One pending request at a time: no second request form while the first waits.
    assert reverse("task_extension_request", args=[web.task.pk]) not in page
    assert reverse("task_extension_decide", args=[web.task.pk]) not in page


def test_it_answers_404_for_a_task_of_another_body_or_office(client, web):
    client.force_login(web.liaison_b)
    assert client.get(reverse("task_detail", args=[web.task.pk])).status_code == 404
    client.force_login(web.outsider_staff)
    assert client.get(reverse("task_detail", args=[web.task.pk])).status_code == 404
    client.force_login(web.staff)
    assert client.get(reverse("task_detail", args=[999999])).status_code == 404


def test_it_reads_the_page_in_a_constant_number_of_queries(client, web, django_assert_max_num_queries):
    for i in range(3):
        ProgressUpdateFactory(task=web.task, author=web.liaison_a, done_text=f"Lần {i}")
    client.force_login(web.inspector)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("task_detail", args=[web.task.pk]))
    for i in range(30):
        ProgressUpdateFactory(task=web.task, author=web.liaison_a, done_text=f"Thêm {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("task_detail", args=[web.task.pk]))
