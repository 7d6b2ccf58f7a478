"""manage.py sweep_reminders [--now ISO_DATETIME] [--dry-run]: run the reminder sweep by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.reminders.services import reminder_sweep


class Command(BaseCommand):
    help = "Decide the reminders due now (or at --now) and queue their sending; prints what it queued."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601, e.g. 2026-11-20T08:00)")
        parser.add_argument("--dry-run", action="store_true", help="Decide and print, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(f"--now: not an ISO date-time: {options['now']!r}") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = reminder_sweep(now=now, dry_run=options["dry_run"])
        verb = "would create" if result.dry_run else "created"
        self.stdout.write(
            f"Sweep at {timezone.localtime(now):%Y-%m-%d %H:%M %Z}: scanned {result.tasks_scanned} tasks in "
            f"{result.batches} batches; {verb} {result.reminders_created} reminders, "
            f"{result.notifications_created} in-app notifications; re-queued {result.requeued_sending} stuck rows."
        )
        self.stdout.write(f"{'Would queue' if result.dry_run else 'Queued'} {result.digests_queued} digest e-mails:")
        for address, count in result.digests:
            self.stdout.write(f"  {address}: {count} reminder(s)")
        if result.publish_failures:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.publish_failures} digests could not reach the broker; the next sweep retries them."
                )
            )
