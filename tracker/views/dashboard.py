"""The office's dashboard: buckets, overdue and due-soon lists, per-body and per-conclusion tables."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.errors import NotAllowed
from tracker.selectors import dashboard as dashboard_selectors
from tracker.timeliness import BUCKET_LABELS

# The per-body table shows the bodies with the most overdue tasks first; printing all 500 rows
# of a large office costs more than counting them, so the rest is one link away (?bodies=all).
BODY_ROWS = 20


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Office staff, leaders and inspectors; a constant number of queries whatever the task count.

    The per-body table lists ``BODY_ROWS`` bodies (most overdue first) unless ``?bodies=all``.
    """
    today = timezone.localdate()
    all_bodies = request.GET.get("bodies") == "all"
    try:
        summary = dashboard_selectors.dashboard_summary(
            user=request.user, today=today, body_limit=None if all_bodies else BODY_ROWS
        )
    except NotAllowed as exc:
        return render(request, "403.html", {"message": exc.message}, status=403)
    buckets = [
        {"key": b.value, "label": BUCKET_LABELS[b], "count": n, "share": (100 * n / summary.buckets.total)}
        if summary.buckets.total
        else {"key": b.value, "label": BUCKET_LABELS[b], "count": n, "share": 0}
        for b, n in summary.bucket_rows
    ]
    return render(
        request,
        "tracker/dashboard.html",
        {
            "summary": summary,
            "all_bodies": all_bodies,
            "bodies_hidden": summary.body_total - len(summary.bodies),
            "buckets": buckets,
            "overdue_pct": round(100 * summary.buckets.overdue_share, 2),
            # (task, days past the deadline) for the overdue list.
            "overdue_rows": [(t, (today - t.deadline).days) for t in summary.overdue],
            "due_soon_rows": [(t, (t.deadline - today).days) for t in summary.due_soon],
        },
    )
