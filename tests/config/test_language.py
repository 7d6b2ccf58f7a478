"""Vietnamese first: the browser's Accept-Language does not switch the UI to English."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_speaks_vietnamese_to_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert "Đăng nhập" in page
    assert "Log in" not in page
    assert response["Content-Language"] == "vi"


def test_it_switches_to_english_only_when_the_user_chooses_it(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Log in" in page


def test_it_ignores_an_unknown_language_cookie(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()
