"""The dashboard: five buckets with the overdue headline, short lists, per-body and per-conclusion tables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ConclusionFactory
from tests.tracker_web.conftest import page_text, task_make
from tracker.models import Task

pytestmark = pytest.mark.django_db


def dashboard_world(web, *, extra: int = 0) -> None:
    """Today is 1/7/2026: one task in each bucket, plus ``extra`` more overdue ones."""
    # web.task (deadline 31/12) and web.task_b (30/9): not done, within term.
    task_make(
        conclusion=web.conclusion,
        lead_body=web.body_a,
        text="Đã xong đúng hạn",
        deadline=dt.date(2026, 6, 30),
        state=Task.State.DONE,
        completed_on=dt.date(2026, 6, 20),
    )
    task_make(
        conclusion=web.conclusion,
        lead_body=web.body_b,
        text="Đã xong trễ hạn",
        deadline=dt.date(2026, 6, 1),
        state=Task.State.DONE,
        completed_on=dt.date(2026, 6, 15),
    )
    task_make(conclusion=web.conclusion, lead_body=web.body_b, text="Quá hạn chưa xong", deadline=dt.date(2026, 6, 10))
    task_make(
        conclusion=web.conclusion, lead_body=web.body_a, text="Sắp đến hạn nộp báo cáo", deadline=dt.date(2026, 7, 3)
    )
    task_make(
        conclusion=web.conclusion, lead_body=web.body_c, text="Thường xuyên chỉ đạo", deadline=None, recurring=True
    )
    task_make(conclusion=web.conclusion, lead_body=web.body_c, text="Tạm hoãn, không tính", state=Task.State.PAUSED)
    other = ConclusionFactory(office=web.office, number="31-KL/TU")
    for i in range(extra):
        task_make(
            conclusion=other,
            lead_body=(web.body_a, web.body_b, web.body_c)[i % 3],
            coordinating_bodies=[web.body_c] if i % 3 != 2 else [],
            text=f"Nhiệm vụ thêm {i}",
            deadline=dt.date(2026, 5, 1) + dt.timedelta(days=i % 40),
        )


def test_it_counts_each_bucket_and_shows_the_overdue_share(client, web):
    dashboard_world(web)
    client.force_login(web.staff)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    page = page_text(response)
    buckets = response.context["buckets"]
    assert {b["key"]: b["count"] for b in buckets} == {
        "done_on_time": 1,
        "done_late": 1,
        "not_done_within_term": 3,
        "not_done_overdue": 1,
        "ongoing": 1,
    }
    for label in (
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Chưa hoàn thành, trong hạn",
        "Chưa hoàn thành, quá hạn",
        "Thường xuyên / không hạn",
    ):
        assert label in page
    assert "14,29%" in page  # 1 of 7 tracked tasks overdue and not done
    assert "nhiệm vụ quá hạn chưa hoàn thành" in page
    assert "7 nhiệm vụ đang theo dõi" in page


def test_it_lists_overdue_and_due_soon_tasks_with_days(client, web):
    dashboard_world(web)
    client.force_login(web.staff)
    page = page_text(client.get(reverse("dashboard")))
    assert "Quá hạn chưa xong" in page
    assert "quá hạn 21 ngày" in page
    assert "Sắp đến hạn nộp báo cáo" in page
    assert "còn 2 ngày" in page
    assert "Tạm hoãn, không tính" not in page


def test_it_shows_the_per_body_and_per_conclusion_tables(client, web):
    dashboard_world(web)
    client.force_login(web.leader)
    response = client.get(reverse("dashboard"))
    page = page_text(response)
    rows = {r.name: r for r in response.context["summary"].bodies}
    assert rows["Ban Tuyên giáo Thành ủy"].tasks == 3
    assert rows["Ban Tổ chức Thành ủy"].overdue == 1
    assert "Theo cơ quan chủ trì" in page
    assert "Theo kết luận" in page
    assert "28-KL/TU" in page
    assert f"?body={web.body_a.pk}" in page


def test_it_shows_the_bodies_with_the_most_overdue_tasks_first_and_links_to_all(client, web, monkeypatch):
    monkeypatch.setattr("tracker.views.dashboard.BODY_ROWS", 2)
    dashboard_world(web, extra=5)
    client.force_login(web.staff)
    response = client.get(reverse("dashboard"))
    page = page_text(response)
    shown = [r.name for r in response.context["summary"].bodies]
    # Overdue (not done): B 1 + 2 extra, A 2 extra, C 1 extra; the counts stay exact.
    assert shown == ["Ban Tổ chức Thành ủy", "Ban Tuyên giáo Thành ủy"]
    assert [r.overdue for r in response.context["summary"].bodies] == [3, 2]
    assert "Ủy ban nhân dân thành phố</a>" not in page
    assert "2 cơ quan có nhiều nhiệm vụ quá hạn nhất, trong tổng số 3 cơ quan." in page
    assert "Xem tất cả 3 cơ quan" in page and 'href="?bodies=all#bodies"' in page
    # The buckets count every body, shown or not.
    assert response.context["summary"].buckets.total == 12
    response = client.get(reverse("dashboard"), {"bodies": "all"})
    page = page_text(response)
    assert len(response.context["summary"].bodies) == 3
    assert "Ủy ban nhân dân thành phố</a>" in page
    assert "Xem tất cả" not in page and "Chỉ hiện các cơ quan có nhiều nhiệm vụ quá hạn nhất" in page


def test_it_refuses_the_dashboard_to_a_liaison(client, web):
    client.force_login(web.liaison_a)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 403
    assert "Bạn không được thực hiện thao tác này" in page_text(response)


@pytest.mark.parametrize("tasks", [5, 150])
def test_it_uses_the_same_number_of_queries_for_5_and_150_tasks(client, web, tasks, django_assert_max_num_queries):
    bodies = (web.body_a, web.body_b, web.body_c)
    for i in range(tasks - 2):  # the fixture already has two tasks
        task_make(
            conclusion=web.conclusion if i % 2 else ConclusionFactory(office=web.office),
            lead_body=bodies[i % 3],
            coordinating_bodies=[bodies[(i + 1) % 3]],
            text=f"Nhiệm vụ {i}",
            deadline=dt.date(2026, 5, 1) + dt.timedelta(days=i % 90),
            state=(Task.State.OPEN, Task.State.DONE, Task.State.RETURNED)[i % 3],
            completed_on=dt.date(2026, 6, 1) if i % 3 == 1 else None,
        )
    client.force_login(web.staff)
    with django_assert_max_num_queries(DASHBOARD_QUERIES) as counted:
        response = client.get(reverse("dashboard"))
    assert response.context["summary"].buckets.total == tasks
    assert len(counted.captured_queries) == DASHBOARD_QUERIES


# Session, user, roles, the office (due-soon window) and memberships; then the selector's bucket
# aggregate, two short lists, per body, body names, per conclusion: the same whatever the task count.
DASHBOARD_QUERIES = 11
