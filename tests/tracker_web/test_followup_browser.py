"""In a real browser, the whole follow-up: import and publish a conclusion, report, propose, confirm.

Office staff imports the project's demo conclusion through the import screen, completes the
plan on the review screen and publishes it, and hands one task to Ban Tuyên giáo on the task
page; the Ban Tuyên giáo liaison logs in through the login form, posts progress with a file and
proposes completion; the office confirms; the dashboard counts the task as done on time.
Screenshots of every step go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from conclusions.models import Conclusion
from tests.conftest import ARTIFACTS_DIR, REPO_ROOT
from tracker.models import EvidenceFile, ProgressUpdate, Task
from tracker.services.demo import DEMO_PASSWORD, demo_office_load

pytestmark = pytest.mark.browser

DEMO_FILE = REPO_ROOT / "conclusions" / "demo" / "ket_luan_demo.txt"
# Four weeks after the conference of 8/1/2026: every deadline of the plan is still ahead.
NOW = dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TASK_WORDS = "tuyen truyen Nghi quyet Dai hoi XIV"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS_DIR / f"followup-{name}.png", full_page=True)


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_it_walks_a_task_from_import_to_done_on_time(browser, live_server, time_machine):
    time_machine.move_to(NOW, tick=True)
    demo_office_load()
    page = browser

    # 1. Office staff imports the demo conclusion and completes the plan on the review screen.
    log_in(page, "vanphong")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.goto("/conclusions/upload/")
    page.locator("input[type=file]").set_input_files(str(DEMO_FILE))
    page.locator(".upload-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/conclusions/\d+/review/$"))
    shot(page, "01-review")
    flagged = page.locator("article.task-row.flagged input[type=checkbox][name=tasks]")
    if flagged.count():
        for i in range(flagged.count()):
            flagged.nth(i).check()
        page.locator("#bulk-lead").select_option(label="Ủy ban nhân dân thành phố")
        page.locator("#bulk-deadline").fill("2026-12-31")
        page.locator("button[name=action][value=bulk]").click()
        expect(page.locator("article.task-row.flagged")).to_have_count(0)
    page.locator("#publish-button").click()
    expect(page.locator(".messages")).to_contain_text("nhiệm vụ")
    conclusion = Conclusion.objects.get()
    assert conclusion.state == Conclusion.State.PUBLISHED
    shot(page, "02-published")

    # 2. On the task list (accent-blind search) the office hands one task to Ban Tuyên giáo.
    page.goto("/tasks/")
    page.locator("#id_q").fill(TASK_WORDS)
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("a.task-link")).to_have_count(1)
    page.locator("a.task-link").click()
    expect(page.locator(".task-text")).to_contain_text("tuyên truyền Nghị quyết Đại hội XIV")
    task_url = page.url
    page.get_by_role("link", name="Sửa nhiệm vụ").click()
    page.locator("#id_edit-lead_body").select_option(label="Ban Tuyên giáo và Dân vận Thành ủy")
    page.locator("#id_edit-deadline").fill("2026-12-31")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nhiệm vụ.")
    task = Task.objects.get(conclusion=conclusion, search_text__contains="tuyen truyen nghi quyet dai hoi xiv")
    assert task.lead_body.name == "Ban Tuyên giáo và Dân vận Thành ủy"
    log_out(page)

    # 3. The liaison logs in, finds the task on their home page, posts progress with a file.
    log_in(page, "daumoi")
    expect(page).to_have_url(re.compile(r"/my/$"))
    expect(page.get_by_role("heading", name="Nhiệm vụ của tôi")).to_be_visible()
    shot(page, "03-liaison-home")
    page.locator("a.task-link", has_text="tuyên truyền Nghị quyết Đại hội XIV").first.click()
    expect(page).to_have_url(task_url)
    page.get_by_text("Cập nhật tiến độ", exact=True).click()
    page.locator("#id_progress-done_text").fill("Đã tổ chức 12 hội nghị quán triệt Nghị quyết cho cán bộ chủ chốt")
    page.locator("#id_progress-percent").fill("60")
    page.locator("#id_progress-files").set_input_files(
        files=[{"name": "bien-ban-hoi-nghi.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban"}]
    )
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu tiến độ.")
    expect(page.get_by_role("link", name=re.compile("bien-ban-hoi-nghi.pdf"))).to_be_visible()

    # ... and proposes completion, saying what was achieved.
    page.get_by_text("Đề nghị công nhận hoàn thành", exact=True).first.click()
    page.locator("#id_propose-done_text").fill("Hoàn thành tuyên truyền ở tất cả chi bộ")
    page.locator("#id_propose-outcome_text").fill("100% chi bộ đã quán triệt; 1.250 đảng viên tham gia")
    page.locator("form[action$='/propose/'] button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Đã đề nghị công nhận hoàn thành")
    expect(page.locator(".task-badges")).to_contain_text("Chờ xác nhận hoàn thành")
    shot(page, "04-proposed")
    log_out(page)

    # 4. The office confirms.
    log_in(page, "vanphong")
    page.goto(task_url)
    page.get_by_role("button", name="Xác nhận đã hoàn thành").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận hoàn thành.")
    expect(page.locator(".task-badges")).to_contain_text("Đã hoàn thành")
    shot(page, "05-confirmed")

    # 5. The dashboard counts it as done on time.
    page.get_by_role("link", name="Tổng quan").click()
    on_time = page.locator(".stat.bucket-done_on_time")
    expect(on_time).to_contain_text("Hoàn thành đúng hạn")
    expect(on_time.locator(".num")).to_have_text("1")
    shot(page, "06-dashboard")

    task.refresh_from_db()
    assert task.state == Task.State.DONE
    assert task.completed_on == NOW.date()
    assert ProgressUpdate.objects.filter(task=task).count() == 2
    assert EvidenceFile.objects.get(progress__task=task).original_name == "bien-ban-hoi-nghi.pdf"
