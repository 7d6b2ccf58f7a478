"""Office screens for conclusions: list, upload, review (edit, merge, split, delete, add,
bulk-assign, create a proposed body), publish, and the original file's download.

Only office staff of the conclusion's office get here (``tracker.policy``); any other role
gets 403, and a conclusion or task of another office is 404. Each POST parses its form and
calls one service; a refusal is shown as the service's Vietnamese message and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from conclusions.models import Conclusion
from tracker.errors import NotAllowed, ServiceError
from tracker.models import Body, Task
from tracker.policy import Action, office_allows, office_require
from tracker.selectors.imports import conclusions_for_office, office_bodies, review_rows
from tracker.services.imports import ACCEPTED_EXTENSIONS, conclusion_counts, conclusion_import, conclusion_publish
from tracker.services.review import (
    body_create_from_proposal,
    draft_task_add,
    draft_task_delete,
    draft_task_split,
    draft_task_update,
    draft_tasks_bulk_assign,
    draft_tasks_merge,
)


def _office_conclusion(request: HttpRequest, pk: int) -> Conclusion:
    # Another office's conclusion does not exist for this user: 404, not 403.
    return get_object_or_404(
        Conclusion.objects.select_related("source_document", "office"), pk=pk, office_id=request.user.office_id
    )


# ---------------------------------------------------------------- forms


class UploadForm(forms.Form):
    file = forms.FileField(
        # An empty file reaches the parser, which names the problem the same way everywhere.
        allow_empty_file=True,
        label=gettext_lazy("Conclusion document"),
        help_text=gettext_lazy("Word (.docx, .doc), PDF with text, or plain text (.txt, .md)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
    )


class _BodiesMixin:
    """Body choices limited to the office's directory: a forged id is a form error."""

    def bodies_limit(self, office_id: int) -> None:
        bodies = office_bodies(office=office_id)  # type: ignore[arg-type]
        for name in ("lead_body", "coordinating_bodies"):
            if name in self.fields:  # type: ignore[attr-defined]
                self.fields[name].queryset = bodies  # type: ignore[attr-defined]


class TaskEditForm(_BodiesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=gettext_lazy("Task"), widget=forms.Textarea(attrs={"rows": 4}))
    heading = forms.CharField(label=gettext_lazy("Heading"), required=False, max_length=500)
    lead_body = forms.ModelChoiceField(
        label=gettext_lazy("Lead body"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none —"),
    )
    coordinating_bodies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Coordinating bodies"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recurring = forms.BooleanField(label=gettext_lazy("Recurring (no single due point)"), required=False)


class BulkForm(_BodiesMixin, forms.Form):
    lead_body = forms.ModelChoiceField(
        label=gettext_lazy("Lead body"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=gettext_lazy("— unchanged —"),
    )
    coordinating_bodies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Add coordinating bodies"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SplitForm(forms.Form):
    second = forms.CharField(
        label=gettext_lazy("The second task starts with"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Give the words the second task starts with.")},
    )


class AddForm(_BodiesMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Task"), widget=forms.Textarea(attrs={"rows": 3}))
    section = forms.CharField(label=gettext_lazy("Section"), required=False, max_length=64)
    heading = forms.CharField(label=gettext_lazy("Heading"), required=False, max_length=500)
    lead_body = forms.ModelChoiceField(
        label=gettext_lazy("Lead body"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none —"),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recurring = forms.BooleanField(label=gettext_lazy("Recurring (no single due point)"), required=False)


class BodyProposalForm(forms.Form):
    name = forms.CharField(max_length=255)


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# ---------------------------------------------------------------- pages


def conclusion_list(request: HttpRequest) -> HttpResponse:
    """The office's imported conclusions, newest first, with how many rows still need work."""
    office_require(request.user, Action.IMPORT_CONCLUSION)
    conclusions = conclusions_for_office(office=request.user.office)
    return render(
        request,
        "conclusions/list.html",
        {
            "conclusions": conclusions,
            "form": UploadForm(),
            "can_publish": office_allows(request.user, Action.PUBLISH_CONCLUSION),
        },
    )


@require_http_methods(["GET", "POST"])
def conclusion_upload(request: HttpRequest) -> HttpResponse:
    """Upload a conclusion document; on success go to its review screen."""
    office_require(request.user, Action.IMPORT_CONCLUSION)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = int(settings.CONCLUSION_UPLOAD_MAX_BYTES)
        try:
            # Read at most one byte more than the limit: the service refuses what is over it.
            data = upload.read(limit + 1)
            result = conclusion_import(actor=request.user, office=request.user.office, data=data, filename=upload.name)
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except ServiceError as exc:
            error = exc.message
        else:
            conclusion = result.conclusion
            if result.duplicate:
                messages.warning(
                    request,
                    _("This file was already imported on %(date)s; here is that conclusion. Nothing new was saved.")
                    % {"date": conclusion.imported_at.astimezone().strftime("%d/%m/%Y %H:%M")},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Imported %(tasks)d tasks: %(with_body)d with a lead body, %(with_deadline)d with a deadline, "
                        "%(flagged)d to complete before publishing."
                    )
                    % {
                        "tasks": result.tasks,
                        "with_body": result.with_body,
                        "with_deadline": result.with_deadline,
                        "flagged": result.flagged,
                    },
                )
            return redirect("conclusion_review", pk=conclusion.pk)
    elif request.method == "POST":
        error = _form_errors(form)
    status = 400 if error else 200
    return render(
        request,
        "conclusions/upload.html",
        {"form": form, "error": error, "max_mb": int(settings.CONCLUSION_UPLOAD_MAX_BYTES) // (1024 * 1024)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def conclusion_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The document beside the extracted plan; POST applies one review action and comes back."""
    office_require(request.user, Action.IMPORT_CONCLUSION)
    conclusion = _office_conclusion(request, pk)
    if request.method == "POST":
        return _review_action(request, conclusion)
    rows = review_rows(conclusion=conclusion)
    bodies = list(office_bodies(office=conclusion.office))
    counts = conclusion_counts(conclusion)
    bulk = BulkForm()
    bulk.bodies_limit(conclusion.office_id)
    add = AddForm()
    add.bodies_limit(conclusion.office_id)
    return render(
        request,
        "conclusions/review.html",
        {
            "conclusion": conclusion,
            "source": conclusion.source_document,
            "rows": rows,
            "bodies": bodies,
            "counts": counts,
            "is_draft": conclusion.state == Conclusion.State.DRAFT,
            "can_publish": office_allows(request.user, Action.PUBLISH_CONCLUSION),
            "bulk_form": bulk,
            "add_form": add,
        },
    )


def _review_task(request: HttpRequest, conclusion: Conclusion) -> Task:
    try:
        task_id = int(request.POST.get("task", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Task, pk=task_id, conclusion=conclusion)


def _selected_tasks(request: HttpRequest, conclusion: Conclusion) -> list[Task]:
    try:
        ids = {int(value) for value in request.POST.getlist("tasks")}
    except ValueError:
        raise Http404 from None
    tasks = list(Task.objects.filter(pk__in=ids, conclusion=conclusion))
    if len(tasks) != len(ids):
        raise Http404  # a task of another conclusion (or office) in a forged request
    return tasks


def _review_action(request: HttpRequest, conclusion: Conclusion) -> HttpResponse:
    action = request.POST.get("action", "")
    anchor = ""
    try:
        if action == "edit":
            anchor = _edit(request, conclusion)
        elif action == "split":
            anchor = _split(request, conclusion)
        elif action == "delete":
            task = _review_task(request, conclusion)
            draft_task_delete(actor=request.user, task=task)
            messages.success(request, _("Task #%(order)s deleted.") % {"order": task.order})
        elif action == "merge":
            merged = draft_tasks_merge(actor=request.user, tasks=_selected_tasks(request, conclusion))
            messages.success(request, _("Tasks merged into #%(order)s.") % {"order": merged.order})
            anchor = f"task-{merged.pk}"
        elif action == "bulk":
            _bulk(request, conclusion)
        elif action == "add":
            anchor = _add(request, conclusion)
        elif action == "create_body":
            form = BodyProposalForm(request.POST)
            if not form.is_valid():
                raise ServiceError(_("The body's name cannot be empty."))
            body, given = body_create_from_proposal(
                actor=request.user, office=conclusion.office, name=form.cleaned_data["name"]
            )
            messages.success(
                request,
                _("Body “%(name)s” added to the directory and given to %(count)d tasks.")
                % {"name": body.name, "count": given},
            )
        else:
            raise Http404
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    url = reverse("conclusion_review", kwargs={"pk": conclusion.pk})
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _edit(request: HttpRequest, conclusion: Conclusion) -> str:
    task = _review_task(request, conclusion)
    form = TaskEditForm(request.POST)
    form.bodies_limit(conclusion.office_id)
    if not form.is_valid():
        raise ServiceError(_form_errors(form))
    data = form.cleaned_data
    draft_task_update(
        actor=request.user,
        task=task,
        text=data["text"],
        heading=data["heading"],
        lead_body=data["lead_body"],
        coordinating_bodies=list(data["coordinating_bodies"]),
        deadline=data["deadline"],
        recurring=data["recurring"],
        expected_version=data["version"],
    )
    messages.success(request, _("Task #%(order)s saved.") % {"order": task.order})
    return f"task-{task.pk}"


def _split(request: HttpRequest, conclusion: Conclusion) -> str:
    task = _review_task(request, conclusion)
    form = SplitForm(request.POST)
    if not form.is_valid():
        raise ServiceError(_form_errors(form))
    first, second = draft_task_split(actor=request.user, task=task, at=form.cleaned_data["second"])
    messages.success(
        request,
        _("Task #%(order)s split in two (#%(order)s and #%(new)s).") % {"order": first.order, "new": second.order},
    )
    return f"task-{second.pk}"


def _bulk(request: HttpRequest, conclusion: Conclusion) -> None:
    tasks = _selected_tasks(request, conclusion)
    form = BulkForm(request.POST)
    form.bodies_limit(conclusion.office_id)
    if not form.is_valid():
        raise ServiceError(_form_errors(form))
    data = form.cleaned_data
    changed = draft_tasks_bulk_assign(
        actor=request.user,
        tasks=tasks,
        lead_body=data["lead_body"],
        coordinating_bodies=list(data["coordinating_bodies"]),
        deadline=data["deadline"],
    )
    messages.success(request, _("%(count)d tasks updated.") % {"count": changed})


def _add(request: HttpRequest, conclusion: Conclusion) -> str:
    form = AddForm(request.POST)
    form.bodies_limit(conclusion.office_id)
    if not form.is_valid():
        raise ServiceError(_form_errors(form))
    data = form.cleaned_data
    task = draft_task_add(
        actor=request.user,
        conclusion=conclusion,
        text=data["text"],
        section=data["section"],
        heading=data["heading"],
        lead_body=data["lead_body"],
        deadline=data["deadline"],
        recurring=data["recurring"],
    )
    messages.success(request, _("Task #%(order)s added.") % {"order": task.order})
    return f"task-{task.pk}"


@require_POST
def conclusion_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the reviewed plan (all tasks at once) or say which rows to fix."""
    office_require(request.user, Action.PUBLISH_CONCLUSION)
    conclusion = _office_conclusion(request, pk)
    try:
        conclusion_publish(actor=request.user, conclusion=conclusion)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The plan is published: %(count)d tasks are now open and followed up.")
            % {"count": conclusion_counts(conclusion)["tasks"]},
        )
    return redirect("conclusion_review", pk=conclusion.pk)


def conclusion_source_download(request: HttpRequest, pk: int) -> FileResponse:
    """The original file as uploaded, under its original name."""
    office_require(request.user, Action.IMPORT_CONCLUSION)
    conclusion = _office_conclusion(request, pk)
    source = conclusion.source_document
    if source is None or not source.file:
        raise Http404
    try:
        handle = source.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=source.original_name)
