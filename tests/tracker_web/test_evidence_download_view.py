"""Evidence files: downloaded through a view that checks the task is visible, never from MEDIA_URL."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.tracker_web.conftest import pdf_upload
from tracker.services.progress import progress_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(web):
    update = progress_post(
        actor=web.liaison_a,
        task=web.task,
        done_text="Đã ban hành kế hoạch",
        files=[pdf_upload("Kế hoạch số 12.pdf", b"%PDF-1.4 noi dung minh chung")],
    )
    return update.evidence_files.get()


@pytest.mark.parametrize("who", ["staff", "liaison_a", "liaison_c", "leader", "inspector"])
def test_it_serves_the_file_to_everyone_who_sees_the_task(client, web, evidence, who):
    client.force_login(web.users()[who])
    response = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 noi dung minh chung"
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%2012.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["liaison_b", "outsider_staff"])
def test_it_answers_404_to_users_who_may_not_see_the_task(client, web, evidence, who):
    client.force_login(web.users()[who])
    response = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 404
    assert b"noi dung minh chung" not in response.content


def test_it_sends_anonymous_visitors_to_log_in(client, web, evidence):
    response = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_it_links_the_download_view_not_the_media_url(client, web, evidence):
    client.force_login(web.liaison_a)
    page = client.get(reverse("task_detail", args=[web.task.pk])).content.decode()
    assert reverse("evidence_download", args=[evidence.pk]) in page
    assert settings.MEDIA_URL not in page
    assert evidence.file.name not in page
