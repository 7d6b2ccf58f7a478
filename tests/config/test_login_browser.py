"""In a real browser: the Vietnamese login page, and the demo office staff logs in."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS_DIR
from tracker.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_it_logs_the_demo_office_staff_in_from_the_vietnamese_login_page(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = browser

    page.goto("/")
    # Anonymous visitors land on the login page, in Vietnamese.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_title(re.compile("^Đăng nhập"))
    expect(page.get_by_text("Đăng nhập để theo dõi các nhiệm vụ cấp ủy giao.")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # Logged in: away from the login page, on the site (home may send each role elsewhere).
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    assert page.url.startswith(live_server.url)
    expect(page.locator(".userbox .who")).to_contain_text("Nguyễn Thị Thu Hà")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.screenshot(path=ARTIFACTS_DIR / "login-office-staff.png", full_page=True)


def test_it_keeps_a_wrong_password_out_with_a_vietnamese_message(browser):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = browser

    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng")).to_be_visible()
    expect(page.locator(".userbox")).to_have_count(0)
    page.screenshot(path=ARTIFACTS_DIR / "login-wrong-password.png", full_page=True)
