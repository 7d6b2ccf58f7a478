"""Pagination whose count stops at a cap: counting 600,000 matching tasks to print "page 1 of
12,000" costs more than the page itself (a COUNT over every match), and nobody pages that far."""

from __future__ import annotations

import time
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# Below this many matches a page is cheap whatever the plan: no look at the table size.
WALK_MIN_MATCHES = 1_000
# How long a process trusts PostgreSQL's estimate of a table's rows.
TABLE_ROWS_SECONDS = 600.0
_table_rows: dict[tuple[str, str], tuple[float, float]] = {}


def table_rows(using: str, table: str) -> float:
    """PostgreSQL's estimate of ``table``'s rows (``pg_class.reltuples``, kept by ANALYZE and
    autovacuum), read once per process every ``TABLE_ROWS_SECONDS``; 0 when unknown."""
    now = time.monotonic()
    known = _table_rows.get((using, table))
    if known is not None and now - known[0] < TABLE_ROWS_SECONDS:
        return known[1]
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    rows = max(float(row[0]), 0.0) if row and row[0] is not None else 0.0
    _table_rows[(using, table)] = (now, rows)
    return rows


class CappedPaginator(Paginator):
    """A Paginator that counts at most ``COUNT_CAP`` rows (``SELECT COUNT(*) FROM (... LIMIT n)``).

    ``count`` is exact up to the cap; ``count_capped`` says there are more. Narrower filters or
    a search reach the rest. Used by the API task list and the web task list.

    The count also chooses how PostgreSQL fetches the page. The accent-blind search is one
    ``LIKE '%word%'`` per word, and PostgreSQL estimates each word apart: for "giai ngan von",
    words that come together, it expects 200 matches where there are 8,000, so it reads every
    match through the trigram index and sorts them all to print 50 (25–40 ms). Walking the
    list's order index (task_office_deadline_order) it stops after the page's rows. Once the
    count is known, the page is fetched with bitmap scans off when walking is cheaper: about
    ``top × table rows / matches`` rows walked against ``matches`` rows read and sorted.
    """

    cap = COUNT_CAP

    @cached_property
    def counted(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "count") and hasattr(object_list, "query"):
            # Only the ids: the joins, annotations and ordering of the page query are not needed.
            return object_list.order_by().values("pk")[: self.cap + 1].count()
        return min(len(object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def count_capped(self) -> bool:
        return self.counted > self.cap

    def walks_in_order(self, top: int) -> bool:
        """Whether the page ending at row ``top`` is cheaper to read in the list's order, with
        bitmap scans off (PostgreSQL only; lists of many matches only)."""
        object_list = self.object_list
        if not hasattr(object_list, "query") or self.counted < WALK_MIN_MATCHES:
            return False
        using = object_list.db
        if connections[using].vendor != "postgresql":
            return False
        rows = table_rows(using, object_list.model._meta.db_table)
        # Rows walked to fill the page ≈ top × rows / matches; read and sorted otherwise ≈ matches.
        return rows > 0 and top * rows < self.counted * self.counted

    def page(self, number: Any) -> Page:
        page = super().page(number)
        if not self.walks_in_order(page.end_index()):
            return page
        using = self.object_list.db
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            # For this page's query only: local to the transaction, and put back at once in case
            # the request runs inside a longer one.
            cursor.execute("SELECT current_setting('enable_bitmapscan'), set_config('enable_bitmapscan', 'off', true)")
            before = cursor.fetchone()[0]
            try:
                page.object_list = list(page.object_list)
            finally:
                cursor.execute("SELECT set_config('enable_bitmapscan', %s, true)", [before])
        return page
