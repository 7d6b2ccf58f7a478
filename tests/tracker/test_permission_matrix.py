"""Every role × action, through the services and through the API: allowed ones succeed, refused
ones are refused (403 or 404 by API) and change nothing in the database.

Roles: office staff of the office, office staff of another office, liaison of the lead body (A),
liaison of a coordinating body (C), liaison of an unrelated body (B), leader, inspector.
(The web side of the matrix lives with the web UI's tests.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from tests.tracker.conftest import pdf_upload
from tracker.errors import NotAllowed
from tracker.models import AuditEvent, Extension, ProgressUpdate, Task
from tracker.services.extensions import extension_decide, extension_request
from tracker.services.progress import progress_post
from tracker.services.tasks import (
    task_cancel,
    task_completion_confirm,
    task_completion_propose,
    task_pause,
    task_resume,
    task_return,
    task_update,
)

pytestmark = pytest.mark.django_db
ROLES = ("staff", "outsider_staff", "liaison_a", "liaison_c", "liaison_b", "leader", "inspector")


@dataclass(frozen=True)
class Case:
    """One action: the state the task must be in, how to do it by service and by API, who may."""

    setup_state: str
    service: Callable
    api: Callable[[APIClient, object], object]
    allowed: frozenset[str]
    pending_extension: bool = False


def ext(world):
    return Extension.objects.filter(task=world.task, state="pending").first()


CASES = {
    "post_progress": Case(
        "open",
        lambda w, u: progress_post(actor=u, task=w.task, done_text="Tiến độ"),
        lambda c, w: c.post(f"/api/tasks/{w.task.pk}/progress/", {"done_text": "Tiến độ"}, format="json"),
        frozenset({"liaison_a", "liaison_c"}),
    ),
    "propose_completion": Case(
        "open",
        lambda w, u: task_completion_propose(
            actor=u, task=w.task, done_text="Xong", outcome_text="Đạt", files=[pdf_upload()]
        ),
        lambda c, w: c.post(
            f"/api/tasks/{w.task.pk}/propose-completion/",
            {"done_text": "Xong", "outcome_text": "Đạt", "files": [pdf_upload()]},
            format="multipart",
        ),
        frozenset({"liaison_a"}),
    ),
    "request_extension": Case(
        "open",
        lambda w, u: extension_request(actor=u, task=w.task, requested_deadline=dt.date(2027, 3, 1), reason="Lý do"),
        lambda c, w: c.post(
            f"/api/tasks/{w.task.pk}/request-extension/",
            {"requested_deadline": "2027-03-01", "reason": "Lý do"},
            format="json",
        ),
        frozenset({"liaison_a"}),
    ),
    "confirm_completion": Case(
        "awaiting",
        lambda w, u: task_completion_confirm(actor=u, task=w.task, completed_on=dt.date(2026, 11, 1)),
        lambda c, w: c.post(f"/api/tasks/{w.task.pk}/confirm/", {"completed_on": "2026-11-01"}, format="json"),
        frozenset({"staff"}),
    ),
    "return_task": Case(
        "awaiting",
        lambda w, u: task_return(actor=u, task=w.task, reason="Thiếu"),
        lambda c, w: c.post(f"/api/tasks/{w.task.pk}/return/", {"reason": "Thiếu"}, format="json"),
        frozenset({"staff"}),
    ),
    "decide_extension": Case(
        "open",
        lambda w, u: extension_decide(actor=u, extension=ext(w), approve=True),
        lambda c, w: c.post(f"/api/extensions/{ext(w).pk}/decide/", {"approve": True}, format="json"),
        frozenset({"staff"}),
        pending_extension=True,
    ),
    "edit_task": Case(
        "open",
        lambda w, u: task_update(actor=u, task=w.task, text="Nội dung mới"),
        lambda c, w: c.patch(
            f"/api/tasks/{w.task.pk}/", {"version": w.task.version, "text": "Nội dung mới"}, format="json"
        ),
        frozenset({"staff"}),
    ),
    "pause_task": Case(
        "open",
        lambda w, u: task_pause(actor=u, task=w.task, reason="Tạm dừng"),
        lambda c, w: c.post(f"/api/tasks/{w.task.pk}/pause/", {"reason": "Tạm dừng"}, format="json"),
        frozenset({"staff"}),
    ),
    "resume_task": Case(
        "paused",
        lambda w, u: task_resume(actor=u, task=w.task),
        lambda c, w: c.post(f"/api/tasks/{w.task.pk}/resume/", {}, format="json"),
        frozenset({"staff"}),
    ),
    "cancel_task": Case(
        "open",
        lambda w, u: task_cancel(actor=u, task=w.task, reason="Hủy"),
        lambda c, w: c.post(f"/api/tasks/{w.task.pk}/cancel/", {"reason": "Hủy"}, format="json"),
        frozenset({"staff"}),
    ),
}
# Who sees the task at all (the others get 404 from the API: its existence is not revealed).
VISIBLE = frozenset({"staff", "liaison_a", "liaison_c", "leader", "inspector"})


def snapshot(world) -> tuple:
    """Everything an action could change."""
    task = Task.objects.get(pk=world.task.pk)
    return (
        task.state,
        task.text,
        task.deadline,
        task.version,
        task.completed_on,
        task.lead_body_id,
        ProgressUpdate.objects.count(),
        list(Extension.objects.values_list("state", flat=True)),
        AuditEvent.objects.count(),
    )


def arrange(world, case: Case) -> None:
    Task.objects.filter(pk=world.task.pk).update(state=case.setup_state)
    if case.pending_extension:
        Extension.objects.create(
            task=world.task,
            body=world.body_a,
            requested_by=world.liaison_a,
            previous_deadline=world.task.deadline,
            requested_deadline=dt.date(2027, 3, 1),
            reason="Lý do",
        )
    world.refresh()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(CASES))
def test_it_enforces_the_matrix_through_the_services(world, action, role):
    case = CASES[action]
    arrange(world, case)
    user = getattr(world, role)
    before = snapshot(world)
    if role in case.allowed:
        case.service(world, user)
        assert snapshot(world) != before
    else:
        with pytest.raises(NotAllowed):
            case.service(world, user)
        assert snapshot(world) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(CASES))
def test_it_enforces_the_same_matrix_through_the_api(world, action, role):
    case = CASES[action]
    arrange(world, case)
    client = APIClient()
    client.force_authenticate(getattr(world, role))
    before = snapshot(world)
    response = case.api(client, world)
    if role in case.allowed:
        assert response.status_code in (200, 201), response.content
        assert snapshot(world) != before
    else:
        expected = (403,) if role in VISIBLE else (404,)
        assert response.status_code in expected, (response.status_code, response.content)
        assert snapshot(world) == before


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_task_and_its_history_by_role(world, role):
    client = APIClient()
    client.force_authenticate(getattr(world, role))
    detail = client.get(f"/api/tasks/{world.task.pk}/")
    assert detail.status_code == (200 if role in VISIBLE else 404)
    listed = [t["id"] for t in client.get("/api/tasks/").json()["results"]]
    assert (world.task.pk in listed) == (role in VISIBLE)
    if role in VISIBLE:
        may_see_history = role in ("staff", "inspector")
        assert ("view_history" in detail.json()["allowed_actions"]) == may_see_history


def test_it_hides_a_task_of_body_b_from_a_liaison_of_body_a_by_api_and_changes_nothing(world):
    from tests.tracker.conftest import task_make

    task_b = task_make(conclusion=world.task.conclusion, lead_body=world.body_b, text="Nhiệm vụ của Ban Tổ chức")
    client = APIClient()
    client.force_authenticate(world.liaison_a)
    before = (Task.objects.get(pk=task_b.pk).version, ProgressUpdate.objects.count(), AuditEvent.objects.count())
    assert client.get(f"/api/tasks/{task_b.pk}/").status_code == 404
    assert client.get(f"/api/tasks/{task_b.pk}/timeline/").status_code == 404
    assert client.post(f"/api/tasks/{task_b.pk}/progress/", {"done_text": "Giả mạo"}, format="json").status_code == 404
    assert (
        client.post(
            f"/api/tasks/{task_b.pk}/propose-completion/", {"done_text": "x", "outcome_text": "y"}, format="json"
        ).status_code
        == 404
    )
    assert client.patch(f"/api/tasks/{task_b.pk}/", {"version": 1, "text": "Giả mạo"}, format="json").status_code == 404
    assert client.get("/api/progress/", {"task": task_b.pk}).json()["count"] == 0
    after = (Task.objects.get(pk=task_b.pk).version, ProgressUpdate.objects.count(), AuditEvent.objects.count())
    assert after == before
    assert Task.objects.get(pk=task_b.pk).text == "Nhiệm vụ của Ban Tổ chức"
