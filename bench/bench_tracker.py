"""Follow-up tracking benchmark on PostgreSQL: `python -m bench.bench_tracker [--tasks N]`.

Measures, with one client issuing requests one after another through Django's full request
stack (middleware, session or token auth, views, templates, serializers; in-process, so no
network time), the p50/p95 latency and SQL queries per request of:

- API task list, filtered, 50 rows (GET /api/tasks/?state=open&body=…&page_size=50) and an
  accent-blind search (q=…);
- API task detail and the task page;
- the dashboard and the task list page (the web UI's pages, measured when their URLs exist).

Targets (issue 4): API list and task page p95 < 50 ms; dashboard and task list page p95 < 100 ms.
The data is an office made by `manage.py generate_load --tasks N` (generated here when the
database has no load office of at least N tasks). DATABASE_URL chooses the database; by
default postgres://postgres@127.0.0.1:5432/theodoi_bench.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

TARGETS_MS = {"api": 50.0, "page": 100.0}


@dataclass
class Measure:
    name: str
    target_ms: float
    p50: float
    p95: float
    worst: float
    queries: int
    count: int
    sql_ms: float = 0.0

    @property
    def verdict(self) -> str:
        return "ok" if self.p95 < self.target_ms else "OVER"


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings

    # Query logging (DEBUG) costs time per query; counts are taken with CaptureQueriesContext.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]


def load_office(tasks: int):
    """The load office with the most tasks, generated first when it has fewer than ``tasks``."""
    from django.core.management import call_command
    from django.db.models import Count

    from accounts.models import Office

    office = (
        Office.objects.filter(name__startswith="Văn phòng tải thử").annotate(n=Count("tasks")).order_by("-n").first()
    )
    if office is None or office.n < tasks:
        print(f"generating {tasks} tasks …", flush=True)
        call_command("generate_load", tasks=tasks, bodies=500, updates_per_task=10)
        return load_office(tasks)
    return office


def measure(name: str, target_ms: float, request: Callable[[], object], n: int) -> Measure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches, connections, templates
        request()
    with CaptureQueriesContext(connection) as captured:
        request()
    queries = len(captured)
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    times = []
    for _ in range(n):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return Measure(name, target_ms, statistics.median(times), p95, times[-1], queries, n, sql_ms)


def ok(response) -> object:
    if response.status_code != 200:
        raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response


def run(n_requests: int, tasks: int) -> tuple[list[Measure], dict[str, object]]:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from tracker.models import Body, ProgressUpdate, Task

    office = load_office(tasks)
    staff = User.objects.get(username=f"load{office.pk}_staff")
    token, _ = Token.objects.get_or_create(user=staff)
    rng = random.Random(7)
    task_ids = list(Task.objects.filter(office=office).values_list("pk", flat=True)[:: max(1, office.n // 2000)])
    body_ids = list(Body.objects.filter(office=office).values_list("pk", flat=True))

    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_HOST="localhost")
    web = Client(HTTP_HOST="localhost")
    web.force_login(staff)

    measures = [
        measure(
            "API task list, filtered by state and body, 50 rows",
            TARGETS_MS["api"],
            lambda: ok(api.get("/api/tasks/", {"state": "open", "body": rng.choice(body_ids), "page_size": 50})),
            n_requests,
        ),
        measure(
            "API task list, overdue, 50 rows",
            TARGETS_MS["api"],
            lambda: ok(api.get("/api/tasks/", {"time_class": "overdue", "page": rng.randint(1, 20), "page_size": 50})),
            n_requests,
        ),
        measure(
            "API task list, search “giai ngan von” (no diacritics), 50 rows",
            TARGETS_MS["api"],
            lambda: ok(api.get("/api/tasks/", {"q": "giai ngan von", "page_size": 50})),
            n_requests,
        ),
        measure(
            "API task list, search “nhiem vu 4711” (selective), 50 rows",
            TARGETS_MS["api"],
            lambda: ok(api.get("/api/tasks/", {"q": "nhiem vu 4711", "page_size": 50})),
            n_requests,
        ),
        measure(
            "API task detail",
            TARGETS_MS["api"],
            lambda: ok(api.get(f"/api/tasks/{rng.choice(task_ids)}/")),
            n_requests,
        ),
    ]
    pages = [
        ("task_detail", "Task page (web)", TARGETS_MS["api"], lambda: [rng.choice(task_ids)], {}),
        ("dashboard", "Dashboard page (web)", TARGETS_MS["page"], list, {}),
        ("task_list", "Task list page (web), open tasks", TARGETS_MS["page"], list, {"state": "open"}),
        ("task_list", "Task list page (web), search “tien do”", TARGETS_MS["page"], list, {"q": "tien do"}),
        (
            "task_list",
            "Task list page (web), heading “kinh te” (free text)",
            TARGETS_MS["page"],
            list,
            {"heading": "kinh te"},
        ),
        ("task_list", "Task list page (web), page 20 of all tasks", TARGETS_MS["page"], list, {"page": 20}),
    ]
    missing = []
    for url_name, label, target, args, params in pages:
        try:
            reverse(url_name, args=args())
        except NoReverseMatch:
            missing.append(url_name)
            continue
        measures.append(
            measure(
                label, target, lambda u=url_name, a=args, p=params: ok(web.get(reverse(u, args=a()), p)), n_requests
            )
        )
    if "dashboard" not in missing:
        from django.conf import settings

        # The same page with the counts cache off: what the first visitor after a change waits.
        cached = settings.DASHBOARD_CACHE_SECONDS
        settings.DASHBOARD_CACHE_SECONDS = 0
        measures.append(
            measure(
                "Dashboard page (web), counts cache off",
                TARGETS_MS["page"],
                lambda: ok(web.get(reverse("dashboard"))),
                n_requests,
            )
        )
        settings.DASHBOARD_CACHE_SECONDS = cached
    facts = {
        "tasks": Task.objects.filter(office=office).count(),
        "bodies": len(body_ids),
        "progress": ProgressUpdate.objects.filter(task__office=office).count() if office.n <= 200_000 else None,
        "database": f"{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}",
        "missing": missing,
    }
    return measures, facts


def report(measures: list[Measure], facts: dict[str, object], n_requests: int) -> str:
    lines = [
        f"Office of **{facts['tasks']:,} tasks**, {facts['bodies']} bodies"
        + (f", {facts['progress']:,} progress updates" if facts.get("progress") else "")
        + f"; {facts['database']}; one client, {n_requests} sequential requests per row after 3 warm-ups, "
        "in-process through the whole Django stack (no network). "
        f"Load average during the run: {facts.get('load', '?')} on {os.cpu_count()} CPUs.",
        "",
        "| request | p50 | p95 | max | SQL queries (time, one request) | target (p95) |",
        "|---|---|---|---|---|---|",
    ]
    for m in measures:
        lines.append(
            f"| {m.name} | {m.p50:.1f} ms | {m.p95:.1f} ms | {m.worst:.1f} ms | {m.queries} ({m.sql_ms:.0f} ms) | "
            f"< {m.target_ms:.0f} ms: {m.verdict} |"
        )
    if facts["missing"]:
        lines += ["", f"Not measured (no such URL yet): {', '.join(facts['missing'])}."]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000, help="least tasks in the load office")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/theodoi_bench",
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        print("bench_tracker measures PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    django_setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        # Planner statistics for every table, as autovacuum keeps them on a running server: without
        # them (a fresh database, or autovacuum off as on the bench machine) PostgreSQL guesses the
        # size of conclusions and bodies and may join the task list through every conclusion.
        cursor.execute("ANALYZE")
    load_before = os.getloadavg()[0]
    measures, facts = run(args.requests, args.tasks)
    # The machine is shared (2 cores): a load above 2 means the numbers include waiting for a CPU.
    facts["load"] = f"{load_before:.1f} → {os.getloadavg()[0]:.1f}"
    markdown = report(measures, facts, args.requests)
    print(markdown)
    from bench.results import results_write

    size = facts["tasks"]
    results_write(f"Follow-up tracking, {size:,} tasks", markdown)
    return 0 if all(m.verdict == "ok" for m in measures) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
