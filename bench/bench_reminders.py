"""Reminder benchmark on PostgreSQL: `python -m bench.bench_reminders [--tasks N] [--mails M]`.

Measures the reminder sweep over an office of N tasks (default 1,000,000, made by
`manage.py generate_load`, about 70 % of them open or returned, deadlines spread over a year
either side of today):

- cold sweep: the first sweep of a fresh outbox (every task with an occasion today gets its
  rows): time to decide (scan + insert the Reminder rows), whole sweep time (with in-app
  notifications and queueing digests), peak memory, queries per batch;
- warm sweep: the next sweep, 15 minutes later: only tasks changed since the day's first sweep
  are looked at — the every-15-minutes cost in steady state;
- next-day sweep: the first sweep of the following morning (a full scan, that day's occasions);
- sending throughput: digest e-mails per second through Django's SMTP backend to a local
  aiosmtpd sink on loopback (claim, render, send, mark sent).

Targets (issue 5): decide < 10 s, memory < 500 MB, a constant number of queries per batch.
DATABASE_URL chooses the database; by default postgres://postgres@127.0.0.1:5432/theodoi_bench_reminders
(created and migrated when missing). The Celery broker is in-memory: publishing is measured,
not a worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from collections import defaultdict

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/theodoi_bench_reminders"
TARGET_DECIDE_S = 10.0
TARGET_MEMORY_MB = 500.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_ensure(url: str) -> None:
    """Create the benchmark database when missing (PostgreSQL only)."""
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def load_office(tasks: int) -> int:
    """The load office with at least ``tasks`` tasks, generated when missing (no progress rows)."""
    from django.core.management import call_command
    from django.db.models import Count

    from accounts.models import Office

    office = (
        Office.objects.filter(name__startswith="Văn phòng tải thử").annotate(n=Count("tasks")).order_by("-n").first()
    )
    if office is None or office.n < tasks:
        print(f"generating {tasks} tasks …", flush=True)
        started = time.monotonic()
        call_command("generate_load", tasks=tasks, bodies=500, updates_per_task=0)
        print(f"  generated in {time.monotonic() - started:.0f}s", flush=True)
        return load_office(tasks)
    return office.pk


def outbox_clear() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reminders_notification, reminders_reminder, reminders_sweeprun RESTART IDENTITY")


def sweep_measured(now: dt.datetime) -> dict[str, float]:
    """One sweep with its time, queries (total and of the decide phase per batch) and memory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.reminders.services import reminder_sweep

    started = time.monotonic()
    with CaptureQueriesContext(connection) as ctx:
        result = reminder_sweep(now=now)
    total = time.monotonic() - started
    batch_queries = sum(1 for q in ctx.captured_queries if 'FROM "tracker_task"' in q["sql"] and "LIMIT" in q["sql"])
    return {
        "total_s": total,
        "decide_s": result.decide_seconds,
        "tasks": result.tasks_scanned,
        "batches": result.batches,
        "created": result.reminders_created,
        "notifications": result.notifications_created,
        "digests": result.digests_queued,
        "queries": len(ctx.captured_queries),
        "batch_selects": batch_queries,
    }


def queries_per_batch(now: dt.datetime) -> tuple[int, int]:
    """Queries of a dry-run sweep with batches of 5,000 and of 10,000: the difference over the
    difference in batch count is the per-batch cost, which must not grow with the data."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tracker.reminders import services
    from tracker.reminders.models import SweepRun

    counts = []
    for size in (5000, 10000):
        services.BATCH_SIZE = size
        with transaction.atomic():
            # As the day's first (full) sweep: forget the sweep log, then roll that back.
            SweepRun.objects.all().delete()
            with CaptureQueriesContext(connection) as ctx:
                result = services.reminder_sweep(now=now, dry_run=True)
            transaction.set_rollback(True)
        counts.append((len(ctx.captured_queries), result.batches))
    services.BATCH_SIZE = 5000
    (q1, b1), (q2, b2) = counts
    return (q1 - q2) // max(b1 - b2, 1), b1


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sending_throughput(mails: int) -> tuple[int, float]:
    """Send up to ``mails`` queued digests to an aiosmtpd sink on loopback; mails per second."""
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from tracker.reminders.models import Reminder
    from tracker.reminders.services import digest_send

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.count += 1
            return "250 OK"

    groups: dict[str, list[int]] = defaultdict(list)
    for row_id, address in Reminder.objects.filter(status="queued", channel="email").values_list("id", "email")[
        :200000
    ]:
        if len(groups) >= mails and address not in groups:
            continue
        if len(groups[address]) < 20:
            groups[address].append(row_id)
    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        started = time.monotonic()
        for ids in list(groups.values())[:mails]:
            digest_send(reminder_ids=ids)
        elapsed = time.monotonic() - started
    finally:
        controller.stop()
    return Sink.count, Sink.count / elapsed if elapsed else 0.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--mails", type=int, default=500)
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench_reminders needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 2
    database_ensure(url)
    django_setup(url)
    from django.utils import timezone

    from bench.results import results_write

    load_office(args.tasks)
    outbox_clear()
    now = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    print("dry run (decide only) …", flush=True)
    from tracker.reminders.services import reminder_sweep

    started = time.monotonic()
    dry = reminder_sweep(now=now, dry_run=True)
    dry_s = time.monotonic() - started
    print(f"  {dry_s:.1f}s, would create {dry.reminders_created}", flush=True)
    print("cold sweep …", flush=True)
    cold = sweep_measured(now)
    print(f"  {cold}", flush=True)
    warm = sweep_measured(now + dt.timedelta(minutes=15))
    print(f"warm sweep: {warm}", flush=True)
    per_batch, batches = queries_per_batch(now + dt.timedelta(minutes=30))
    print(f"queries per batch: {per_batch}", flush=True)
    next_day = sweep_measured(now + dt.timedelta(days=1))
    print(f"next-day sweep: {next_day}", flush=True)
    memory = peak_mb()
    sent, rate = sending_throughput(args.mails)
    print(f"sending: {sent} mails, {rate:.0f}/s; peak memory {memory:.0f} MB", flush=True)

    def row(name: str, m: dict[str, float]) -> str:
        return (
            f"| {name} | {m['tasks']:,} | {m['batches']} | {m['decide_s']:.2f} s | {m['total_s']:.2f} s | "
            f"{m['created']:,} | {m['notifications']:,} | {m['digests']:,} | {m['queries']:,} |"
        )

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER"

    verdict_line = (
        f"deciding (dry run) {dry_s:.1f} s: **{verdict(dry_s < TARGET_DECIDE_S)}**; cold sweep deciding and "
        f"writing {cold['created']:,} rows {cold['decide_s']:.1f} s: **{verdict(cold['decide_s'] < TARGET_DECIDE_S)}**; "
        f"warm sweep {warm['decide_s']:.1f} s: **{verdict(warm['decide_s'] < TARGET_DECIDE_S)}**; "
        f"memory {memory:.0f} MB: **{verdict(memory < TARGET_MEMORY_MB)}**"
    )
    markdown = f"""
{args.tasks:,} tasks from `manage.py generate_load` (500 bodies, one liaison and one mailbox each; deadlines
±365 days around today). Targets: decide < {TARGET_DECIDE_S:.0f} s, memory < {TARGET_MEMORY_MB:.0f} MB,
constant queries per batch. {verdict_line}.

Deciding alone (a dry run on the fresh outbox: scan, occasions, recipients, "already decided?"
check, no writes): **{dry_s:.1f} s** for {dry.tasks_scanned:,} tasks scanned, {dry.reminders_created:,} reminders decided.

| sweep | tasks scanned | batches | decide | whole sweep | rows created | in-app | digests queued | queries |
|---|---|---|---|---|---|---|---|---|
{row("cold (fresh outbox)", cold)}
{row("warm (+15 min)", warm)}
{row("next day", next_day)}

- A full sweep (the first of the day) selects in SQL only the tasks with an occasion dated since the
  last full sweep (deadline ranges for before/due, MOD for weekly overdue repeats, escalation date),
  in keyset batches of 5,000; later sweeps that day only tasks changed since (`Task.updated_at`).
  The cold sweep has no previous sweep, so it looks back over the 3-day catch-up window.
- Queries per batch: **{per_batch}** (task batch, "already decided?"; a real sweep adds the insert),
  the same for batches of 5,000 and 10,000 ({batches} batches of 5,000 in a full dry run).
- The warm sweep's time is one scan of the task table for `updated_at` (the task table has no
  index on it); the waiting-extension and completion checks take the rest.
- Peak memory of the process: **{memory:.0f} MB**.
- Sending: **{rate:.0f} digest e-mails/s** ({sent} digests of up to 20 reminders, one SMTP connection
  each, to an aiosmtpd sink on loopback; claim, render HTML + text, send, mark sent).
"""
    results_write("Reminders", markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
