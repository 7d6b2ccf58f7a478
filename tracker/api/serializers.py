"""Serializers of the API: read shapes of tasks, progress, extensions, bodies, conclusions, and the
input of each action. Inputs are only parsed here; the services decide and write."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conclusions.models import Conclusion
from tracker.models import Body, EvidenceFile, Extension, ProgressUpdate, Task
from tracker.selectors.tasks import task_allowed_actions, task_time_class, user_due_soon_days


class BodyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "name", "short_name"]


class BodySerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "name",
            "short_name",
            "aliases",
            "kind",
            "parent",
            "active",
            "contact_emails",
            "head_name",
            "head_email",
            "position",
        ]


class BodyWriteSerializer(serializers.Serializer):
    """Input of POST /api/bodies/ and PATCH /api/bodies/{id}/ (office staff)."""

    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    aliases = serializers.ListField(child=serializers.CharField(max_length=255), required=False)
    kind = serializers.ChoiceField(choices=Body.Kind.choices, required=False)
    parent = serializers.IntegerField(required=False, allow_null=True)
    active = serializers.BooleanField(required=False)
    contact_emails = serializers.ListField(child=serializers.EmailField(), required=False)
    head_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    head_email = serializers.EmailField(required=False, allow_blank=True)


class ConclusionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conclusion
        fields = [
            "id",
            "doc_kind",
            "number",
            "title",
            "issuer",
            "meeting_date",
            "period_label",
            "period_start",
            "period_end",
            "state",
            "published_at",
        ]


class TaskListSerializer(serializers.ModelSerializer):
    """A row of GET /api/tasks/ (from ``task_list``: lead body, conclusion and bodies already joined)."""

    # Plain dicts rather than nested serializers: a 50-row page renders twice as fast.
    lead_body = serializers.SerializerMethodField()
    coordinating_bodies = serializers.SerializerMethodField()
    conclusion_label = serializers.SerializerMethodField()
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    time_class = serializers.SerializerMethodField()
    last_progress_at = serializers.DateTimeField(read_only=True, allow_null=True, default=None)
    last_percent = serializers.IntegerField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Task
        fields = [
            "id",
            "conclusion",
            "conclusion_label",
            "order",
            "section",
            "heading",
            "text",
            "lead_body",
            "coordinating_bodies",
            "deadline",
            "original_deadline",
            "recurring",
            "state",
            "state_label",
            "time_class",
            "completed_on",
            "version",
            "last_progress_at",
            "last_percent",
        ]
        read_only_fields = fields

    @extend_schema_field(BodyBriefSerializer(allow_null=True))
    def get_lead_body(self, task: Task) -> dict | None:
        body = task.lead_body
        return {"id": body.pk, "name": body.name, "short_name": body.short_name} if body else None

    @extend_schema_field(BodyBriefSerializer(many=True))
    def get_coordinating_bodies(self, task: Task) -> list[dict]:
        return [{"id": b.pk, "name": b.name, "short_name": b.short_name} for b in task.coordinating_bodies.all()]

    def get_conclusion_label(self, task: Task) -> str:
        return str(task.conclusion)

    @extend_schema_field(
        serializers.ChoiceField(choices=["within_term", "due_soon", "overdue", "no_deadline"], allow_null=True)
    )
    def get_time_class(self, task: Task) -> str | None:
        # Computed once per page, not per row.
        if "_today" not in self.context:
            request = self.context.get("request")
            self.context["_today"] = timezone.localdate()
            self.context["_due_soon_days"] = user_due_soon_days(request.user) if request else 3
        found = task_time_class(task, today=self.context["_today"], due_soon_days=self.context["_due_soon_days"])
        return found.value if found else None


class TaskDetailSerializer(TaskListSerializer):
    """GET /api/tasks/{id}/ and the answer of every task action: the task and what the user may do."""

    allowed_actions = serializers.SerializerMethodField()

    class Meta(TaskListSerializer.Meta):
        fields = [*TaskListSerializer.Meta.fields, "published_at", "updated_at", "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, task: Task) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return sorted(a.value for a in task_allowed_actions(user=request.user, task=task))


class VersionMixin(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The task's version as you last read it; a newer one on the server gives 409."),
    )


class TaskUpdateSerializer(serializers.Serializer):
    """PATCH /api/tasks/{id}/ (office staff). ``version`` is required: an edit never overwrites
    a change the writer has not seen."""

    version = serializers.IntegerField(min_value=1)
    text = serializers.CharField(required=False)
    heading = serializers.CharField(required=False, allow_blank=True, max_length=500)
    deadline = serializers.DateField(required=False, allow_null=True)
    recurring = serializers.BooleanField(required=False)
    lead_body = serializers.IntegerField(required=False, allow_null=True)
    coordinating_bodies = serializers.ListField(child=serializers.IntegerField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class ProgressCreateSerializer(VersionMixin):
    """POST /api/tasks/{id}/progress/ (multipart when files are attached)."""

    done_text = serializers.CharField()
    outcome_text = serializers.CharField(required=False, allow_blank=True, default="")
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    body = serializers.IntegerField(required=False, allow_null=True, help_text=_("Body you report for (optional)."))
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class CompletionProposeSerializer(VersionMixin):
    """POST /api/tasks/{id}/propose-completion/ (lead body; evidence required)."""

    done_text = serializers.CharField()
    outcome_text = serializers.CharField()
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100, default=100)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ConfirmSerializer(VersionMixin):
    completed_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(VersionMixin):
    reason = serializers.CharField()


class NoteSerializer(VersionMixin):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionRequestSerializer(VersionMixin):
    requested_deadline = serializers.DateField()
    reason = serializers.CharField()


class ExtensionDecideSerializer(VersionMixin):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    new_deadline = serializers.DateField(required=False, allow_null=True)


class EvidenceFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "created_at", "download_url"]

    def get_download_url(self, evidence: EvidenceFile) -> str:
        return reverse("api:evidence-download", args=[evidence.pk])


class ProgressSerializer(serializers.ModelSerializer):
    body = BodyBriefSerializer(read_only=True)
    author = serializers.CharField(source="author.__str__", read_only=True)
    evidence_files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "task",
            "body",
            "author",
            "kind",
            "done_text",
            "outcome_text",
            "percent",
            "created_at",
            "evidence_files",
        ]


class ExtensionSerializer(serializers.ModelSerializer):
    body = BodyBriefSerializer(read_only=True)
    requested_by = serializers.CharField(source="requested_by.__str__", read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Extension
        fields = [
            "id",
            "task",
            "body",
            "requested_by",
            "requested_at",
            "previous_deadline",
            "requested_deadline",
            "reason",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
        ]

    def get_decided_by(self, extension: Extension) -> str | None:
        return str(extension.decided_by) if extension.decided_by_id else None


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    actor = serializers.SerializerMethodField()
    progress = ProgressSerializer(allow_null=True)
    extension = ExtensionSerializer(allow_null=True)
    event = serializers.SerializerMethodField()

    def get_actor(self, entry) -> str | None:
        return str(entry.actor) if entry.actor else None

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_event(self, entry) -> dict | None:
        event = entry.event
        if event is None:
            return None
        return {
            "action": event.action,
            "field": event.field,
            "before": event.before,
            "after": event.after,
            "note": event.note,
        }
