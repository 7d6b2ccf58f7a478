"""In a real browser: upload a conclusion, review it (edit a row, bulk-assign), publish it.

Screenshots of each step, on a desktop and on a phone, go to test-artifacts/import-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from conclusions.models import Conclusion
from tests.conftest import ARTIFACTS_DIR
from tests.factories import BodyFactory, OfficeFactory, UserFactory
from tests.imports.conftest import DIRECTORY, SAMPLE
from tracker.models import Body, Task

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-thu-nghiem-42"


def shot(page: Page, name: str) -> None:
    # From the top: a full-page shot taken mid-scroll draws sticky panes where the scroll left them.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=ARTIFACTS_DIR / f"import-{name}.png", full_page=True)


def row(page: Page, task: Task):
    return page.locator(f"#task-{task.pk}")


def test_it_uploads_reviews_and_publishes_in_a_browser(browser, tmp_path):
    office = OfficeFactory(name="Văn phòng Thành ủy Hòa Bình Xanh", place_name="Hòa Bình Xanh")
    for position, (name, short, aliases) in enumerate(DIRECTORY):
        BodyFactory(office=office, name=name, short_name=short, aliases=aliases, position=position)
    staff = UserFactory(office=office, role=Role.OFFICE_STAFF, username="vanphong", password=PASSWORD)
    document = tmp_path / "Kết luận hội nghị lần thứ 5.txt"
    document.write_text(SAMPLE, encoding="utf-8")
    page = browser
    page.set_viewport_size({"width": 1400, "height": 900})

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("vanphong")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    # Upload.
    page.goto("/conclusions/")
    expect(page.get_by_role("heading", name="Nhập kết luận")).to_be_visible()
    shot(page, "01-list-empty")
    page.locator("input[type=file]").set_input_files(str(document))
    page.get_by_role("button", name="Tải lên và đọc").click()
    expect(page).to_have_url(re.compile(r"/conclusions/\d+/review/$"))
    expect(page.locator(".messages")).to_contain_text("Đã nhập 6 nhiệm vụ")
    conclusion = Conclusion.objects.get()
    tasks = {t.order: t for t in conclusion.tasks.all()}
    expect(page.locator(".doc-text")).to_contain_text("Ngày 5 tháng 7 năm 2026")
    expect(page.locator("article.task-row.flagged")).to_have_count(2)
    expect(row(page, tasks[4])).to_contain_text("Căn cứ: theo quy tắc chủ đề: kiểm tra, giám sát")
    expect(row(page, tasks[1])).to_contain_text("Căn cứ: nêu rõ trong nhiệm vụ: “xong trong tháng 9/2026”")
    # Two columns on a desktop: the document beside the list.
    doc_box = page.locator(".doc-pane").bounding_box()
    list_box = page.locator(".tasks-pane").bounding_box()
    assert doc_box and list_box and doc_box["x"] + doc_box["width"] <= list_box["x"]
    shot(page, "02-review")

    # Edit row 3: better text and its lead body.
    third = row(page, tasks[3])
    third.locator("summary", has_text="Sửa").click()
    third.locator("textarea[name=text]").fill("Tập trung chỉ đạo hoàn thành các mục tiêu kinh tế - xã hội năm 2026.")
    third.locator("select[name=lead_body]").select_option(label="Ủy ban nhân dân thành phố")
    shot(page, "03-edit-open")
    third.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nhiệm vụ #3.")
    expect(row(page, tasks[3])).to_contain_text("mục tiêu kinh tế - xã hội năm 2026")
    expect(row(page, tasks[3])).to_contain_text("Căn cứ: do Văn phòng chọn")
    expect(page.locator("article.task-row.flagged")).to_have_count(1)

    # Bulk-assign: tick rows 5 and 6, give them Ban Tổ chức and a deadline.
    row(page, tasks[5]).locator("input[name=tasks]").check()
    row(page, tasks[6]).locator("input[name=tasks]").check()
    page.locator("#bulk-lead").select_option(label="Ban Tổ chức Thành ủy")
    page.locator("#bulk-deadline").fill("2026-12-15")
    page.get_by_role("button", name="Giao cho các dòng đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã cập nhật 2 nhiệm vụ.")
    expect(page.locator("article.task-row.flagged")).to_have_count(0)
    expect(row(page, tasks[5])).to_contain_text("15/12/2026")
    shot(page, "04-reviewed")

    # Publish.
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(page.locator(".messages")).to_contain_text("Đã ban hành kế hoạch: 6 nhiệm vụ được mở và theo dõi.")
    expect(page.get_by_role("heading", name="Kế hoạch đã ban hành")).to_be_visible()
    shot(page, "05-published")
    conclusion.refresh_from_db()
    assert conclusion.state == Conclusion.State.PUBLISHED and conclusion.published_by == staff
    assert set(conclusion.tasks.values_list("state", flat=True)) == {Task.State.OPEN}
    ban_to_chuc = Body.objects.get(office=office, short_name="BTC")
    assert set(conclusion.tasks.filter(order__in=[5, 6]).values_list("lead_body", flat=True)) == {ban_to_chuc.pk}

    # On a phone the two columns stack: the list comes below the document.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    doc_box = page.locator(".doc-pane").bounding_box()
    list_box = page.locator(".tasks-pane").bounding_box()
    assert doc_box and list_box and list_box["y"] >= doc_box["y"] + doc_box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "06-phone")
    page.goto("/conclusions/")
    shot(page, "07-phone-list")
