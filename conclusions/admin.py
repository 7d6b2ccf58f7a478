"""Admin for conclusions: topic rules are office data edited here; imports are read-only records.

Conclusions are created by the import service (web upload or ``import_conclusion``) and changed
by the review services, so the admin shows them without letting anyone edit what was read.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from conclusions.models import Conclusion, SourceDocument, TopicRule


@admin.register(TopicRule)
class TopicRuleAdmin(admin.ModelAdmin):
    list_display = ("keywords", "body_name", "office", "active", "position")
    list_editable = ("active", "position")
    list_filter = ("office", "active")
    search_fields = ("keywords", "body_name")
    ordering = ("office", "position", "id")


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by services: viewable, never added or edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Conclusion)
class ConclusionAdmin(_ReadOnlyAdmin):
    list_display = ("__str__", "office", "doc_kind", "meeting_date", "state", "imported_at", "published_at")
    list_filter = ("office", "state", "doc_kind")
    search_fields = ("number", "title", "issuer")
    # The list shows each conclusion's office: one join instead of a query per row.
    list_select_related = ("office",)


@admin.register(SourceDocument)
class SourceDocumentAdmin(_ReadOnlyAdmin):
    list_display = ("original_name", "office", "size", "sha256", "uploaded_at")
    list_filter = ("office",)
    search_fields = ("original_name", "sha256")
    exclude = ("text",)
    list_select_related = ("office",)
