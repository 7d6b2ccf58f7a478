"""A liaison's home: their bodies' tasks, what is overdue or due soon, what needs an update."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.tracker_web.conftest import page_text, task_make
from tracker.models import Task
from tracker.services.progress import progress_post

pytestmark = pytest.mark.django_db


def test_it_lists_the_liaisons_tasks_by_what_needs_doing(client, web):
    task_make(
        conclusion=web.conclusion, lead_body=web.body_a, text="Báo cáo sơ kết quá hạn", deadline=dt.date(2026, 6, 20)
    )
    task_make(
        conclusion=web.conclusion,
        lead_body=web.body_a,
        text="Tổng hợp ý kiến sắp đến hạn",
        deadline=dt.date(2026, 7, 2),
    )
    task_make(conclusion=web.conclusion, lead_body=web.body_a, text="Nhiệm vụ bị trả lại", state=Task.State.RETURNED)
    task_make(
        conclusion=web.conclusion, lead_body=web.body_b, text="Việc của Ban Tổ chức", deadline=dt.date(2026, 6, 20)
    )
    client.force_login(web.liaison_a)
    response = client.get(reverse("liaison_home"))
    assert response.status_code == 200
    page = page_text(response)
    assert "Ban Tuyên giáo Thành ủy" in page
    overdue = page[page.index('id="overdue"') :]
    assert "Báo cáo sơ kết quá hạn" in overdue
    assert "Tổng hợp ý kiến sắp đến hạn" in page[page.index('id="due-soon"') :]
    assert "Nhiệm vụ bị trả lại" in page[page.index('id="returned"') :]
    assert "Việc của Ban Tổ chức" not in page
    assert "Cập nhật tất cả nhiệm vụ trên một màn hình" in page
    assert response.context["home"].counts["overdue"] == 1


def test_it_stops_asking_for_an_update_once_the_body_has_reported(client, web):
    client.force_login(web.liaison_a)
    page = page_text(client.get(reverse("liaison_home")))
    assert "Cần cập nhật" in page
    assert "Đẩy nhanh tiến độ giải ngân" in page[page.index('id="needs-update"') :]
    progress_post(actor=web.liaison_a, task=web.task, done_text="Đã làm việc với chủ đầu tư")
    response = client.get(reverse("liaison_home"))
    assert response.context["home"].counts["needs_update"] == 0
    assert 'id="needs-update"' not in page_text(response)


def test_it_shows_a_coordinating_body_the_task_it_coordinates(client, web):
    client.force_login(web.liaison_c)
    page = page_text(client.get(reverse("liaison_home")))
    assert "Đẩy nhanh tiến độ giải ngân" in page
    assert "Kiện toàn tổ chức" not in page


def test_it_is_a_liaison_page_only(client, web):
    client.force_login(web.staff)
    assert client.get(reverse("liaison_home")).status_code == 403
