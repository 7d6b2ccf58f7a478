"""Query parameters of GET /api/tasks/, validated by django-filter and applied by ``task_list``.

The filter set only parses and documents the parameters (OpenAPI); the filtering itself is
``tracker.selectors.tasks.task_list``, the one the web task list uses.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from tracker.models import Extension, ProgressUpdate, Task
from tracker.timeliness import TimeClass


class TaskFilter(django_filters.FilterSet):
    body = django_filters.NumberFilter(method="parsed_only", help_text="Lead or coordinating body id")
    state = django_filters.MultipleChoiceFilter(choices=Task.State.choices, method="parsed_only")
    time_class = django_filters.ChoiceFilter(choices=[(t.value, t.value) for t in TimeClass], method="parsed_only")
    conclusion = django_filters.NumberFilter(method="parsed_only")
    heading = django_filters.CharFilter(method="parsed_only")
    deadline_from = django_filters.DateFilter(method="parsed_only")
    deadline_to = django_filters.DateFilter(method="parsed_only")
    q = django_filters.CharFilter(method="parsed_only", help_text="Words of the text; diacritics ignored")

    class Meta:
        model = Task
        fields: list[str] = []

    def parsed_only(self, queryset: QuerySet[Task], name: str, value: object) -> QuerySet[Task]:
        # Already applied by task_list() in the view's get_queryset().
        return queryset


class ProgressFilter(django_filters.FilterSet):
    task = django_filters.NumberFilter(method="parsed_only")
    body = django_filters.NumberFilter(method="parsed_only")

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []

    def parsed_only(self, queryset, name, value):
        return queryset


class ExtensionFilter(django_filters.FilterSet):
    task = django_filters.NumberFilter(method="parsed_only")
    state = django_filters.ChoiceFilter(
        choices=[("pending", "pending"), ("approved", "approved"), ("rejected", "rejected")], method="parsed_only"
    )

    class Meta:
        model = Extension
        fields: list[str] = []

    def parsed_only(self, queryset, name, value):
        return queryset
