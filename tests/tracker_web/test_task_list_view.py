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


def test_it_matches_the_heading_as_free_text_without_diacritics(client, web):
    # The text of this task says "kinh tế" but its heading does not: the heading filter ignores it.
    task_make(
        conclusion=web.conclusion,
        lead_body=web.body_b,
        heading="Về văn hóa - xã hội",
        text="Lồng ghép phát triển kinh tế với văn hóa",
    )
    client.force_login(web.staff)
    page = listing(client, heading="kinh te")
    assert "Đẩy nhanh tiến độ giải ngân" in page
    assert "Lồng ghép phát triển" not in page and "Kiện toàn tổ chức" not in page
    assert "1 nhiệm vụ" in page
    page = listing(client, heading="XÂY DỰNG đảng")
    assert "Kiện toàn tổ chức" in page and "Đẩy nhanh" not in page
    assert "Không có nhiệm vụ" in listing(client, heading="an ninh quoc phong")
    # The field is free text with the headings as suggestions, not a select of every heading.
    page = listing(client)
    assert 'name="heading" ' in page and 'list="heading-suggestions"' in page
    assert '<option value="Về phát triển kinh tế">' in page


def test_it_offers_recent_conclusions_and_finds_older_ones_by_number(client, web, monkeypatch):
    monkeypatch.setattr("tracker.views.tasks.RECENT_CONCLUSIONS", 2)
    old = ConclusionFactory(office=web.office, number="05-KL/TU", meeting_date=dt.date(2021, 3, 1))
    task_make(conclusion=old, lead_body=web.body_a, text="Rà soát quy chế làm việc khóa cũ")
    for day in (10, 20):
        ConclusionFactory(office=web.office, number=f"{day}-KL/TU", meeting_date=dt.date(2026, 8, day))
    client.force_login(web.staff)
    page = listing(client)
    assert ">20-KL/TU</option>" in page and ">10-KL/TU</option>" in page
    assert "05-KL/TU</option>" not in page and "28-KL/TU</option>" not in page  # older than the two most recent
    # An older conclusion by its number (case ignored) or by the dashboard's ?conclusion= link.
    page = listing(client, conclusion_q="05-kl")
    assert "Rà soát quy chế" in page and "Đẩy nhanh" not in page
    page = listing(client, conclusion=old.pk)
    assert "Rà soát quy chế" in page and "Đẩy nhanh" not in page
    assert f'<option value="{old.pk}" selected>05-KL/TU</option>' in page
    # Another office's conclusion is not a valid choice: the filter is dropped, nothing leaks.
    foreign = ConclusionFactory(number="99-KL/KHAC")
    page = listing(client, conclusion=foreign.pk)
    assert "Đẩy nhanh" in page and "99-KL/KHAC" not in page


def test_it_keeps_the_chosen_body_selected(client, web):
    client.force_login(web.staff)
    page = listing(client, body=web.body_b.pk)
    assert f'<option value="{web.body_b.pk}" selected>BTC</option>' in page
    assert f'<option value="{web.body_a.pk}">BTG</option>' in page
    assert "Kiện toàn tổ chức" in page and "Đẩy nhanh" not in page


def test_it_caps_the_count_and_says_there_are_more(client, web, monkeypatch):
    monkeypatch.setattr("tracker.selectors.paging.CappedPaginator.cap", 3)
    monkeypatch.setattr("tracker.views.tasks.TASKS_PER_PAGE", 2)
    for i in range(4):
        task_make(conclusion=web.conclusion, lead_body=web.body_a, text=f"Nhiệm vụ đếm giới hạn {i}")
    client.force_login(web.staff)
    page = listing(client)
    assert "hơn 3 nhiệm vụ" in page and "thu hẹp bộ lọc" in page
    assert "Trang 1/hơn 2" in page
    # A narrower filter under the cap is counted exactly.
    page = listing(client, body=web.body_b.pk)
    assert "1 nhiệm vụ" in page and "hơn" not in page.split("nhiệm vụ")[0][-20:]


def test_it_writes_more_than_ten_thousand_with_a_vietnamese_separator(client, web, monkeypatch):
    monkeypatch.setattr("tracker.selectors.paging.CappedPaginator.counted", property(lambda self: 10_001))
    client.force_login(web.staff)
    assert "hơn 10.000 nhiệm vụ" in listing(client)


def test_it_filters_by_heading_and_conclusion_number_in_constant_queries(client, web, django_assert_max_num_queries):
    client.force_login(web.staff)
    params = {"heading": "kinh te", "conclusion_q": "28-KL", "q": "giai ngan"}
    with django_assert_max_num_queries(30) as small:
        assert "Đẩy nhanh tiến độ" in page_text(client.get(reverse("task_list"), params))
    for i in range(40):
        task_make(
            conclusion=web.conclusion if i % 2 else ConclusionFactory(office=web.office, number=f"28-KL/TU-{i}"),
            lead_body=web.body_a,
            coordinating_bodies=[web.body_b, web.body_c],
            heading=f"Về phát triển kinh tế vùng {i}",
            text=f"Giải ngân vốn dự án {i}",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Giải ngân vốn dự án 39" in page_text(client.get(reverse("task_list"), params))
