"""conclusion_publish and conclusion_source_download: publishing from the review, the original file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from conclusions.models import Conclusion
from tests.factories import UserFactory
from tracker.models import Body, Task
from tracker.services.imports import conclusion_import
from tracker.services.review import draft_tasks_bulk_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office, staff, sample_bytes):
    return conclusion_import(actor=staff, office=office, data=sample_bytes, filename="Kết luận 5.txt").conclusion


def publish(client, draft):
    return client.post(reverse("conclusion_publish", kwargs={"pk": draft.pk}), follow=True)


def test_it_lists_the_rows_to_fix_and_publishes_nothing(client, staff, draft):
    client.force_login(staff)
    response = publish(client, draft)
    page = response.content.decode()
    assert "Chưa thể ban hành kế hoạch: còn 2 nhiệm vụ thiếu cơ quan chủ trì hoặc thời hạn." in page
    assert "Dòng #3 (mục II.1)" in page and "Dòng #5 (mục II.2)" in page
    draft.refresh_from_db()
    assert draft.state == Conclusion.State.DRAFT
    assert set(draft.tasks.values_list("state", flat=True)) == {Task.State.DRAFT}


def test_it_publishes_a_complete_plan(client, staff, draft, office):
    draft_tasks_bulk_assign(
        actor=staff,
        tasks=list(draft.tasks.filter(lead_body__isnull=True)),
        lead_body=Body.objects.get(office=office, short_name="BTC"),
    )
    client.force_login(staff)
    response = publish(client, draft)
    page = response.content.decode()
    assert "Đã ban hành kế hoạch: 6 nhiệm vụ được mở và theo dõi." in page
    assert "Kế hoạch đã ban hành" in page
    draft.refresh_from_db()
    assert draft.state == Conclusion.State.PUBLISHED and draft.published_by == staff
    assert set(draft.tasks.values_list("state", flat=True)) == {Task.State.OPEN}


def test_it_only_publishes_on_post(client, staff, draft):
    client.force_login(staff)
    assert client.get(reverse("conclusion_publish", kwargs={"pk": draft.pk})).status_code == 405


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.LIAISON])
def test_it_forbids_other_roles_to_publish(client, draft, role):
    client.force_login(UserFactory(office=draft.office, role=role))
    assert client.post(reverse("conclusion_publish", kwargs={"pk": draft.pk})).status_code == 403
    assert client.get(reverse("conclusion_source_download", kwargs={"pk": draft.pk})).status_code == 403
    draft.refresh_from_db()
    assert draft.state == Conclusion.State.DRAFT


def test_it_gives_back_the_original_file_under_its_name(client, staff, draft, sample_bytes):
    client.force_login(staff)
    response = client.get(reverse("conclusion_source_download", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == sample_bytes
    assert "attachment" in response["Content-Disposition"]
    assert "K%E1%BA%BFt%20lu%E1%BA%ADn%205.txt" in response["Content-Disposition"]


def test_it_hides_another_offices_original(client, draft):
    client.force_login(UserFactory(role=Role.OFFICE_STAFF))
    assert client.get(reverse("conclusion_source_download", kwargs={"pk": draft.pk})).status_code == 404
