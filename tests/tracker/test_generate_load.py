"""manage.py generate_load writes a consistent office the selectors and the API can read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from accounts.models import Office, User
from tracker.models import Body, ProgressUpdate, Task
from tracker.search import text_fold
from tracker.selectors.dashboard import dashboard_summary

pytestmark = pytest.mark.django_db(transaction=False)


def test_it_generates_tasks_bodies_liaisons_and_progress(db):
    call_command("generate_load", tasks=90, bodies=7, updates_per_task=3, today=dt.date(2026, 11, 20), stdout=None)
    office = Office.objects.get(name__startswith="Văn phòng tải thử")
    assert Body.objects.filter(office=office).count() == 7
    tasks = Task.objects.filter(office=office)
    assert tasks.count() == 90
    assert ProgressUpdate.objects.filter(task__office=office).count() == 270
    task = tasks.first()
    assert task.search_text == text_fold(f"{task.heading} {task.text}")
    assert set(tasks.values_list("state", flat=True)) >= {"open", "done"}
    staff = User.objects.get(username=f"load{office.pk}_staff")
    summary = dashboard_summary(user=staff, today=dt.date(2026, 11, 20))
    assert summary.buckets.total == tasks.exclude(state__in=["paused", "cancelled"]).count()
    # A second run adds to the same office's directory without duplicating bodies.
    call_command("generate_load", tasks=10, bodies=7, updates_per_task=0, office=office.name, stdout=None)
    assert Body.objects.filter(office=office).count() == 7
    assert Task.objects.filter(office=office).count() == 100
    new = Task.objects.create(office=office, conclusion=task.conclusion, text="Sau khi sinh dữ liệu")
    assert new.pk > max(tasks.exclude(pk=new.pk).values_list("pk", flat=True))
