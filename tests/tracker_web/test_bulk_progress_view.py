"""Bulk update: one screen for all of a liaison's open tasks; empty rows skipped; all rows or none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.tracker_web.conftest import page_text, pdf_upload, task_make
from tracker.models import EvidenceFile, ProgressUpdate, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(web):
    second = task_make(conclusion=web.conclusion, lead_body=web.body_a, text="Tổ chức tuyên truyền Nghị quyết")
    third = task_make(
        conclusion=web.conclusion,
        lead_body=web.body_b,
        coordinating_bodies=[web.body_a],
        text="Phối hợp rà soát cán bộ",
    )
    closed = task_make(conclusion=web.conclusion, lead_body=web.body_a, text="Việc đã xong", state=Task.State.DONE)
    return [web.task, second, third, closed]


def form_data(tasks, texts):
    data = {}
    for task in tasks:
        data[f"version-{task.pk}"] = task.version
        data[f"done-{task.pk}"] = texts.get(task.pk, "")
    return data


def test_it_shows_one_textarea_per_open_task_of_the_liaisons_bodies(client, web, tasks):
    client.force_login(web.liaison_a)
    response = client.get(reverse("bulk_progress"))
    page = page_text(response)
    assert response.status_code == 200
    assert "Cập nhật tiến độ tất cả nhiệm vụ" in page
    for task in tasks[:3]:
        assert f'name="done-{task.pk}"' in page
    assert f'name="done-{tasks[3].pk}"' not in page  # done tasks are not updated
    assert f'name="done-{web.task_b.pk}"' not in page  # another body's task


def test_it_saves_the_filled_rows_and_skips_the_empty_ones(client, web, tasks):
    client.force_login(web.liaison_a)
    data = form_data(tasks[:3], {tasks[0].pk: "Đã giải ngân 60%", tasks[2].pk: "Đã gửi danh sách cán bộ"})
    data[f"percent-{tasks[0].pk}"] = "60"
    data[f"files-{tasks[2].pk}"] = [pdf_upload("danh-sach.pdf")]
    response = client.post(reverse("bulk_progress"), data, follow=True)
    assert response.status_code == 200
    assert "Đã lưu tiến độ của 2 nhiệm vụ." in page_text(response)
    saved = {u.task_id: u for u in ProgressUpdate.objects.all()}
    assert set(saved) == {tasks[0].pk, tasks[2].pk}
    assert saved[tasks[0].pk].percent == 60
    assert saved[tasks[2].pk].body == web.body_a  # A coordinates the third task
    assert EvidenceFile.objects.get().progress == saved[tasks[2].pk]


def test_it_saves_nothing_and_marks_the_row_when_one_row_is_wrong(client, web, tasks):
    client.force_login(web.liaison_a)
    data = form_data(tasks[:3], {tasks[0].pk: "Đã giải ngân 60%", tasks[1].pk: "Đã tổ chức hội nghị"})
    data[f"percent-{tasks[1].pk}"] = "150"
    response = client.post(reverse("bulk_progress"), data)
    assert response.status_code == 400
    page = page_text(response)
    assert not ProgressUpdate.objects.exists()
    assert "Chưa lưu gì" in page
    assert "Tỷ lệ hoàn thành phải từ 0 đến 100." in page
    assert "Đã giải ngân 60%" in page  # what was typed is kept
    row = page[page.index(f'id="row-{tasks[1].pk}"') : page.index(f'id="row-{tasks[2].pk}"')]
    assert "has-error" in page[page.index(f'id="row-{tasks[1].pk}"') - 60 : page.index(f'id="row-{tasks[1].pk}"')]
    assert "Tỷ lệ hoàn thành phải từ 0 đến 100." in row


def test_it_refuses_a_bad_file_on_one_row_and_saves_no_row(client, web, tasks):
    client.force_login(web.liaison_a)
    data = form_data(tasks[:3], {tasks[0].pk: "Đã giải ngân", tasks[1].pk: "Đã tuyên truyền"})
    data[f"files-{tasks[1].pk}"] = [pdf_upload("macro.exe", b"MZ")]
    response = client.post(reverse("bulk_progress"), data)
    assert response.status_code == 400
    assert "macro.exe" in page_text(response)
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_it_reports_a_task_changed_meanwhile_and_saves_nothing(client, web, tasks):
    client.force_login(web.liaison_a)
    data = form_data(tasks[:3], {tasks[0].pk: "Đã giải ngân", tasks[1].pk: "Đã tuyên truyền"})
    Task.objects.filter(pk=tasks[1].pk).update(version=tasks[1].version + 1)
    response = client.post(reverse("bulk_progress"), data)
    assert response.status_code == 409
    assert not ProgressUpdate.objects.exists()
    assert "Chưa lưu gì" in page_text(response)


def test_it_asks_for_at_least_one_row(client, web, tasks):
    client.force_login(web.liaison_a)
    response = client.post(reverse("bulk_progress"), form_data(tasks[:3], {}))
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()


def test_it_is_a_liaison_screen_only(client, web, tasks):
    client.force_login(web.staff)
    response = client.post(reverse("bulk_progress"), form_data(tasks[:1], {tasks[0].pk: "Thử"}))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()
