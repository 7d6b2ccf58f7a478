"""dashboard_summary and liaison_home: right numbers, a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ProgressUpdateFactory
from tests.tracker.conftest import task_make
from tracker.errors import NotAllowed
from tracker.models import Task
from tracker.selectors.dashboard import dashboard_summary, liaison_home
from tracker.timeliness import Bucket

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def populate(world, n: int) -> None:
    """n tasks spread over bodies, states and deadlines (five kinds, in turn)."""
    bodies = [world.body_a, world.body_b, world.body_c]
    for i in range(n):
        kind = i % 5
        task_make(
            conclusion=world.task.conclusion,
            lead_body=bodies[i % 3],
            deadline=None if kind == 4 else TODAY + dt.timedelta(days=(-10, 2, 40, -5, 0)[kind]),
            recurring=kind == 4,
            state="done" if kind == 3 else "open",
            completed_on=TODAY - dt.timedelta(days=7) if kind == 3 else None,
        )


def test_it_counts_buckets_lists_and_tables(world):
    Task.objects.filter(pk=world.task.pk).update(deadline=TODAY + dt.timedelta(days=60))
    populate(world, 10)
    task_make(conclusion=world.task.conclusion, lead_body=world.body_b, state="paused")
    task_make(conclusion=world.task.conclusion, lead_body=world.body_b, state="draft")
    summary = dashboard_summary(user=world.staff, today=TODAY)
    assert summary.buckets.counts == {
        Bucket.DONE_ON_TIME: 2,  # done 7 days ago, deadline 5 days ago -> on time
        Bucket.DONE_LATE: 0,
        Bucket.NOT_DONE_WITHIN_TERM: 5,  # 2 due soon + 2 within term + world.task
        Bucket.NOT_DONE_OVERDUE: 2,
        Bucket.ONGOING: 2,
    }
    assert summary.overdue_total == 2 and len(summary.overdue) == 2
    assert summary.due_soon_total == 2
    assert all(t.deadline < TODAY for t in summary.overdue)
    rows = {r.name: r for r in summary.bodies}
    a = rows["Ban Tuyên giáo Thành ủy"]
    # body A leads world.task and tasks 0, 3, 6, 9 (kinds 0, 3, 1, 4)
    assert (a.tasks, a.overdue, a.done_on_time) == (5, 1, 1)
    assert a.done_on_time_pct == 25.0  # 1 of 4 tasks with a deadline
    [conclusion] = summary.conclusions
    assert (conclusion.tasks, conclusion.done, conclusion.overdue) == (11, 2, 2)


def test_it_refuses_the_dashboard_to_liaisons(world):
    with pytest.raises(NotAllowed):
        dashboard_summary(user=world.liaison_a, today=TODAY)


@pytest.mark.parametrize("n", [10, 200])
def test_it_builds_the_dashboard_in_a_constant_number_of_queries(world, n, django_assert_max_num_queries):
    populate(world, n)
    user = world.leader
    user.groups.all()  # roles are cached per request; this is the first ask
    with django_assert_max_num_queries(7):
        summary = dashboard_summary(user=user, today=TODAY)
        for task in summary.overdue + summary.due_soon:
            _ = (task.lead_body.name, task.conclusion.number)
    assert summary.buckets.total == n + 1


@pytest.mark.parametrize("n", [10, 200])
def test_it_builds_the_liaison_home_in_a_constant_number_of_queries(world, n):
    populate(world, n)
    with CaptureQueriesContext(connection) as queries:
        home = liaison_home(user=world.liaison_a, today=TODAY)
        for task in home.overdue + home.due_soon + home.needs_update:
            _ = (task.lead_body.name, task.conclusion.number)
    assert len(queries) <= 9
    assert home.counts["total"] >= 1


@time_machine.travel("2026-11-20 05:00:00+00:00", tick=False)
def test_it_lists_what_a_liaison_must_update(world):
    stale = task_make(conclusion=world.task.conclusion, lead_body=world.body_a, deadline=TODAY + dt.timedelta(days=2))
    fresh = task_make(conclusion=world.task.conclusion, lead_body=world.body_a, state="returned")
    ProgressUpdateFactory(task=fresh, body=world.body_a, author=world.liaison_a)
    task_make(conclusion=world.task.conclusion, lead_body=world.body_b, deadline=TODAY - dt.timedelta(days=1))
    home = liaison_home(user=world.liaison_a, today=TODAY)
    assert [b.name for b in home.bodies] == ["Ban Tuyên giáo Thành ủy"]
    assert [t.pk for t in home.due_soon] == [stale.pk]
    assert home.overdue == []  # body B's overdue task is not theirs
    assert [t.pk for t in home.returned] == [fresh.pk]
    assert {t.pk for t in home.needs_update} == {world.task.pk, stale.pk}
    assert home.counts["due_soon"] == 1


def test_it_caches_the_counts_until_a_service_changes_a_task(world, settings):
    from django.core.cache import cache

    from tracker.services.tasks import task_update

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    populate(world, 5)
    before = dashboard_summary(user=world.staff, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        again = dashboard_summary(user=world.staff, today=TODAY)
    assert again.buckets == before.buckets
    assert len(queries) <= 3  # the stamp and the two lists; no pass over the tasks
    overdue_task = before.overdue[0]
    task_update(actor=world.staff, task=overdue_task, deadline=TODAY + dt.timedelta(days=30))
    after = dashboard_summary(user=world.staff, today=TODAY)
    assert after.buckets.get(Bucket.NOT_DONE_OVERDUE) == before.buckets.get(Bucket.NOT_DONE_OVERDUE) - 1
    assert after.buckets.get(Bucket.NOT_DONE_WITHIN_TERM) == before.buckets.get(Bucket.NOT_DONE_WITHIN_TERM) + 1
    cache.clear()


def test_it_keeps_the_bodies_with_most_overdue_tasks_when_limited(world):
    populate(world, 12)
    summary = dashboard_summary(user=world.staff, today=TODAY, body_limit=1)
    assert summary.body_total == 3
    [top] = summary.bodies
    assert top.overdue == max(r.overdue for r in dashboard_summary(user=world.staff, today=TODAY).bodies)
