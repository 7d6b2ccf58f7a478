"""Celery tasks of reminders: the sweep (run by beat) and the digest sender.

Both only parse their arguments and call one service; the services hold the rules.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from tracker.reminders.services import TransientSendError, digest_send, reminder_sweep

SEND_MAX_RETRIES = 5


def retry_countdown(retries: int) -> float:
    """Exponential backoff: base, 2×base, 4×base, ... seconds (REMINDER_RETRY_BASE_SECONDS)."""
    base = float(getattr(settings, "REMINDER_RETRY_BASE_SECONDS", 30))
    return base * (2**retries)


@shared_task(name="reminders.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Run the reminder sweep now (beat runs it every 15 minutes by default)."""
    result = reminder_sweep(now=timezone.now())
    return {"created": result.reminders_created, "digests": result.digests_queued}


@shared_task(
    name="reminders.send_digest",
    bind=True,
    # Acknowledged after the run: a worker killed mid-send leaves the message to be redelivered.
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=SEND_MAX_RETRIES,
)
def send_digest(self, reminder_ids: list[int]) -> int:
    """Send one digest e-mail for these reminder rows (one recipient); retry transient errors."""
    max_retries = int(getattr(settings, "REMINDER_SEND_MAX_RETRIES", SEND_MAX_RETRIES))
    try:
        return digest_send(
            reminder_ids=[int(i) for i in reminder_ids], final_attempt=self.request.retries >= max_retries
        )
    except TransientSendError as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries), max_retries=max_retries) from exc
