"""Django admin: the body directory (with memberships inline and the sheet import), tasks and the
read-only audit trail. Topic rules are in conclusions/admin.py; API tokens under "Auth Token"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from tracker.models import AuditEvent, Body, BodyMembership, Task
from tracker.services.bodies import body_directory_import


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 1
    autocomplete_fields = ["user"]


class BodyImportForm(forms.Form):
    office = forms.ModelChoiceField(queryset=Office.objects.all(), label=_("office"))
    file = forms.FileField(
        label=_("Directory sheet (.xlsx or .csv)"),
        help_text=_(
            "Columns: name, short name, aliases (separated by ;), kind, parent, contact e-mails, liaisons "
            "(usernames or e-mails). Nothing is written unless every row is valid."
        ),
    )


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "office", "active", "position"]
    list_filter = ["office", "kind", "active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent", "office"]
    autocomplete_fields = ["parent"]
    inlines = [BodyMembershipInline]
    change_list_template = "admin/tracker/body/change_list.html"

    def get_urls(self) -> list:
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="tracker_body_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import the body directory sheet through body_directory_import (all rows or none)."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        result = None
        form = BodyImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            result = body_directory_import(
                actor=request.user, office=form.cleaned_data["office"], file=form.cleaned_data["file"]
            )
            if result.ok:
                self.message_user(
                    request,
                    _(
                        "Directory imported: %(created)s bodies created, %(updated)s updated, %(members)s liaisons added."
                    )
                    % {
                        "created": len(result.created),
                        "updated": len(result.updated),
                        "members": result.memberships_added,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:tracker_body_changelist"))
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import the body directory"),
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/tracker/body/import.html", context)


@admin.register(BodyMembership)
class BodyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role"]
    list_filter = ["role", "body__office"]
    search_fields = ["user__username", "user__full_name", "body__name"]
    autocomplete_fields = ["user", "body"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """For looking things up; changes go through the office's screens, which audit them."""

    list_display = ["__str__", "conclusion", "lead_body", "deadline", "state"]
    list_filter = ["office", "state", "recurring"]
    search_fields = ["search_text"]
    list_select_related = ["conclusion", "lead_body"]
    readonly_fields = [f.name for f in Task._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Task | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Task | None = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only (the model and, on PostgreSQL, a trigger refuse changes)."""

    list_display = ["at", "actor", "action", "task", "field", "before", "after"]
    list_filter = ["office", "action"]
    search_fields = ["note", "action", "field"]
    list_select_related = ["actor", "task"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
