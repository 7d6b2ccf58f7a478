"""Two sweeps at once on PostgreSQL (two beat processes, a manual run during a scheduled one):
no reminder row twice, no reminder mailed twice."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from tests.factories import TaskFactory
from tests.reminders.conftest import aware
from tracker.reminders.models import Reminder
from tracker.reminders.services import reminder_sweep

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_creates_and_sends_each_reminder_once_when_two_sweeps_race(world, postgres_db, monkeypatch):
    from tracker.reminders import services

    monkeypatch.setattr(services, "BATCH_SIZE", 25)  # many batches, so the sweeps interleave
    TaskFactory.create_batch(150, conclusion=world.conclusion, lead_body=world.body, deadline=dt.date(2026, 11, 30))
    start = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []
    results = []

    def sweep() -> None:
        try:
            start.wait()
            results.append(reminder_sweep(now=aware(dt.date(2026, 11, 23))))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in threads)
    assert sum(r.publish_failures for r in results) == 0

    # 150 tasks × (liaison e-mail, liaison in-app, body mailbox): once each.
    assert Reminder.objects.count() == 450
    keys = Counter(Reminder.objects.values_list("subject_key", "occasion", "recipient_key", "channel"))
    assert set(keys.values()) == {1}
    mailed = Counter()
    for message in mail.outbox:
        mailed.update(int(i) for i in message.message()["X-Theodoi-Reminders"].split(","))
    assert set(mailed) == set(Reminder.objects.filter(channel="email").values_list("id", flat=True))
    assert set(mailed.values()) == {1}
    assert world.liaison.notifications.count() == 150
