"""Task list, task page and the task page's forms.

Each form posts to its own view, which parses the form and calls ONE service. A refusal
(``ServiceError``: wrong state, not allowed, stale version) re-renders the task page with the
service's Vietnamese message and the user's input kept; nothing is changed. A task the user may
not see is a 404, whatever the action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Role, user_role
from tracker import forms as tf
from tracker.errors import ServiceError
from tracker.models import Body, Task
from tracker.policy import Action, task_allows, user_body_ids
from tracker.selectors import tasks as task_selectors
from tracker.selectors.paging import CappedPaginator
from tracker.services import extensions as extension_services
from tracker.services import progress as progress_services
from tracker.services import tasks as task_services
from tracker.views import reading

TASKS_PER_PAGE = 50


def task_visible_or_404(request: HttpRequest, pk: int) -> Task:
    """The task if the user may see it; otherwise 404 (never say that it exists)."""
    return task_selectors.task_get(user=request.user, pk=pk)


# The task list's conclusion select and heading suggestions: enough to pick from on a phone,
# the same size whatever the office holds (older conclusions are found by number or title).
RECENT_CONCLUSIONS = 30
HEADING_SUGGESTIONS = 100


def task_filter_form(request: HttpRequest) -> tf.TaskFilterForm:
    """The task list's filter form, offering only bodies, conclusions and headings the user may see."""
    user = request.user
    # Filter form: the body select prints each body's label (short name or name) only.
    bodies = Body.objects.filter(office_id=user.office_id, active=True).only("id", "name", "short_name")
    if user_role(user) == Role.LIAISON:
        bodies = bodies.filter(pk__in=user_body_ids(user))
    return tf.TaskFilterForm(
        request.GET or None,
        bodies=bodies,
        conclusions=task_selectors.conclusion_choices(
            user=user, limit=RECENT_CONCLUSIONS, selected=request.GET.get("conclusion")
        ),
        conclusion_queryset=task_selectors.conclusion_list(user=user),
        headings=task_selectors.task_headings(user=user, limit=HEADING_SUGGESTIONS),
    )


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """Tasks the user may see, filtered and searched (accent-blind), 50 per page.

    The count stops at ``CappedPaginator.cap`` ("more than 10,000 tasks"): counting every
    match of a broad filter costs more than the page itself.
    """
    today = timezone.localdate()
    form = task_filter_form(request)
    filters = form.filters() if request.GET else {}
    tasks = task_selectors.task_list(user=request.user, today=today, **filters)
    page = CappedPaginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracker/tasks/list.html",
        {
            "form": form,
            "page": page,
            "count_capped": page.paginator.count_capped,
            # "hơn 10.000": Vietnamese groups thousands with dots (Django's "vi" format does not group).
            "count_label": f"{page.paginator.count:,}".replace(",", "."),
            "rows": reading.task_rows(user=request.user, tasks=list(page.object_list), today=today),
            "query": query.urlencode(),
            "filtered": bool(filters),
        },
    )


# The forms the task page can show, by the policy action that allows each.
FORM_ACTIONS: dict[str, tuple[Action, type]] = {
    "progress_form": (Action.POST_PROGRESS, tf.ProgressForm),
    "propose_form": (Action.PROPOSE_COMPLETION, tf.ProposeCompletionForm),
    "confirm_form": (Action.CONFIRM_COMPLETION, tf.ConfirmForm),
    "return_form": (Action.RETURN_TASK, tf.ReasonForm),
    "extension_form": (Action.REQUEST_EXTENSION, tf.ExtensionRequestForm),
    "pause_form": (Action.PAUSE_TASK, tf.ReasonForm),
    "resume_form": (Action.PAUSE_TASK, tf.OptionalReasonForm),
    "cancel_form": (Action.CANCEL_TASK, tf.ReasonForm),
}
# Which forms make sense in which state (the services check again; this only hides buttons).
FORM_STATES: dict[str, frozenset[str]] = {
    "progress_form": frozenset({Task.State.OPEN, Task.State.RETURNED, Task.State.AWAITING_CONFIRMATION}),
    "propose_form": frozenset({Task.State.OPEN, Task.State.RETURNED}),
    "confirm_form": frozenset({Task.State.AWAITING_CONFIRMATION}),
    "return_form": frozenset({Task.State.AWAITING_CONFIRMATION}),
    "extension_form": frozenset({Task.State.OPEN, Task.State.RETURNED}),
    "pause_form": frozenset({Task.State.OPEN, Task.State.RETURNED, Task.State.AWAITING_CONFIRMATION}),
    "resume_form": frozenset({Task.State.PAUSED}),
    "cancel_form": frozenset(
        {Task.State.OPEN, Task.State.RETURNED, Task.State.AWAITING_CONFIRMATION, Task.State.PAUSED}
    ),
}


def task_page_context(request: HttpRequest, task: Task, *, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the task page shows: the task, its timeline and the forms the user may use."""
    bound = bound or {}
    detail = reading.task_page(user=request.user, task=task, today=timezone.localdate())
    initial = {"version": task.version}
    context: dict[str, Any] = {"task": task, "detail": detail}
    for name, (action, form_class) in FORM_ACTIONS.items():
        allowed = task.state in FORM_STATES[name] and task_allows(request.user, action, task)
        context[name] = (bound.get(name) or form_class(initial=initial, prefix=name[:-5])) if allowed else None
    pending = detail.pending_extension
    can_decide = pending is not None and task_allows(request.user, Action.DECIDE_EXTENSION, task)
    context["decide_form"] = (
        (
            bound.get("decide_form")
            or tf.ExtensionDecideForm(initial={**initial, "extension": pending.pk}, prefix="decide")
        )
        if can_decide
        else None
    )
    if pending is not None:
        # One pending request at a time: the lead body waits for the decision.
        context["extension_form"] = None
    can_edit = task.state not in (Task.State.DONE, Task.State.CANCELLED) and task_allows(
        request.user, Action.EDIT_TASK, task
    )
    context["can_edit"] = can_edit
    context["has_forms"] = bool(pending is not None or any(context[name] for name in (*FORM_ACTIONS, "decide_form")))
    context["acting_bodies"] = detail.acting_bodies
    return context


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The task page: text, bodies, deadlines, state, timeline, history and the allowed forms."""
    task = task_visible_or_404(request, pk)
    return render(request, "tracker/tasks/detail.html", task_page_context(request, task))


def task_form_post(
    request: HttpRequest,
    pk: int,
    *,
    form_name: str,
    form_class: type,
    run: Callable[[Task, dict[str, Any]], Any],
    success: str,
    form_kwargs: dict[str, Any] | None = None,
    template: str = "tracker/tasks/detail.html",
) -> HttpResponse:
    """Parse one form of the task page and call one service; on refusal show why, change nothing."""
    task = task_visible_or_404(request, pk)
    prefix = form_name[:-5]
    form = form_class(request.POST, request.FILES, prefix=prefix, **(form_kwargs or {}))
    status = 400
    action_error = ""
    if form.is_valid():
        try:
            run(task, form.cleaned_data)
        except ServiceError as exc:
            action_error = exc.message
            status = exc.status_code
            # The service refused: show the task as it is now, not as it was half-changed.
            task = task_visible_or_404(request, pk)
        else:
            messages.success(request, success)
            return redirect("task_detail", pk=task.pk)
    context = task_page_context(request, task, bound={form_name: form})
    context["failed_form"] = form_name
    context["action_error"] = action_error
    if template != "tracker/tasks/detail.html":
        context["form"] = form
    return render(request, template, context, status=status)


@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        body = Body.objects.filter(pk=data["body"], office_id=task.office_id).first() if data.get("body") else None
        return progress_services.progress_post(
            actor=request.user,
            task=task,
            body=body,
            done_text=data["done_text"],
            outcome_text=data["outcome_text"],
            percent=data["percent"],
            files=data["files"],
            expected_version=data["version"],
        )

    return task_form_post(
        request, pk, form_name="progress_form", form_class=tf.ProgressForm, run=run, success=_("Progress saved.")
    )


@require_POST
def task_propose(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return task_services.task_completion_propose(
            actor=request.user,
            task=task,
            done_text=data["done_text"],
            outcome_text=data["outcome_text"],
            percent=data["percent"] if data["percent"] is not None else 100,
            files=data["files"],
            expected_version=data["version"],
        )

    return task_form_post(
        request,
        pk,
        form_name="propose_form",
        form_class=tf.ProposeCompletionForm,
        run=run,
        success=_("Completion proposed. The office will confirm it."),
    )


@require_POST
def task_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return task_services.task_completion_confirm(
            actor=request.user, task=task, note=data["note"], expected_version=data["version"]
        )

    return task_form_post(
        request, pk, form_name="confirm_form", form_class=tf.ConfirmForm, run=run, success=_("Completion confirmed.")
    )


@require_POST
def task_return(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return task_services.task_return(
            actor=request.user, task=task, reason=data["reason"], expected_version=data["version"]
        )

    return task_form_post(
        request, pk, form_name="return_form", form_class=tf.ReasonForm, run=run, success=_("Returned for rework.")
    )


@require_POST
def task_pause(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return task_services.task_pause(
            actor=request.user, task=task, reason=data["reason"], expected_version=data["version"]
        )

    return task_form_post(
        request, pk, form_name="pause_form", form_class=tf.ReasonForm, run=run, success=_("Task paused.")
    )


@require_POST
def task_resume(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return task_services.task_resume(
            actor=request.user, task=task, note=data["reason"], expected_version=data["version"]
        )

    return task_form_post(
        request, pk, form_name="resume_form", form_class=tf.OptionalReasonForm, run=run, success=_("Task resumed.")
    )


@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return task_services.task_cancel(
            actor=request.user, task=task, reason=data["reason"], expected_version=data["version"]
        )

    return task_form_post(
        request, pk, form_name="cancel_form", form_class=tf.ReasonForm, run=run, success=_("Task cancelled.")
    )


@require_POST
def task_extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        return extension_services.extension_request(
            actor=request.user,
            task=task,
            requested_deadline=data["requested_deadline"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    return task_form_post(
        request,
        pk,
        form_name="extension_form",
        form_class=tf.ExtensionRequestForm,
        run=run,
        success=_("Extension requested. The office will decide."),
    )


@require_POST
def task_extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    def run(task: Task, data: dict[str, Any]) -> Any:
        extension = task_selectors.extension_list(user=request.user, task=task).filter(pk=data["extension"]).first()
        if extension is None:
            raise ServiceError(_("This extension request no longer exists."))
        return extension_services.extension_decide(
            actor=request.user,
            extension=extension,
            approve=data["decision"] == "approve",
            note=data["note"],
            new_deadline=data["new_deadline"],
            expected_version=data["version"],
        )

    return task_form_post(
        request,
        pk,
        form_name="decide_form",
        form_class=tf.ExtensionDecideForm,
        run=run,
        success=_("Extension decided."),
    )


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office edits the task's text, heading, bodies and deadline (GET shows the form)."""
    task = task_visible_or_404(request, pk)
    if request.method == "POST":

        def run(current: Task, data: dict[str, Any]) -> Any:
            return task_services.task_update(
                actor=request.user,
                task=current,
                text=data["text"],
                heading=data["heading"],
                deadline=data["deadline"],
                recurring=data["recurring"],
                lead_body=data["lead_body"],
                coordinating_bodies=data["coordinating_bodies"],
                note=data["reason"],
                expected_version=data["version"],
            )

        return task_form_post(
            request,
            pk,
            form_name="edit_form",
            form_class=tf.TaskEditForm,
            form_kwargs={"office_id": task.office_id},
            run=run,
            success=_("Task saved."),
            template="tracker/tasks/edit.html",
        )
    if not task_allows(request.user, Action.EDIT_TASK, task):
        return render(request, "403.html", status=403)
    form = tf.TaskEditForm(
        prefix="edit",
        office_id=task.office_id,
        initial={
            "version": task.version,
            "heading": task.heading,
            "text": task.text,
            "lead_body": task.lead_body_id,
            "coordinating_bodies": [b.pk for b in task.coordinating_bodies.all()],
            "deadline": task.deadline,
            "recurring": task.recurring,
        },
    )
    return render(request, "tracker/tasks/edit.html", {"task": task, "form": form})
