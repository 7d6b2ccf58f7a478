"""conclusions.admin: topic rules are edited in the admin; imported conclusions are read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from conclusions.models import TopicRule
from tests.factories import ConclusionFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.org", "x-pass-123"))
    return client


def test_it_lists_and_edits_topic_rules(admin_client):
    rule = TopicRule.objects.create(office=OfficeFactory(), keywords="kiểm tra, giám sát", body_name="UBKT")
    response = admin_client.get(reverse("admin:conclusions_topicrule_changelist"))
    assert response.status_code == 200 and "kiểm tra, giám sát" in response.content.decode()
    response = admin_client.get(reverse("admin:conclusions_topicrule_change", args=[rule.pk]))
    assert response.status_code == 200


def test_it_shows_conclusions_without_letting_anyone_edit_them(admin_client):
    conclusion = ConclusionFactory(number="28-KL/TU")
    response = admin_client.get(reverse("admin:conclusions_conclusion_changelist"))
    assert response.status_code == 200 and "28-KL/TU" in response.content.decode()
    assert admin_client.get(reverse("admin:conclusions_conclusion_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:conclusions_conclusion_change", args=[conclusion.pk]), {"number": "99-KL/TU"}
    )
    assert response.status_code == 403
    conclusion.refresh_from_db()
    assert conclusion.number == "28-KL/TU"
