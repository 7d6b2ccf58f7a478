"""Web side of the permission matrix: every role × page and every role × form post.

The task is led by body A and coordinated by body C. A liaison of body B (and staff of another
office) gets 404 for the task's page and for every form posted to it by URL; roles that see
the task but may not act get 403; in every refused case nothing changes in the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ExtensionFactory
from tests.tracker_web.conftest import pdf_upload
from tracker.models import AuditEvent, EvidenceFile, Extension, ProgressUpdate, Task
from tracker.services.progress import progress_post

pytestmark = pytest.mark.django_db

ROLES = ("staff", "liaison_a", "liaison_c", "liaison_b", "leader", "inspector", "outsider_staff")
OK, FORBIDDEN, HIDDEN = 200, 403, 404

# page -> expected status per role
PAGES = {
    "dashboard": {"staff": OK, "leader": OK, "inspector": OK, "outsider_staff": OK},
    "task_list": dict.fromkeys(ROLES, OK),
    "task_detail": {
        "staff": OK,
        "liaison_a": OK,
        "liaison_c": OK,
        "leader": OK,
        "inspector": OK,
        "liaison_b": HIDDEN,
        "outsider_staff": HIDDEN,
    },
    "task_edit": {"staff": OK, "liaison_b": HIDDEN, "outsider_staff": HIDDEN},
    "evidence_download": {
        "staff": OK,
        "liaison_a": OK,
        "liaison_c": OK,
        "leader": OK,
        "inspector": OK,
        "liaison_b": HIDDEN,
        "outsider_staff": HIDDEN,
    },
    "liaison_home": {"liaison_a": OK, "liaison_c": OK, "liaison_b": OK},
    "bulk_progress": {"liaison_a": OK, "liaison_c": OK, "liaison_b": OK},
    "body_list": {"staff": OK, "outsider_staff": OK},
}
TASK_PAGES = {"task_detail", "task_edit"}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", ROLES)
def test_it_gives_each_role_its_pages_only(client, web, page, who):
    evidence = progress_post(actor=web.liaison_a, task=web.task, done_text="Đã làm", files=[pdf_upload()])
    args = (
        [web.task.pk]
        if page in TASK_PAGES
        else [evidence.evidence_files.get().pk]
        if page == "evidence_download"
        else []
    )
    client.force_login(web.users()[who])
    response = client.get(reverse(page, args=args))
    assert response.status_code == PAGES[page].get(who, FORBIDDEN), (page, who)


def snapshot(web) -> tuple:
    """Everything a form could change."""
    task = Task.objects.get(pk=web.task.pk)
    return (
        task.state,
        task.version,
        task.deadline,
        task.text,
        task.lead_body_id,
        sorted(task.coordinating_bodies.values_list("pk", flat=True)),
        ProgressUpdate.objects.count(),
        EvidenceFile.objects.count(),
        sorted(Extension.objects.values_list("pk", "state")),
        AuditEvent.objects.count(),
    )


def prepare(web, action: str) -> dict:
    """Put the task in a state where ``action`` is possible, and return the form data."""
    task = web.task
    if action in ("task_confirm", "task_return"):
        Task.objects.filter(pk=task.pk).update(state=Task.State.AWAITING_CONFIRMATION)
    if action == "task_resume":
        Task.objects.filter(pk=task.pk).update(state=Task.State.PAUSED)
    version = Task.objects.get(pk=task.pk).version
    if action == "task_extension_decide":
        extension = ExtensionFactory(task=task, requested_by=web.liaison_a)
        return {"decide-version": version, "decide-extension": extension.pk, "decide-decision": "approve"}
    return {
        "task_progress": {
            "progress-version": version,
            "progress-done_text": "Đã làm",
            "progress-files": [pdf_upload()],
        },
        "task_propose": {
            "propose-version": version,
            "propose-done_text": "Xong",
            "propose-outcome_text": "Đạt",
            "propose-files": [pdf_upload()],
        },
        "task_extension_request": {
            "extension-version": version,
            "extension-requested_deadline": "2027-06-30",
            "extension-reason": "Chờ vốn",
        },
        "task_confirm": {"confirm-version": version},
        "task_return": {"return-version": version, "return-reason": "Thiếu minh chứng"},
        "task_pause": {"pause-version": version, "pause-reason": "Chờ chủ trương"},
        "task_resume": {"resume-version": version},
        "task_cancel": {"cancel-version": version, "cancel-reason": "Không còn phù hợp"},
        "task_edit": {
            "edit-version": version,
            "edit-text": "Nội dung đã sửa",
            "edit-lead_body": web.body_a.pk,
            "edit-deadline": "2026-11-30",
        },
    }[action]


LIAISON_A_ACTIONS = {"task_progress", "task_propose", "task_extension_request"}
OFFICE_ACTIONS = {
    "task_confirm",
    "task_return",
    "task_extension_decide",
    "task_pause",
    "task_resume",
    "task_cancel",
    "task_edit",
}
ACTIONS = sorted(LIAISON_A_ACTIONS | OFFICE_ACTIONS)


def expected(action: str, who: str) -> int:
    if who in ("liaison_b", "outsider_staff"):
        return HIDDEN
    if who == "staff":
        return 302 if action in OFFICE_ACTIONS else FORBIDDEN
    if who == "liaison_a":
        return 302 if action in LIAISON_A_ACTIONS else FORBIDDEN
    if who == "liaison_c":
        return 302 if action == "task_progress" else FORBIDDEN
    return FORBIDDEN  # leader, inspector


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ROLES)
def test_it_lets_only_the_right_role_post_each_form(client, web, action, who):
    data = prepare(web, action)
    before = snapshot(web)
    client.force_login(web.users()[who])
    response = client.post(reverse(action, args=[web.task.pk]), data)
    want = expected(action, who)
    assert response.status_code == want, (action, who, response.status_code)
    if want == 302:
        assert snapshot(web) != before
    else:
        assert snapshot(web) == before
        if want == FORBIDDEN:
            assert "Bạn không có quyền" in response.content.decode()


def test_it_refuses_every_form_of_another_bodys_task_posted_by_url(client, web):
    """A liaison of body A tries body B's task by URL, with every form: 404 and nothing changes."""
    client.force_login(web.liaison_a)
    target = web.task_b
    before = (Task.objects.get(pk=target.pk).version, ProgressUpdate.objects.count(), AuditEvent.objects.count())
    assert client.get(reverse("task_detail", args=[target.pk])).status_code == 404
    for action in ACTIONS:
        response = client.post(
            reverse(action, args=[target.pk]), {"progress-version": target.version, "progress-done_text": "Đã làm"}
        )
        assert response.status_code == 404, action
    # Filtering the list by body B (a body the liaison does not act for) shows none of B's tasks.
    listing = client.get(reverse("task_list"), {"body": web.body_b.pk}).content.decode()
    assert "Kiện toàn tổ chức" not in listing
    after = (Task.objects.get(pk=target.pk).version, ProgressUpdate.objects.count(), AuditEvent.objects.count())
    assert after == before
    assert Task.objects.get(pk=target.pk).deadline == dt.date(2026, 9, 30)
