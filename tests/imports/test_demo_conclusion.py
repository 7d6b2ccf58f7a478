"""tracker.services.demo.demo_conclusion_load: load_demo imports and publishes the demo conclusion once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from conclusions.models import Conclusion, SourceDocument
from tracker.models import Body, Task
from tracker.services.demo import DEMO_CONCLUSION_PATH, demo_conclusion_load, demo_office_load

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DEMO_CONCLUSION_PATH.is_file(), reason="conclusions/demo/ket_luan_demo.txt is absent"),
]


def test_it_imports_and_publishes_the_demo_conclusion_with_load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    conclusion = Conclusion.objects.get()
    assert conclusion.state == Conclusion.State.PUBLISHED
    assert conclusion.published_by.username == "vanphong"
    assert f"Demo conclusion: id {conclusion.pk}" in out.getvalue()
    tasks = list(conclusion.tasks.all())
    assert len(tasks) >= 10
    assert {t.state for t in tasks} == {Task.State.OPEN}
    assert all(t.lead_body_id for t in tasks)
    assert all(t.deadline or t.recurring for t in tasks)


def test_it_imports_the_demo_conclusion_only_once():
    office = demo_office_load()
    demo_conclusion_load(office=office)
    counts = (Conclusion.objects.count(), SourceDocument.objects.count(), Task.objects.count(), Body.objects.count())
    again = demo_conclusion_load(office=office)
    assert again.duplicate
    assert counts == (
        Conclusion.objects.count(),
        SourceDocument.objects.count(),
        Task.objects.count(),
        Body.objects.count(),
    )


def test_it_does_nothing_without_the_file(tmp_path):
    office = demo_office_load()
    assert demo_conclusion_load(office=office, path=tmp_path / "absent.txt") is None
    assert not Conclusion.objects.exists()
