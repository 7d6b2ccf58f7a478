"""The SQL time classes and buckets agree with tracker.timeliness on generated tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ConclusionFactory
from tracker.models import Task
from tracker.selectors.timing import bucket_q, time_class_q
from tracker.timeliness import Bucket, TaskTiming, TimeClass, bucket, time_class

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(2026, 9, 1), max_value=dt.date(2027, 2, 1)))
task_specs = st.lists(
    st.tuples(st.sampled_from([s.value for s in Task.State]), dates, dates, st.booleans()), min_size=1, max_size=25
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=task_specs, due_soon_days=st.integers(min_value=0, max_value=7))
def test_it_classifies_in_sql_exactly_as_the_pure_module(specs, due_soon_days):
    conclusion = ConclusionFactory()
    Task.objects.all().delete()
    tasks = Task.objects.bulk_create(
        Task(
            office=conclusion.office,
            conclusion=conclusion,
            text="x",
            state=state,
            deadline=deadline,
            original_deadline=deadline,
            completed_on=completed if state == "done" else None,
            recurring=recurring,
        )
        for state, deadline, completed, recurring in specs
    )
    expected_buckets: dict[Bucket, set[int]] = {b: set() for b in Bucket}
    expected_classes: dict[TimeClass, set[int]] = {c: set() for c in TimeClass}
    for task in tasks:
        timing = TaskTiming(task.state, task.deadline, task.original_deadline, task.completed_on, task.recurring)
        found = bucket(timing, as_of=TODAY)
        if found:
            expected_buckets[found].add(task.pk)
        expected_classes[time_class(timing, today=TODAY, due_soon_days=due_soon_days)].add(task.pk)
    for b in Bucket:
        assert set(Task.objects.filter(bucket_q(b, as_of=TODAY)).values_list("pk", flat=True)) == expected_buckets[b]
    for c in TimeClass:
        found = Task.objects.filter(time_class_q(c, today=TODAY, due_soon_days=due_soon_days))
        assert set(found.values_list("pk", flat=True)) == expected_classes[c]
