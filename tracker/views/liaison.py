"""A liaison's pages: their home (what is due, what needs an update) and the bulk update screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import Role, user_role
from tracker.errors import ServiceError
from tracker.models import Task
from tracker.selectors import dashboard as dashboard_selectors
from tracker.selectors import tasks as task_selectors
from tracker.selectors.timing import UNFINISHED_STATES
from tracker.services import progress as progress_services
from tracker.views import reading

# A body with more open tasks than this updates them over several pages (rare; keeps the form sane).
BULK_MAX_TASKS = 200


def liaison_only(request: HttpRequest) -> HttpResponse | None:
    """These pages are a liaison's own; other roles get the 403 page."""
    if user_role(request.user) != Role.LIAISON:
        return render(request, "403.html", status=403)
    return None


@require_GET
def liaison_home(request: HttpRequest) -> HttpResponse:
    """Their bodies' tasks: overdue, due soon, returned, no recent update, and all open ones."""
    refused = liaison_only(request)
    if refused:
        return refused
    today = timezone.localdate()
    home = dashboard_selectors.liaison_home(user=request.user, today=today)
    tasks = list(task_selectors.task_list(user=request.user, today=today, state=UNFINISHED_STATES)[:BULK_MAX_TASKS])
    return render(
        request,
        "tracker/liaison/home.html",
        {
            "home": home,
            "rows": reading.task_rows(user=request.user, tasks=tasks, today=today),
            "overdue_rows": reading.task_rows(user=request.user, tasks=home.overdue, today=today),
            "due_soon_rows": reading.task_rows(user=request.user, tasks=home.due_soon, today=today),
            "returned_rows": reading.task_rows(user=request.user, tasks=home.returned, today=today),
            "needs_update_rows": reading.task_rows(user=request.user, tasks=home.needs_update, today=today),
        },
    )


@dataclass
class BulkRow:
    """One task of the bulk screen with what the liaison typed and the row's errors."""

    row: reading.TaskRow
    done_text: str = ""
    outcome_text: str = ""
    percent: str = ""
    version: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def task(self) -> Task:
        return self.row.task


def bulk_rows(request: HttpRequest) -> list[BulkRow]:
    today = timezone.localdate()
    tasks = list(
        task_selectors.task_list(
            user=request.user,
            today=today,
            state=(Task.State.OPEN, Task.State.RETURNED, Task.State.AWAITING_CONFIRMATION),
        )[:BULK_MAX_TASKS]
    )
    return [
        BulkRow(row=r, version=r.task.version) for r in reading.task_rows(user=request.user, tasks=tasks, today=today)
    ]


def bulk_parse(request: HttpRequest, rows: list[BulkRow]) -> list[progress_services.ProgressEntry]:
    """Read each row of the posted form into a ProgressEntry; input mistakes go on the row."""
    entries: list[progress_services.ProgressEntry] = []
    for item in rows:
        pk = item.task.pk
        item.done_text = request.POST.get(f"done-{pk}", "").strip()
        item.outcome_text = request.POST.get(f"outcome-{pk}", "").strip()
        item.percent = request.POST.get(f"percent-{pk}", "").strip()
        files = request.FILES.getlist(f"files-{pk}")
        if not item.done_text:
            if item.outcome_text or item.percent or files:
                item.errors.append(_("Say what has been done."))
            continue  # an empty row is skipped
        percent: int | None = None
        if item.percent:
            try:
                percent = int(item.percent)
            except ValueError:
                item.errors.append(_("The percent complete must be a whole number from 0 to 100."))
        try:
            version = int(request.POST.get(f"version-{pk}", ""))
        except ValueError:
            version = None
        if len(item.done_text) > 10000 or len(item.outcome_text) > 10000:
            item.errors.append(_("The text is too long."))
        if any(f.size > settings.EVIDENCE_MAX_BYTES for f in files):
            item.errors.append(_("A file is larger than the limit."))
        entries.append(
            progress_services.ProgressEntry(
                task=item.task,
                done_text=item.done_text,
                outcome_text=item.outcome_text,
                percent=percent,
                files=files,
                expected_version=version,
            )
        )
    return entries


def bulk_progress(request: HttpRequest) -> HttpResponse:
    """One screen to write progress on all of the liaison's open tasks; all rows saved or none."""
    refused = liaison_only(request)
    if refused:
        return refused
    rows = bulk_rows(request)
    context: dict[str, Any] = {"rows": rows, "max_tasks": BULK_MAX_TASKS, "truncated": len(rows) >= BULK_MAX_TASKS}
    if request.method != "POST":
        return render(request, "tracker/liaison/bulk.html", context)
    entries = bulk_parse(request, rows)
    by_task = {item.task.pk: item for item in rows}
    if any(item.errors for item in rows):
        context["error"] = _("Nothing was saved: correct the rows marked below.")
        return render(request, "tracker/liaison/bulk.html", context, status=400)
    try:
        saved = progress_services.progress_bulk_post(actor=request.user, entries=entries)
    except progress_services.BulkProgressRefused as exc:
        for error in exc.errors:
            by_task[error.task.pk].errors.append(error.message)
        context["error"] = exc.message
        return render(request, "tracker/liaison/bulk.html", context, status=exc.status_code)
    except ServiceError as exc:
        context["error"] = exc.message
        return render(request, "tracker/liaison/bulk.html", context, status=exc.status_code)
    messages.success(
        request,
        _("Progress saved on %(count)s tasks.") % {"count": len(saved)},
    )
    return redirect("liaison_home")
