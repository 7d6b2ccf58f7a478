"""API views: parse the request, call ONE selector or service, serialize the answer.

Visibility comes from the selectors (a task the user may not see is a 404), permissions from
the services (``NotAllowed`` → 403), so the API and the web UI answer alike. A ``ServiceError``
becomes ``{"detail": message}`` with its status code (400, 403, 409).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conclusions.models import Conclusion
from tracker.api import serializers as s
from tracker.api.filters import ExtensionFilter, ProgressFilter, TaskFilter
from tracker.errors import NotAllowed, ServiceError
from tracker.models import Body, Extension, ProgressUpdate, Task
from tracker.selectors import bodies as body_selectors
from tracker.selectors import tasks as task_selectors
from tracker.selectors.paging import CappedPaginator
from tracker.services import bodies as body_services
from tracker.services.extensions import extension_decide, extension_request
from tracker.services.progress import progress_post
from tracker.services.tasks import (
    UNSET,
    task_cancel,
    task_completion_confirm,
    task_completion_propose,
    task_pause,
    task_resume,
    task_return,
    task_update,
)

ERROR = OpenApiResponse(description="{'detail': message}")


class Pagination(PageNumberPagination):
    """Page numbers, 50 rows by default; ``count`` stops at 10,000 (``count_capped`` is then true)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.count_capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "True when more rows match than `count` (which stops at 10,000).",
        }
        return described


class ServiceErrors:
    """Turn a service's refusal into {"detail": message} with its status code.

    Token first among the authenticators: a client with no credentials then gets 401 with a
    ``WWW-Authenticate: Token`` header (with the session first, DRF answers 403).
    """

    authentication_classes = [TokenAuthentication, SessionAuthentication]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ServiceError):
            return Response({"detail": exc.message}, status=exc.status_code)
        return super().handle_exception(exc)  # type: ignore[misc]


def parsed(serializer_class: type[s.serializers.Serializer], request: Request, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def office_body(user: Any, pk: int | None) -> Body | None:
    """A body of the user's office by id, for inputs naming bodies (400 when unknown)."""
    if pk is None:
        return None
    body = Body.objects.filter(office_id=user.office_id, pk=pk).first()
    if body is None:
        raise ValidationError({"detail": f"Body {pk} not found."})
    return body


class ConclusionViewSet(ServiceErrors, viewsets.ReadOnlyModelViewSet):
    """Conclusions with tasks the user may see."""

    queryset = Conclusion.objects.none()  # for the schema; get_queryset() scopes
    serializer_class = s.ConclusionSerializer
    pagination_class = Pagination
    filter_backends: list[Any] = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return task_selectors.conclusion_list(user=self.request.user).order_by("-meeting_date", "-id")


class TaskViewSet(ServiceErrors, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tasks: list with filters, detail, office edits and the workflow actions."""

    queryset = Task.objects.none()  # for the schema; get_queryset() scopes
    pagination_class = Pagination
    filterset_class = TaskFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return s.TaskListSerializer if self.action == "list" else s.TaskDetailSerializer

    def get_queryset(self):
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return Task.objects.none()  # detail and actions go through task_get()
        filters = TaskFilter(self.request.query_params)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        data = filters.form.cleaned_data
        return task_selectors.task_list(
            user=self.request.user,
            today=timezone.localdate(),
            body=data.get("body"),
            state=data.get("state") or None,
            time_class=data.get("time_class") or None,
            conclusion=data.get("conclusion"),
            heading=data.get("heading") or None,
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            q=data.get("q") or None,
        )

    def get_object(self) -> Task:
        task = task_selectors.task_get(user=self.request.user, pk=self.kwargs["pk"])
        return task_selectors.task_latest_progress([task])[0] if self.action == "retrieve" else task

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return task_selectors.task_latest_progress(page) if page is not None else None

    def answer(self, task: Task, code: int = status.HTTP_200_OK) -> Response:
        [fresh] = task_selectors.task_latest_progress([task_selectors.task_get(user=self.request.user, pk=task.pk)])
        return Response(s.TaskDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request=s.TaskUpdateSerializer, responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """Office staff edit text, heading, deadline, recurring and bodies (version required)."""
        task = self.get_object()
        data = parsed(s.TaskUpdateSerializer, request)
        changes: dict[str, Any] = {}
        for key in ("text", "heading", "deadline", "recurring"):
            changes[key] = data.get(key, UNSET)
        changes["lead_body"] = office_body(request.user, data["lead_body"]) if "lead_body" in data else UNSET
        if "coordinating_bodies" in data:
            changes["coordinating_bodies"] = [office_body(request.user, pk) for pk in data["coordinating_bodies"]]
        task_update(
            actor=request.user, task=task, note=data.get("note", ""), expected_version=data["version"], **changes
        )
        return self.answer(task)

    @extend_schema(responses=s.TimelineEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        """Progress, evidence, extensions and state changes (the full audit for VIEW_HISTORY roles)."""
        task = self.get_object()
        entries = task_selectors.task_timeline(user=request.user, task=task)
        return Response(s.TimelineEntrySerializer(entries, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        request=s.ProgressCreateSerializer, responses={201: s.ProgressSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """A liaison of the lead or a coordinating body posts progress (files as multipart ``files``)."""
        task = self.get_object()
        data = parsed(s.ProgressCreateSerializer, request)
        update = progress_post(
            actor=request.user,
            task=task,
            body=office_body(request.user, data.get("body")),
            done_text=data["done_text"],
            outcome_text=data.get("outcome_text", ""),
            percent=data.get("percent"),
            files=data.get("files", []),
            expected_version=data.get("version"),
        )
        return Response(s.ProgressSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CompletionProposeSerializer,
        responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR},
    )
    @action(detail=True, methods=["post"], url_path="propose-completion")
    def propose_completion(self, request: Request, pk: str | None = None) -> Response:
        """The lead body proposes completion with evidence → awaiting confirmation."""
        task = self.get_object()
        data = parsed(s.CompletionProposeSerializer, request)
        task_completion_propose(
            actor=request.user,
            task=task,
            done_text=data["done_text"],
            outcome_text=data["outcome_text"],
            percent=data.get("percent"),
            files=data.get("files", []),
            expected_version=data.get("version"),
        )
        return self.answer(task)

    @extend_schema(
        request=s.ConfirmSerializer, responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """The office confirms a proposed completion → done."""
        task = self.get_object()
        data = parsed(s.ConfirmSerializer, request)
        task_completion_confirm(
            actor=request.user,
            task=task,
            completed_on=data.get("completed_on"),
            note=data.get("note", ""),
            expected_version=data.get("version"),
        )
        return self.answer(task)

    @extend_schema(
        request=s.ReasonSerializer, responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_task(self, request: Request, pk: str | None = None) -> Response:
        """The office returns a proposed completion for rework, with a reason."""
        task = self.get_object()
        data = parsed(s.ReasonSerializer, request)
        task_return(actor=request.user, task=task, reason=data["reason"], expected_version=data.get("version"))
        return self.answer(task)

    @extend_schema(
        request=s.ReasonSerializer, responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        task = self.get_object()
        data = parsed(s.ReasonSerializer, request)
        task_pause(actor=request.user, task=task, reason=data["reason"], expected_version=data.get("version"))
        return self.answer(task)

    @extend_schema(
        request=s.NoteSerializer, responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        task = self.get_object()
        data = parsed(s.NoteSerializer, request)
        task_resume(actor=request.user, task=task, note=data.get("note", ""), expected_version=data.get("version"))
        return self.answer(task)

    @extend_schema(
        request=s.ReasonSerializer, responses={200: s.TaskDetailSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        task = self.get_object()
        data = parsed(s.ReasonSerializer, request)
        task_cancel(actor=request.user, task=task, reason=data["reason"], expected_version=data.get("version"))
        return self.answer(task)

    @extend_schema(request=s.ExtensionRequestSerializer, responses={201: s.ExtensionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request: Request, pk: str | None = None) -> Response:
        """The lead body asks for a later deadline, with a reason."""
        task = self.get_object()
        data = parsed(s.ExtensionRequestSerializer, request)
        extension = extension_request(
            actor=request.user,
            task=task,
            requested_deadline=data["requested_deadline"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return Response(s.ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)


class ProgressViewSet(ServiceErrors, viewsets.ReadOnlyModelViewSet):
    """Progress updates on the tasks the user may see, newest first."""

    queryset = ProgressUpdate.objects.none()  # for the schema; get_queryset() scopes
    serializer_class = s.ProgressSerializer
    pagination_class = Pagination
    filterset_class = ProgressFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = ProgressFilter(self.request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        return task_selectors.progress_list(
            user=self.request.user, task=params.form.cleaned_data.get("task"), body=params.form.cleaned_data.get("body")
        )


class ExtensionViewSet(ServiceErrors, viewsets.ReadOnlyModelViewSet):
    """Extension requests on the tasks the user may see; the office decides them."""

    queryset = Extension.objects.none()  # for the schema; get_queryset() scopes
    serializer_class = s.ExtensionSerializer
    pagination_class = Pagination
    filterset_class = ExtensionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = ExtensionFilter(self.request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        return task_selectors.extension_list(
            user=self.request.user,
            task=params.form.cleaned_data.get("task"),
            state=params.form.cleaned_data.get("state") or None,
        )

    @extend_schema(
        request=s.ExtensionDecideSerializer, responses={200: s.ExtensionSerializer, 400: ERROR, 403: ERROR, 409: ERROR}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """The office approves (the deadline moves; the original is kept) or rejects with a note."""
        extension = task_selectors.extension_get(user=request.user, pk=pk)
        data = parsed(s.ExtensionDecideSerializer, request)
        extension = extension_decide(
            actor=request.user,
            extension=extension,
            approve=data["approve"],
            note=data.get("note", ""),
            new_deadline=data.get("new_deadline"),
            expected_version=data.get("version"),
        )
        return Response(s.ExtensionSerializer(extension).data)


class BodyViewSet(ServiceErrors, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The body directory of the user's office; office staff add and edit bodies."""

    queryset = Body.objects.none()  # for the schema; get_queryset() scopes
    serializer_class = s.BodySerializer
    pagination_class = Pagination
    filter_backends: list[Any] = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return body_selectors.body_list(user=self.request.user, q=self.request.query_params.get("q"))

    def get_object(self) -> Body:
        return body_selectors.body_get(user=self.request.user, pk=self.kwargs["pk"])

    def body_values(self, data: dict[str, Any]) -> dict[str, Any]:
        values = dict(data)
        if "parent" in values:
            values["parent"] = office_body(self.request.user, values["parent"])
        return values

    @extend_schema(request=s.BodyWriteSerializer, responses={201: s.BodySerializer, 400: ERROR, 403: ERROR})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = parsed(s.BodyWriteSerializer, request)
        if request.user.office is None:
            raise NotAllowed(gettext("You are not allowed to manage the body directory."))
        body = body_services.body_create(actor=request.user, office=request.user.office, **self.body_values(data))
        return Response(s.BodySerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.BodyWriteSerializer, responses={200: s.BodySerializer, 400: ERROR, 403: ERROR})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_object()
        data = parsed(s.BodyWriteSerializer, request, partial=True)
        body = body_services.body_update(actor=request.user, body=body, **self.body_values(data))
        return Response(s.BodySerializer(body).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not kwargs.get("partial"):
            return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)
        return self.partial_update(request, *args, **kwargs)


class EvidenceDownloadView(ServiceErrors, APIView):
    """An evidence file, served only to users who may see its task."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes, 404: ERROR})
    def get(self, request: Request, pk: int) -> FileResponse:
        evidence = task_selectors.evidence_get(user=request.user, pk=pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type or "application/octet-stream",
        )
