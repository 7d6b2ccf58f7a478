"""manage.py load_demo: the demo office, bodies and one login per role; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Office, User
from accounts.roles import Role, user_role
from tracker.models import Body, BodyMembership

pytestmark = pytest.mark.django_db


def test_it_loads_a_dozen_bodies_and_one_user_per_role():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    office = Office.objects.get()
    assert Body.objects.filter(office=office).count() >= 12
    assert {user_role(u) for u in User.objects.filter(office=office)} == set(Role)
    assert BodyMembership.objects.filter(user__username="daumoi").exists()
    assert Body.objects.get(short_name="UBND").aliases


def test_it_changes_nothing_when_run_twice():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Office.objects.count(), Body.objects.count(), User.objects.count(), BodyMembership.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Office.objects.count(),
        Body.objects.count(),
        User.objects.count(),
        BodyMembership.objects.count(),
    )


def test_it_gives_the_demo_liaison_reminders_on_the_first_sweep(django_capture_on_commit_callbacks):
    # The default ./run setup: load_demo, then beat's sweep; the liaison must hear about their
    # body's overdue task (the demo conclusion's "trước ngày 30/6/2026" task of Ban Tuyên giáo
    # và Dân vận) by e-mail and in the app.
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.core import mail

    from tracker.reminders.models import Notification, Reminder
    from tracker.reminders.services import reminder_sweep

    now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(now, tick=False):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        liaison = User.objects.get(username="daumoi")
        with django_capture_on_commit_callbacks(execute=True):
            reminder_sweep(now=now)
    rows = Reminder.objects.filter(user=liaison)
    assert rows.filter(occasion__startswith="overdue").exists()
    assert Notification.objects.filter(user=liaison).exists()
    assert any(liaison.email in message.to and "quán triệt" in message.body for message in mail.outbox)
