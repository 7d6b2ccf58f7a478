"""The Vietnamese login page, login-required everywhere, and login throttling."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_login_page_in_vietnamese(client):
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert 'lang="vi"' in page


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_logs_in_office_staff_and_greets_them(client):
    UserFactory(username="vanphong", full_name="Nguyễn Thị Thu Hà", role=Role.OFFICE_STAFF)
    response = client.post(reverse("login"), {"username": "vanphong", "password": "pw-for-tests"}, follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "vanphong"
    assert "Nguyễn Thị Thu Hà" in response.content.decode()


def test_it_says_in_vietnamese_when_the_password_is_wrong(client):
    UserFactory(username="vanphong")
    response = client.post(reverse("login"), {"username": "vanphong", "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_it_locks_a_username_out_after_five_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="vanphong")
    for _ in range(5):
        client.post(reverse("login"), {"username": "vanphong", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "vanphong", "password": "pw-for-tests"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_it_logs_out_with_a_post(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
