"""The REST API: token auth, list filters and search, detail, workflow actions, conflicts, schema, docs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.tracker.conftest import pdf_upload, task_make
from tracker.models import AuditEvent, EvidenceFile, Extension, ProgressUpdate, Task

pytestmark = pytest.mark.django_db
NOON = "2026-11-20 05:00:00+00:00"


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_it_answers_401_not_a_login_redirect_to_a_client_without_a_token(world):
    response = APIClient().get("/api/tasks/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_it_accepts_a_token_issued_by_the_management_command(world):
    from django.core.management import call_command

    call_command("drf_create_token", world.staff.username)
    key = Token.objects.get(user=world.staff).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/tasks/").status_code == 200


@time_machine.travel(NOON, tick=False)
def test_it_lists_tasks_with_filters_search_without_diacritics_and_pagination(world):
    conclusion = world.task.conclusion
    overdue = task_make(
        conclusion=conclusion, lead_body=world.body_b, text="Rà soát quy hoạch", deadline=dt.date(2026, 10, 1)
    )
    task_make(conclusion=conclusion, lead_body=world.body_b, text="Việc đã xong", state=Task.State.DONE)
    for n in range(3):
        task_make(conclusion=conclusion, lead_body=world.body_c, text=f"Nhiệm vụ khác {n}")
    client = api(world.staff)

    page = client.get("/api/tasks/", {"page_size": 2}).json()
    assert page["count"] == 6
    assert len(page["results"]) == 2
    assert page["next"]

    found = client.get("/api/tasks/", {"q": "tien do giai ngan"}).json()
    assert [t["id"] for t in found["results"]] == [world.task.pk]
    row = found["results"][0]
    assert row["lead_body"]["name"] == "Ban Tuyên giáo Thành ủy"
    assert [b["short_name"] for b in row["coordinating_bodies"]] == ["UBND"]
    assert row["version"] == 1
    assert row["time_class"] == "within_term"

    by_time = client.get("/api/tasks/", {"time_class": "overdue"}).json()
    assert [t["id"] for t in by_time["results"]] == [overdue.pk]
    by_body = client.get("/api/tasks/", {"body": world.body_c.pk}).json()
    assert by_body["count"] == 4  # lead of three, coordinating on one
    by_state = client.get("/api/tasks/", {"state": ["done", "open"], "deadline_to": "2026-10-31"}).json()
    assert [t["id"] for t in by_state["results"]] == [overdue.pk]
    assert client.get("/api/tasks/", {"time_class": "bogus"}).status_code == 400


def test_it_shows_a_liaison_only_the_tasks_of_their_bodies(world):
    task_make(conclusion=world.task.conclusion, lead_body=world.body_b)
    results = api(world.liaison_c).get("/api/tasks/").json()["results"]
    assert [t["id"] for t in results] == [world.task.pk]
    detail = api(world.liaison_c).get(f"/api/tasks/{world.task.pk}/").json()
    assert detail["allowed_actions"] == ["post_progress"]


def test_it_walks_progress_completion_and_confirmation_through_the_api(world):
    liaison = api(world.liaison_a)
    response = liaison.post(
        f"/api/tasks/{world.task.pk}/progress/",
        {"done_text": "Đã họp", "percent": 60, "files": [pdf_upload()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["body"]["name"] == "Ban Tuyên giáo Thành ủy"
    evidence_url = body["evidence_files"][0]["download_url"]

    response = liaison.post(
        f"/api/tasks/{world.task.pk}/propose-completion/",
        {"done_text": "Xong", "outcome_text": "Giải ngân 100%", "version": 1},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "awaiting"
    assert response.json()["version"] == 2

    office = api(world.staff)
    response = office.post(f"/api/tasks/{world.task.pk}/confirm/", {"version": 2, "note": "Đạt"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "done"
    assert world.refresh().completed_on is not None

    # The evidence is served to whoever sees the task, and to no one else.
    download = office.get(evidence_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minh chung"
    assert api(world.liaison_b).get(evidence_url).status_code == 404

    timeline = office.get(f"/api/tasks/{world.task.pk}/timeline/").json()
    kinds = [e["kind"] for e in timeline]
    assert "completion" in kinds and "progress" in kinds and "event" in kinds


def test_it_gives_the_second_of_two_writers_a_409_in_vietnamese_and_keeps_the_first_write(world):
    first, second = api(world.staff), APIClient()
    second.force_authenticate(world.staff)
    url = f"/api/tasks/{world.task.pk}/"
    assert first.patch(url, {"version": 1, "text": "Bản sửa thứ nhất"}, format="json").status_code == 200
    response = second.patch(url, {"version": 1, "text": "Bản sửa thứ hai"}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Nhiệm vụ đã được người khác cập nhật")
    task = world.refresh()
    assert (task.text, task.version) == ("Bản sửa thứ nhất", 2)
    assert AuditEvent.objects.filter(task=task, field="text").count() == 1


def test_it_requires_the_version_to_edit_a_task(world):
    response = api(world.staff).patch(f"/api/tasks/{world.task.pk}/", {"text": "Không có phiên bản"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    assert world.refresh().text == "Đẩy nhanh tiến độ giải ngân vốn đầu tư công"


def test_it_edits_bodies_and_deadline_by_api(world):
    response = api(world.staff).patch(
        f"/api/tasks/{world.task.pk}/",
        {
            "version": 1,
            "lead_body": world.body_b.pk,
            "coordinating_bodies": [world.body_a.pk],
            "deadline": "2027-01-31",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["lead_body"]["id"] == world.body_b.pk
    assert [b["id"] for b in data["coordinating_bodies"]] == [world.body_a.pk]
    assert data["deadline"] == "2027-01-31"
    assert data["original_deadline"] == "2026-12-31"


def test_it_requests_and_decides_an_extension_by_api(world):
    response = api(world.liaison_a).post(
        f"/api/tasks/{world.task.pk}/request-extension/",
        {"requested_deadline": "2027-02-28", "reason": "Chờ vốn"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert (
        api(world.liaison_a).post(f"/api/extensions/{pk}/decide/", {"approve": True}, format="json").status_code == 403
    )
    response = api(world.staff).post(
        f"/api/extensions/{pk}/decide/", {"approve": True, "note": "Đồng ý"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["state"] == "approved"
    assert world.refresh().deadline == dt.date(2027, 2, 28)
    listed = api(world.staff).get("/api/extensions/", {"state": "approved"}).json()
    assert [e["id"] for e in listed["results"]] == [pk]


def test_it_returns_service_refusals_as_detail_messages(world):
    response = api(world.staff).post(f"/api/tasks/{world.task.pk}/return/", {"reason": "Thiếu"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Chỉ trả lại được nhiệm vụ đang chờ xác nhận hoàn thành."}


def test_it_lists_progress_bodies_and_conclusions_scoped_to_the_user(world):
    ProgressUpdate.objects.create(task=world.task, body=world.body_a, author=world.liaison_a, done_text="Đã làm")
    assert api(world.liaison_b).get("/api/progress/").json()["count"] == 0
    assert api(world.liaison_a).get("/api/progress/", {"task": world.task.pk}).json()["count"] == 1
    bodies = api(world.liaison_b).get("/api/bodies/").json()
    assert {b["short_name"] for b in bodies["results"]} == {"BTG", "BTC", "UBND"}
    assert api(world.liaison_b).get("/api/conclusions/").json()["count"] == 0
    assert api(world.liaison_a).get("/api/conclusions/").json()["count"] == 1
    assert api(world.outsider_staff).get("/api/conclusions/").json()["count"] == 0


def test_it_lets_office_staff_create_and_edit_bodies_and_refuses_liaisons(world):
    office = api(world.staff)
    response = office.post(
        "/api/bodies/", {"name": "Sở Nội vụ", "short_name": "SNV", "kind": "department"}, format="json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = office.patch(f"/api/bodies/{pk}/", {"aliases": ["Nội vụ"], "parent": world.body_c.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == world.body_c.pk
    assert api(world.liaison_a).post("/api/bodies/", {"name": "Trái phép"}, format="json").status_code == 403
    assert AuditEvent.objects.filter(action__startswith="body_").count() == 3


def test_it_publishes_an_openapi_3_schema_and_a_docs_page_without_cdn_scripts(world, client):
    response = api(world.staff).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/tasks/{id}/propose-completion/" in schema["paths"]
    client.force_login(world.staff)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/tasks/{id}/confirm/" in html
    assert "<script" not in html.split("</head>")[1] or "cdn" not in html.lower()
    assert "TaskDetail" in html


def test_it_keeps_evidence_rows_and_files_untouched_when_the_api_refuses_a_file(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api(world.liaison_a).post(
        f"/api/tasks/{world.task.pk}/progress/",
        {"done_text": "Đã họp", "files": [pdf_upload(), SimpleUploadedFile("x.exe", b"MZ")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "x.exe" in response.json()["detail"]
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert not Extension.objects.exists()


def test_it_caps_the_count_of_a_long_list_and_says_so(world, monkeypatch):
    from tracker.selectors.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    for n in range(4):
        task_make(conclusion=world.task.conclusion, text=f"Nhiệm vụ thêm {n}")
    page = api(world.staff).get("/api/tasks/", {"page_size": 2}).json()
    assert (page["count"], page["count_capped"]) == (3, True)
    assert len(page["results"]) == 2
    exact = api(world.staff).get("/api/tasks/", {"q": "tien do"}).json()
    assert (exact["count"], exact["count_capped"]) == (1, False)


def test_it_shows_the_latest_progress_in_the_list_and_the_detail(world):
    task_make(conclusion=world.task.conclusion, text="Chưa có tiến độ")
    ProgressUpdate.objects.create(task=world.task, body=world.body_a, author=world.liaison_a, done_text="1", percent=20)
    ProgressUpdate.objects.create(task=world.task, body=world.body_a, author=world.liaison_a, done_text="2", percent=60)
    rows = {r["id"]: r for r in api(world.staff).get("/api/tasks/").json()["results"]}
    assert rows[world.task.pk]["last_percent"] == 60
    assert rows[world.task.pk]["last_progress_at"] is not None
    assert [r["last_percent"] for pk, r in rows.items() if pk != world.task.pk] == [None]
    assert api(world.staff).get(f"/api/tasks/{world.task.pk}/").json()["last_percent"] == 60
