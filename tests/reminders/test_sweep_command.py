"""manage.py sweep_reminders: runs the sweep at --now, prints what it queued; --dry-run writes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from tracker.reminders.models import Reminder

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("sweep_reminders", *args, stdout=out)
    return out.getvalue()


def test_it_prints_what_a_dry_run_would_queue_and_writes_nothing(world):
    world.task(dt.date(2026, 11, 30))
    output = run("--now", "2026-11-23T08:00", "--dry-run")
    assert "would create 3 reminders" in output
    assert "daumoi@hbx.example: 1 reminder(s)" in output and "bantuyengiao@hbx.example: 1 reminder(s)" in output
    assert not Reminder.objects.exists()


def test_it_creates_and_queues_at_the_given_moment(world):
    world.task(dt.date(2026, 11, 30))
    output = run("--now", "2026-11-29T08:00")
    assert "created 3 reminders" in output and "Queued 2 digest e-mails" in output
    assert set(Reminder.objects.values_list("occasion", flat=True)) == {"before:1"}


def test_it_refuses_a_malformed_moment(world):
    with pytest.raises(CommandError, match="not an ISO date-time"):
        run("--now", "29/11/2026")
    assert not Reminder.objects.exists()
