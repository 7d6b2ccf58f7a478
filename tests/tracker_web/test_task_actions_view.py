"""The task page's forms: each posts to a view that calls one service; refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ExtensionFactory
from tests.tracker_web.conftest import page_text, pdf_upload
from tracker.models import AuditEvent, EvidenceFile, Extension, ProgressUpdate, Task
from tracker.services.tasks import conflict_message

pytestmark = pytest.mark.django_db


def post(client, name, task, data, **kwargs):
    return client.post(reverse(name, args=[task.pk]), data, **kwargs)


def test_it_saves_progress_with_a_file_from_the_lead_body(client, web):
    client.force_login(web.liaison_a)
    response = post(
        client,
        "task_progress",
        web.task,
        {
            "progress-version": web.task.version,
            "progress-done_text": "Đã tổ chức hội nghị triển khai",
            "progress-outcome_text": "Giải ngân đạt 45%",
            "progress-percent": "45",
            "progress-files": [pdf_upload()],
        },
        follow=True,
    )
    assert response.status_code == 200
    update = ProgressUpdate.objects.get(task=web.task)
    assert (update.body, update.author, update.percent) == (web.body_a, web.liaison_a, 45)
    assert EvidenceFile.objects.get(progress=update).original_name == "bao-cao.pdf"
    page = page_text(response)
    assert "Đã lưu tiến độ." in page
    assert "Đã tổ chức hội nghị triển khai" in page
    assert "bao-cao.pdf" in page


def test_it_lets_a_coordinating_body_post_progress_but_not_propose_completion(client, web):
    client.force_login(web.liaison_c)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Cập nhật tiến độ" in page
    assert reverse("task_propose", args=[web.task.pk]) not in page
    response = post(
        client,
        "task_propose",
        web.task,
        {
            "propose-version": web.task.version,
            "propose-done_text": "Xong",
            "propose-outcome_text": "Xong",
            "propose-files": [pdf_upload()],
        },
    )
    assert response.status_code == 403
    assert "Bạn không có quyền" in page_text(response)
    assert Task.objects.get(pk=web.task.pk).state == Task.State.OPEN
    assert not ProgressUpdate.objects.exists()


def test_it_keeps_the_text_and_shows_why_when_a_file_type_is_refused(client, web):
    client.force_login(web.liaison_a)
    response = post(
        client,
        "task_progress",
        web.task,
        {
            "progress-version": web.task.version,
            "progress-done_text": "Đã làm việc với các xã",
            "progress-files": [pdf_upload("virus.exe", b"MZ")],
        },
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "virus.exe" in page
    assert "Đã làm việc với các xã" in page  # what the liaison typed is kept
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_it_asks_for_what_was_done_in_vietnamese(client, web):
    client.force_login(web.liaison_a)
    response = post(client, "task_progress", web.task, {"progress-version": web.task.version})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in page_text(response)
    assert not ProgressUpdate.objects.exists()


def propose(client, web, **extra):
    data = {
        "propose-version": Task.objects.get(pk=web.task.pk).version,
        "propose-done_text": "Đã hoàn thành giải ngân",
        "propose-outcome_text": "Giải ngân đạt 100% kế hoạch vốn",
        "propose-files": [pdf_upload("ket-qua.pdf")],
        **extra,
    }
    return post(client, "task_propose", web.task, data, follow=True)


def test_it_moves_the_task_to_awaiting_confirmation_when_the_lead_body_proposes(client, web):
    client.force_login(web.liaison_a)
    response = propose(client, web)
    task = Task.objects.get(pk=web.task.pk)
    assert task.state == Task.State.AWAITING_CONFIRMATION
    assert ProgressUpdate.objects.get(task=task).kind == ProgressUpdate.Kind.COMPLETION
    page = page_text(response)
    assert "Đã đề nghị công nhận hoàn thành" in page
    assert "Chờ xác nhận hoàn thành" in page


def test_it_refuses_a_completion_without_evidence_and_keeps_the_task_open(client, web):
    client.force_login(web.liaison_a)
    response = propose(client, web, **{"propose-files": []})
    assert response.status_code == 400
    assert "Cần đính kèm ít nhất một tệp minh chứng" in page_text(response)
    assert Task.objects.get(pk=web.task.pk).state == Task.State.OPEN
    assert not ProgressUpdate.objects.exists()


def test_it_lets_the_office_confirm_and_records_the_day_it_was_done(client, web):
    client.force_login(web.liaison_a)
    propose(client, web)
    client.force_login(web.staff)
    task = Task.objects.get(pk=web.task.pk)
    response = post(client, "task_confirm", task, {"confirm-version": task.version}, follow=True)
    task.refresh_from_db()
    assert task.state == Task.State.DONE
    assert task.completed_on == dt.date(2026, 7, 1)
    page = page_text(response)
    assert "Đã xác nhận hoàn thành." in page
    assert AuditEvent.objects.filter(task=task, action="completion_confirmed", actor=web.staff).exists()


def test_it_returns_a_completion_with_a_reason_the_liaison_then_reads(client, web):
    client.force_login(web.liaison_a)
    propose(client, web)
    client.force_login(web.staff)
    task = Task.objects.get(pk=web.task.pk)
    post(
        client,
        "task_return",
        task,
        {"return-version": task.version, "return-reason": "Thiếu biên bản nghiệm thu"},
    )
    task.refresh_from_db()
    assert task.state == Task.State.RETURNED
    client.force_login(web.liaison_a)
    page = page_text(client.get(reverse("task_detail", args=[task.pk])))
    assert "Trả lại, thực hiện lại" in page
    assert "Thiếu biên bản nghiệm thu" in page


def test_it_refuses_a_return_without_a_reason(client, web):
    client.force_login(web.liaison_a)
    propose(client, web)
    client.force_login(web.staff)
    task = Task.objects.get(pk=web.task.pk)
    response = post(client, "task_return", task, {"return-version": task.version, "return-reason": ""})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in page_text(response)
    assert Task.objects.get(pk=task.pk).state == Task.State.AWAITING_CONFIRMATION


def test_it_gives_the_second_writer_the_conflict_message_and_changes_nothing(client, web):
    client.force_login(web.liaison_a)
    propose(client, web)
    task = Task.objects.get(pk=web.task.pk)
    stale_version = task.version
    client.force_login(web.staff)
    post(client, "task_confirm", task, {"confirm-version": stale_version})
    done = Task.objects.get(pk=task.pk)
    assert done.state == Task.State.DONE
    # A second member of staff, with the page loaded before the confirmation, returns it.
    response = post(client, "task_return", task, {"return-version": stale_version, "return-reason": "Chưa đạt yêu cầu"})
    assert response.status_code == 409
    with translation.override("vi"):
        expected = conflict_message()
    assert expected in page_text(response)
    assert (
        expected
        != "This task was updated by someone else while you were viewing it. Reload the page to see the latest changes, then try again."
    )
    after = Task.objects.get(pk=task.pk)
    assert (after.state, after.version) == (Task.State.DONE, done.version)


def test_it_sends_an_extension_request_and_the_office_approves_it(client, web):
    client.force_login(web.liaison_a)
    response = post(
        client,
        "task_extension_request",
        web.task,
        {
            "extension-version": web.task.version,
            "extension-requested_deadline": "2027-03-31",
            "extension-reason": "Chờ phân bổ vốn của tỉnh",
        },
        follow=True,
    )
    assert "Đã gửi đề nghị gia hạn" in page_text(response)
    extension = Extension.objects.get(task=web.task)
    assert extension.state == Extension.State.PENDING
    client.force_login(web.staff)
    page = page_text(client.get(reverse("task_detail", args=[web.task.pk])))
    assert "Chờ phân bổ vốn của tỉnh" in page
    assert "31/03/2027" in page
    task = Task.objects.get(pk=web.task.pk)
    response = post(
        client,
        "task_extension_decide",
        task,
        {"decide-version": task.version, "decide-extension": extension.pk, "decide-decision": "approve"},
        follow=True,
    )
    assert "Đã quyết định về đề nghị gia hạn." in page_text(response)
    task.refresh_from_db()
    assert task.deadline == dt.date(2027, 3, 31)
    assert task.original_deadline == dt.date(2026, 12, 31)
    assert "Thời hạn ban đầu: 31/12/2026 (đã gia hạn)" in page_text(response)


def test_it_refuses_a_rejection_without_a_note(client, web):
    extension = ExtensionFactory(task=web.task, requested_by=web.liaison_a)
    client.force_login(web.staff)
    response = post(
        client,
        "task_extension_decide",
        web.task,
        {"decide-version": web.task.version, "decide-extension": extension.pk, "decide-decision": "reject"},
    )
    assert response.status_code == 400
    extension.refresh_from_db()
    assert extension.state == Extension.State.PENDING
    assert Task.objects.get(pk=web.task.pk).deadline == dt.date(2026, 12, 31)


def test_it_pauses_resumes_and_cancels_with_reasons(client, web):
    client.force_login(web.staff)
    task = web.task
    post(client, "task_pause", task, {"pause-version": task.version, "pause-reason": "Chờ chủ trương mới"})
    task.refresh_from_db()
    assert task.state == Task.State.PAUSED
    post(client, "task_resume", task, {"resume-version": task.version, "resume-reason": ""})
    task.refresh_from_db()
    assert task.state == Task.State.OPEN
    response = post(
        client, "task_cancel", task, {"cancel-version": task.version, "cancel-reason": "Không còn phù hợp"}, follow=True
    )
    task.refresh_from_db()
    assert task.state == Task.State.CANCELLED
    page = page_text(response)
    assert "Đã hủy nhiệm vụ." in page
    assert "Không còn phù hợp" in page


def test_it_refuses_to_resume_an_open_task(client, web):
    client.force_login(web.staff)
    response = post(client, "task_resume", web.task, {"resume-version": web.task.version})
    assert response.status_code == 400
    assert "Chỉ tiếp tục được nhiệm vụ đang tạm hoãn." in page_text(response)
    assert Task.objects.get(pk=web.task.pk).state == Task.State.OPEN


def test_it_lets_the_office_edit_text_bodies_and_deadline(client, web):
    client.force_login(web.staff)
    page = page_text(client.get(reverse("task_edit", args=[web.task.pk])))
    assert "Sửa nhiệm vụ" in page
    response = client.post(
        reverse("task_edit", args=[web.task.pk]),
        {
            "edit-version": web.task.version,
            "edit-heading": "Về phát triển kinh tế",
            "edit-text": "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026",
            "edit-lead_body": web.body_b.pk,
            "edit-coordinating_bodies": [web.body_a.pk],
            "edit-deadline": "2026-11-30",
            "edit-reason": "Theo chỉ đạo của Thường trực",
        },
        follow=True,
    )
    assert "Đã lưu nhiệm vụ." in page_text(response)
    task = Task.objects.get(pk=web.task.pk)
    assert task.text.endswith("năm 2026")
    assert task.lead_body == web.body_b
    assert list(task.coordinating_bodies.all()) == [web.body_a]
    assert task.deadline == dt.date(2026, 11, 30)
    assert AuditEvent.objects.filter(task=task, action="task_updated", field="lead_body").exists()


def test_it_refuses_an_edit_that_makes_the_lead_body_coordinate(client, web):
    client.force_login(web.staff)
    response = client.post(
        reverse("task_edit", args=[web.task.pk]),
        {
            "edit-version": web.task.version,
            "edit-text": "Nội dung mới",
            "edit-lead_body": web.body_a.pk,
            "edit-coordinating_bodies": [web.body_a.pk],
        },
    )
    assert response.status_code == 400
    assert "Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp." in page_text(response)
    assert Task.objects.get(pk=web.task.pk).text == "Đẩy nhanh tiến độ giải ngân vốn đầu tư công"
