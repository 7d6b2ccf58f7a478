"""Home: each role is sent to its start page; the menu shows that role's pages only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.tracker_web.conftest import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "start"),
    [("staff", "dashboard"), ("leader", "dashboard"), ("inspector", "dashboard"), ("liaison_a", "liaison_home")],
)
def test_it_sends_each_role_to_its_start_page(client, web, who, start):
    client.force_login(web.users()[who])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(start)


def test_it_tells_a_user_without_a_role_to_ask_the_office(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "chưa được gán vai trò" in page_text(response)


def test_it_shows_office_staff_the_dashboard_tasks_and_bodies_in_the_menu(client, web):
    client.force_login(web.staff)
    page = page_text(client.get(reverse("dashboard")))
    nav = page[page.index('<nav class="mainnav">') : page.index("</nav>")]
    assert "Tổng quan" in nav
    assert "Nhiệm vụ" in nav
    assert "Cơ quan, đơn vị" in nav
    assert reverse("body_list") in nav
    assert reverse("liaison_home") not in nav


def test_it_shows_a_liaison_their_tasks_and_the_bulk_update_but_not_the_dashboard(client, web):
    client.force_login(web.liaison_a)
    page = page_text(client.get(reverse("liaison_home")))
    nav = page[page.index('<nav class="mainnav">') : page.index("</nav>")]
    assert "Nhiệm vụ của tôi" in nav
    assert "Cập nhật hàng loạt" in nav
    assert reverse("dashboard") not in nav
    assert reverse("body_list") not in nav


def test_it_hides_the_body_directory_from_leaders(client, web):
    client.force_login(web.leader)
    page = page_text(client.get(reverse("dashboard")))
    nav = page[page.index('<nav class="mainnav">') : page.index("</nav>")]
    assert reverse("dashboard") in nav
    assert reverse("body_list") not in nav
