"""Screenshots of the main pages at phone (390 px) and desktop width, checked for sideways scrolling.

The pictures go to test-artifacts/screens-*.png for a person to look at; the test fails when a
page is wider than the phone's screen (a table or a long word that breaks the layout).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.conftest import ARTIFACTS_DIR
from tests.factories import ConclusionFactory, ExtensionFactory, MembershipFactory, OfficeFactory, UserFactory
from tests.tracker_web.conftest import task_make
from tracker.models import Task
from tracker.services.progress import progress_post

pytestmark = pytest.mark.browser

NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("pw-for-tests")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".userbox")).to_be_visible()


def check(page: Page, path: str, name: str) -> None:
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        expect(page.locator("main h1").first).to_be_visible()
        page.screenshot(path=ARTIFACTS_DIR / f"screens-{name}-{label}.png", full_page=True)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} at {width}px scrolls sideways ({scroll_width}px)"


def test_it_fits_the_main_pages_on_a_phone_and_a_desktop(browser, time_machine):
    time_machine.move_to(NOW, tick=True)
    office = OfficeFactory(name="Văn phòng Thành ủy Hòa Bình Xanh")
    conclusion = ConclusionFactory(office=office, number="28-KL/TU")
    membership = MembershipFactory(
        body__office=office,
        body__name="Ban Tuyên giáo Thành ủy",
        body__short_name="BTG",
        user__office=office,
        user__username="daumoi",
        user__full_name="Trần Văn Minh",
    )
    body, liaison = membership.body, membership.user
    other = MembershipFactory(
        body__office=office, body__name="Ủy ban nhân dân thành phố", body__short_name="UBND", user__office=office
    ).body
    UserFactory(office=office, role=Role.OFFICE_STAFF, username="vanphong", full_name="Nguyễn Thị Thu Hà")
    texts = [
        (
            "Đẩy nhanh tiến độ giải ngân vốn đầu tư công, phấn đấu đến hết năm giải ngân đạt trên 95% kế hoạch vốn được giao; xử lý dứt điểm vướng mắc giải phóng mặt bằng các dự án trọng điểm",
            dt.date(2026, 6, 20),
        ),
        (
            "Tổ chức tuyên truyền, quán triệt Nghị quyết Đại hội XIV của Đảng đến toàn thể cán bộ, đảng viên và Nhân dân",
            dt.date(2026, 7, 3),
        ),
        ("Rà soát, kiện toàn tổ chức bộ máy các cơ quan tham mưu, giúp việc Thành ủy", dt.date(2026, 9, 30)),
        ("Thường xuyên đối thoại với doanh nghiệp, tháo gỡ khó khăn trong sản xuất kinh doanh", None),
    ]
    tasks = [
        task_make(
            conclusion=conclusion,
            lead_body=body if i % 2 == 0 else other,
            coordinating_bodies=[other] if i % 2 == 0 else [body],
            text=text,
            deadline=deadline,
            recurring=deadline is None,
            heading="Về phát triển kinh tế - xã hội",
        )
        for i, (text, deadline) in enumerate(texts)
    ]
    progress_post(
        actor=liaison,
        task=tasks[0],
        done_text="Đã giải ngân 62% kế hoạch vốn; còn 3 dự án vướng mặt bằng",
        outcome_text="Hoàn thành bàn giao mặt bằng 2/5 dự án",
        percent=62,
    )
    ExtensionFactory(task=tasks[0], requested_by=liaison, reason="Chờ tỉnh phân bổ vốn bổ sung")
    Task.objects.filter(pk=tasks[2].pk).update(state=Task.State.AWAITING_CONFIRMATION)
    page = browser

    log_in(page, "vanphong")
    check(page, "/dashboard/", "dashboard")
    check(page, "/tasks/", "task-list")
    check(page, f"/tasks/{tasks[0].pk}/", "task-office")
    check(page, f"/tasks/{tasks[2].pk}/", "task-awaiting")
    check(page, f"/tasks/{tasks[0].pk}/edit/", "task-edit")
    check(page, "/bodies/", "bodies")

    log_in(page, "daumoi")
    check(page, "/my/", "liaison-home")
    check(page, f"/tasks/{tasks[1].pk}/", "task-liaison")
    check(page, "/my/update/", "bulk")
