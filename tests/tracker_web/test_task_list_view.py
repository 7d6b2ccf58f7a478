"""The task list: filters, accent-blind search, 50 per page, a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ConclusionFactory
from tests.tracker_web.conftest import page_text, task_make
from tracker.models import Task

pytestmark = pytest.mark.django_db


def listing(client, **params):
    response = client.get(reverse("task_list"), params)
    assert response.status_code == 200
    return page_text(response)


def test_it_lists_the_office_tasks_for_staff_in_vietnamese(client, web):
    client.force_login(web.staff)
    page = listing(client)
    assert "Đẩy nhanh tiến độ giải ngân vốn đầu tư công" in page
    assert "Kiện toàn tổ chức bộ máy" in page
    assert "2 nhiệm vụ" in page
    assert "Cơ quan chủ trì" in page


def test_it_finds_tien_do_without_diacritics(client, web):
    client.force_login(web.staff)
    page = listing(client, q="tien do giai ngan")
    assert "Đẩy nhanh tiến độ giải ngân" in page
    assert "Kiện toàn tổ chức" not in page
    page = listing(client, q="TIẾN ĐỘ")
    assert "Đẩy nhanh tiến độ giải ngân" in page


def test_it_filters_by_body_including_coordinating_bodies(client, web):
    client.force_login(web.staff)
    page = listing(client, body=web.body_c.pk)
    assert "Đẩy nhanh tiến độ" in page
    assert "Kiện toàn tổ chức" not in page


def test_it_filters_by_state_time_class_heading_conclusion_and_deadline_range(client, web):
    overdue = task_make(
        conclusion=ConclusionFactory(office=web.office, number="99-KL/TU"),
        lead_body=web.body_a,
        text="Hoàn thành quy hoạch chung đô thị",
        heading="Về quy hoạch",
        deadline=dt.date(2026, 6, 1),
    )
    Task.objects.filter(pk=web.task_b.pk).update(state=Task.State.RETURNED)
    client.force_login(web.staff)
    page = listing(client, time_class="overdue")
    assert "Hoàn thành quy hoạch chung" in page and "Đẩy nhanh" not in page
    page = listing(client, state="returned")
    assert "Kiện toàn tổ chức" in page and "Đẩy nhanh" not in page
    page = listing(client, heading="Về quy hoạch")
    assert "Hoàn thành quy hoạch chung" in page and "Kiện toàn" not in page
    page = listing(client, conclusion=overdue.conclusion_id)
    assert "Hoàn thành quy hoạch chung" in page and "Đẩy nhanh" not in page
    page = listing(client, deadline_from="2026-09-01", deadline_to="2026-10-31")
    assert "Kiện toàn tổ chức" in page and "Đẩy nhanh" not in page and "quy hoạch chung" not in page
    assert "Quá hạn" in listing(client)


def test_it_shows_a_liaison_only_their_bodies_tasks(client, web):
    client.force_login(web.liaison_c)
    page = listing(client)
    assert "Đẩy nhanh tiến độ" in page  # C coordinates it
    assert "Kiện toàn tổ chức" not in page
    client.force_login(web.liaison_b)
    page = listing(client)
    assert "Kiện toàn tổ chức" in page
    assert "Đẩy nhanh tiến độ" not in page


def test_it_hides_draft_tasks_from_leaders(client, web):
    Task.objects.filter(pk=web.task_b.pk).update(state=Task.State.DRAFT)
    client.force_login(web.leader)
    assert "Kiện toàn tổ chức" not in listing(client)


def test_it_pages_by_fifty(client, web):
    for i in range(60):
        task_make(
            conclusion=web.conclusion,
            lead_body=web.body_a,
            text=f"Nhiệm vụ phân trang số {i:03d}",
            deadline=dt.date(2027, 1, 1),
        )
    client.force_login(web.staff)
    page = listing(client, q="phan trang")
    assert page.count('class="task-link"') == 50
    assert "Trang 1/2" in page
    page = listing(client, q="phan trang", page=2)
    assert page.count('class="task-link"') == 10
    assert "q=phan+trang&amp;page=1" in page


def test_it_runs_a_constant_number_of_queries_per_page(client, web, django_assert_max_num_queries):
    client.force_login(web.staff)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("task_list"))
    for i in range(80):
        task_make(
            conclusion=web.conclusion,
            lead_body=web.body_a if i % 2 else web.body_b,
            coordinating_bodies=[web.body_c],
            text=f"Nhiệm vụ {i}",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("task_list"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("task_list"), {"page": 2, "q": "nhiem vu"})
