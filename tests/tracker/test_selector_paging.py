"""CappedPaginator: a count that stops at the cap, and dense pages read in the list's order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.tracker.conftest import task_make
from tracker.selectors import paging
from tracker.selectors.paging import CappedPaginator
from tracker.selectors.tasks import task_list

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def searchable(world, n: int) -> None:
    for i in range(n):
        task_make(
            conclusion=world.task.conclusion,
            lead_body=world.body_b,
            text=f"Giải ngân vốn dự án số {i}",
            deadline=dt.date(2027, 1, 1) + dt.timedelta(days=(i * 7) % 30),
        )


def test_it_counts_up_to_the_cap_and_says_there_are_more(world, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    searchable(world, 6)
    tasks = task_list(user=world.staff, today=TODAY, q="giai ngan")
    paginator = CappedPaginator(tasks, 2)
    assert (paginator.count, paginator.count_capped, paginator.num_pages) == (5, True, 3)
    exact = CappedPaginator(task_list(user=world.staff, today=TODAY, q="du an so 1"), 2)
    assert (exact.count, exact.count_capped) == (1, False)


def test_it_reads_a_dense_page_in_list_order_with_bitmap_scans_off(world, postgres_db, monkeypatch):
    searchable(world, 30)
    monkeypatch.setattr(paging, "WALK_MIN_MATCHES", 10)
    # As if the table held 20 rows: 10 rows to walk × 20 < 30² matches.
    monkeypatch.setattr(paging, "table_rows", lambda using, table: 20.0)
    tasks = task_list(user=world.staff, today=TODAY, q="giai ngan")
    expected = [t.pk for t in tasks[:10]]
    with CaptureQueriesContext(connection) as captured:
        page = CappedPaginator(tasks, 10).page(1)
    assert [t.pk for t in page.object_list] == expected
    sql = [q["sql"] for q in captured.captured_queries]
    assert any("set_config('enable_bitmapscan', 'off', true)" in q for q in sql)
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone()[0] == "on"  # put back, even inside the test's transaction


def test_it_leaves_sparse_pages_and_other_databases_to_the_planner(world, monkeypatch):
    searchable(world, 30)
    monkeypatch.setattr(paging, "WALK_MIN_MATCHES", 10)
    monkeypatch.setattr(paging, "table_rows", lambda using, table: 1_000_000.0)
    tasks = task_list(user=world.staff, today=TODAY, q="giai ngan")
    with CaptureQueriesContext(connection) as captured:
        page = CappedPaginator(tasks, 10).page(2)
        assert len(list(page.object_list)) == 10
    assert not any("enable_bitmapscan" in q["sql"] for q in captured.captured_queries)
    assert CappedPaginator(tasks, 10).walks_in_order(10) is False
