"""Pagination whose count stops at a cap: counting 600,000 matching tasks to print "page 1 of
12,000" costs more than the page itself (a COUNT over every match), and nobody pages that far."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator that counts at most ``COUNT_CAP`` rows (``SELECT COUNT(*) FROM (... LIMIT n)``).

    ``count`` is exact up to the cap; ``count_capped`` says there are more. Narrower filters or
    a search reach the rest. Used by the API task list; the web task list may use it as well.
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
