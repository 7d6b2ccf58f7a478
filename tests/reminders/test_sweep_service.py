"""reminder_sweep: which rows it decides, that it never decides one twice, and that it
queues one digest per recipient; time is frozen and moved by time_machine."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections import Counter
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ExtensionFactory, ProgressUpdateFactory, TaskFactory
from tests.reminders.conftest import aware
from tracker.models import ProgressUpdate, Task
from tracker.reminders import services
from tracker.reminders.models import Notification, NotificationPreference, Reminder, SweepRun
from tracker.reminders.services import reminder_sweep

D = dt.date
pytestmark = pytest.mark.django_db


def sweep_at(moment: dt.datetime, capture, **kwargs):
    """Run the sweep at a frozen moment and run its on_commit publishing (eager Celery)."""
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return reminder_sweep(now=timezone.now(), **kwargs)


def received(message) -> email.message.EmailMessage:
    """The e-mail as bytes on the wire, parsed back."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def test_it_reminds_the_body_liaison_and_mailbox_seven_days_before(world, django_capture_on_commit_callbacks):
    task = world.task(D(2026, 11, 30))
    result = sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks)

    rows = Reminder.objects.filter(task=task)
    assert {(r.occasion, r.recipient_key, r.channel, r.status) for r in rows} == {
        ("before:7", f"user:{world.liaison.pk}", "email", "sent"),
        ("before:7", f"user:{world.liaison.pk}", "in_app", "sent"),
        ("before:7", "email:bantuyengiao@hbx.example", "email", "sent"),
    }
    assert result.reminders_created == 3 and result.digests_queued == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["bantuyengiao@hbx.example", "daumoi@hbx.example"]
    parsed = received(mail.outbox[0])
    assert parsed["Subject"] == "[Văn phòng Thành ủy Hòa Bình Xanh] Nhắc việc: 1 nội dung cần anh/chị xử lý"
    text = parsed.get_body(("plain",)).get_content()
    assert "Còn 7 ngày đến hạn" in text and task.text in text and "30/11/2026" in text
    assert "Còn 7 ngày đến hạn" in parsed.get_body(("html",)).get_content()
    note = Notification.objects.get(user=world.liaison)
    assert note.title == "Còn 7 ngày đến hạn" and note.task == task and note.read_at is None


def test_it_creates_nothing_twice_when_swept_again(world, django_capture_on_commit_callbacks):
    world.task(D(2026, 11, 30))
    sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks)
    second = sweep_at(aware(D(2026, 11, 23), 8, 15), django_capture_on_commit_callbacks)
    third = sweep_at(aware(D(2026, 11, 24)), django_capture_on_commit_callbacks)
    assert second.reminders_created == third.reminders_created == 0
    assert Reminder.objects.count() == 3 and len(mail.outbox) == 2 and Notification.objects.count() == 1


def test_it_sends_each_occasion_once_over_ten_days_of_sweeps_every_two_hours(world, django_capture_on_commit_callbacks):
    task = world.task(D(2026, 11, 18))
    moment = aware(D(2026, 11, 16), 0, 30)
    while moment < aware(D(2026, 11, 26), 0, 0):
        sweep_at(moment, django_capture_on_commit_callbacks)
        moment += dt.timedelta(hours=2)

    def occasions_mailed_to(address):
        found = []
        for m in mail.outbox:
            if m.to == [address]:
                ids = [int(i) for i in received(m)["X-Theodoi-Reminders"].split(",")]
                found += list(Reminder.objects.filter(id__in=ids).values_list("occasion", flat=True))
        return found

    assert occasions_mailed_to("daumoi@hbx.example") == [
        "before:3",  # the first sweep, on 16/11: the 3-days-before day (15/11) is within catch-up
        "before:1",
        "due",
        "overdue:2026-11-19",
    ]
    # Seven days overdue (25/11): the office staff and the body's head hear, once each.
    assert occasions_mailed_to("vanphong@hbx.example") == ["escalation"]
    assert occasions_mailed_to("truongban@hbx.example") == ["escalation"]
    assert Counter(Reminder.objects.filter(task=task, channel="email").values_list("status", flat=True)) == {"sent": 10}


def test_it_stops_reminding_once_the_task_is_done_paused_or_cancelled(world, django_capture_on_commit_callbacks):
    for state in (Task.State.DONE, Task.State.PAUSED, Task.State.CANCELLED, Task.State.DRAFT):
        world.task(D(2026, 11, 30), state=state)
    world.task(D(2026, 11, 30), recurring=True)
    world.task(None)
    result = sweep_at(aware(D(2026, 11, 30)), django_capture_on_commit_callbacks)
    assert result.reminders_created == 0 and not mail.outbox


def test_it_tells_the_office_about_waiting_extensions_and_completions(world, django_capture_on_commit_callbacks):
    with time_machine.travel(aware(D(2026, 11, 20)), tick=False):
        ext = ExtensionFactory(task=world.task(D(2026, 12, 31)), requested_by=world.liaison)
        awaiting = world.task(D(2026, 12, 31), state=Task.State.AWAITING_CONFIRMATION)
        ProgressUpdateFactory(task=awaiting, author=world.liaison, kind=ProgressUpdate.Kind.COMPLETION)
    sweep_at(aware(D(2026, 11, 20), 9), django_capture_on_commit_callbacks)
    office_rows = Reminder.objects.filter(recipient_key=f"user:{world.staff.pk}", channel="email")
    assert {(r.subject_key, r.occasion) for r in office_rows} == {
        (f"extension:{ext.pk}", "extension_pending:2026-11-20"),
        (f"task:{awaiting.pk}", "completion_pending:2026-11-20"),
    }
    [digest] = [m for m in mail.outbox if m.to == ["vanphong@hbx.example"]]
    body = received(digest).get_body(("plain",)).get_content()
    assert "Đề nghị gia hạn đang chờ quyết định" in body and "Đã báo cáo hoàn thành, chờ xác nhận" in body
    # A week later, still waiting: reminded again, keyed by the new date.
    sweep_at(aware(D(2026, 11, 27), 9), django_capture_on_commit_callbacks)
    assert office_rows.filter(occasion="extension_pending:2026-11-27").exists()


def test_it_follows_each_users_preferences(world, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.liaison, email_enabled=False, in_app_enabled=True)
    world.task(D(2026, 11, 30))
    sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(user=world.liaison, channel="email").exists()
    assert Notification.objects.filter(user=world.liaison).count() == 1
    # Paused: nothing at all until the pause ends.
    NotificationPreference.objects.filter(user=world.liaison).update(paused_until=D(2026, 11, 28))
    sweep_at(aware(D(2026, 11, 27)), django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(user=world.liaison, occasion="before:3").exists()


def test_it_holds_e_mail_until_the_users_digest_hour(world, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.liaison, digest_hour=16)
    world.task(D(2026, 11, 30))
    world.task(D(2026, 11, 30))
    sweep_at(aware(D(2026, 11, 23), 8), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["bantuyengiao@hbx.example"]]
    assert Reminder.objects.filter(user=world.liaison, channel="email", status="pending").count() == 2
    sweep_at(aware(D(2026, 11, 23), 16, 15), django_capture_on_commit_callbacks)
    liaison_mail = [m for m in mail.outbox if m.to == ["daumoi@hbx.example"]]
    assert len(liaison_mail) == 1  # one digest with both tasks
    assert len(received(liaison_mail[0])["X-Theodoi-Reminders"].split(",")) == 2


def test_it_requeues_rows_stranded_in_sending_by_a_dead_worker(world, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_TIME_LIMIT = 300
    task = world.task(D(2026, 11, 30))
    sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks, dry_run=False)
    mail.outbox.clear()
    stranded = Reminder.objects.filter(task=task, channel="email")
    stranded.update(status="sending", claimed_at=aware(D(2026, 11, 23), 8, 1))
    # Four minutes later the worker may still be alive: left alone.
    sweep_at(aware(D(2026, 11, 23), 8, 5), django_capture_on_commit_callbacks)
    assert set(stranded.values_list("status", flat=True)) == {"sending"} and not mail.outbox
    result = sweep_at(aware(D(2026, 11, 23), 8, 7), django_capture_on_commit_callbacks)
    assert result.requeued_sending == 2
    assert set(stranded.values_list("status", flat=True)) == {"sent"} and len(mail.outbox) == 2


def test_it_puts_rows_back_to_pending_when_the_broker_refuses(world, django_capture_on_commit_callbacks):
    world.task(D(2026, 11, 30))
    with mock.patch("tracker.reminders.tasks.send_digest.delay", side_effect=ConnectionError("broker down")):
        result = sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks)
    assert result.publish_failures == 2 and not mail.outbox
    assert set(Reminder.objects.filter(channel="email").values_list("status", flat=True)) == {"pending"}
    sweep_at(aware(D(2026, 11, 23), 8, 15), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_it_writes_nothing_on_a_dry_run(world, django_capture_on_commit_callbacks):
    world.task(D(2026, 11, 30))
    result = sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks, dry_run=True)
    assert result.reminders_created == 3 and not Reminder.objects.exists() and not mail.outbox


def test_it_reminds_bodies_that_have_not_submitted_before_the_period_cut_off(world, django_capture_on_commit_callbacks):
    from tests.factories import BodyFactory
    from tracker.reports.models import BodySubmission, ReportingPeriod

    other = BodyFactory(office=world.office, contact_emails=["khac@hbx.example"])
    world.task(D(2027, 3, 31))
    world.task(D(2027, 3, 31), lead_body=other)
    period = ReportingPeriod.objects.create(
        office=world.office,
        cadence="quarterly",
        label="Quý IV/2026",
        start=D(2026, 10, 1),
        end=D(2026, 12, 31),
        data_from=D(2026, 9, 15),
        data_to=D(2026, 12, 14),
        due_on=D(2026, 12, 25),
    )
    BodySubmission.objects.create(period=period, body=other, state=BodySubmission.State.SUBMITTED)
    sweep_at(aware(D(2026, 12, 11)), django_capture_on_commit_callbacks)
    rows = Reminder.objects.filter(period_id=period.pk)
    assert {(r.subject_key, r.occasion, r.email) for r in rows if r.channel == "email"} == {
        (f"period:{period.pk}:body:{world.body.pk}", "period_cutoff:before:3", "daumoi@hbx.example"),
        (f"period:{period.pk}:body:{world.body.pk}", "period_cutoff:before:3", "bantuyengiao@hbx.example"),
    }
    body = received(next(m for m in mail.outbox if m.to == ["daumoi@hbx.example"])).get_body(("plain",)).get_content()
    assert "Chưa gửi báo cáo kỳ" in body and "Quý IV/2026" in body


def test_it_runs_a_constant_number_of_queries_per_batch(world, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 10)

    def queries_for(count):
        Reminder.objects.all().delete()
        SweepRun.objects.all().delete()  # each measure is the first (full) sweep of the day
        Task.objects.all().delete()
        TaskFactory.create_batch(count, conclusion=world.conclusion, lead_body=world.body, deadline=D(2026, 11, 30))
        with CaptureQueriesContext(connection) as ctx:
            sweep_at(aware(D(2026, 11, 23)), django_capture_on_commit_callbacks)
        return len(ctx.captured_queries)

    q30, q60 = queries_for(30), queries_for(60)
    # Three more batches cost the same few queries each (select, "already decided?", insert).
    assert q60 - q30 <= 3 * 5
    assert Reminder.objects.filter(channel="email").count() == 120


def test_it_looks_only_at_changed_tasks_after_the_first_sweep_of_the_day(world, django_capture_on_commit_callbacks):
    with time_machine.travel(aware(D(2026, 11, 23), 7), tick=False):
        world.task(D(2026, 11, 30))
    first = sweep_at(aware(D(2026, 11, 23), 8), django_capture_on_commit_callbacks)
    assert first.full and first.tasks_scanned == 1 and first.reminders_created == 3
    later = sweep_at(aware(D(2026, 11, 23), 8, 15), django_capture_on_commit_callbacks)
    assert not later.full and later.tasks_scanned == 0
    # A task published at 9:00, due in 3 days, is reminded by the 9:15 sweep.
    with time_machine.travel(aware(D(2026, 11, 23), 9), tick=False):
        new = world.task(D(2026, 11, 26))
    after = sweep_at(aware(D(2026, 11, 23), 9, 15), django_capture_on_commit_callbacks)
    assert not after.full and after.tasks_scanned == 1
    assert set(Reminder.objects.filter(task=new).values_list("occasion", flat=True)) == {"before:3"}
    # Next morning: a full sweep again, deciding only that day's occasions.
    next_day = sweep_at(aware(D(2026, 11, 24), 6), django_capture_on_commit_callbacks)
    assert (
        next_day.full
        and set(Reminder.objects.filter(occasion_date=D(2026, 11, 24)).values_list("occasion", flat=True)) == set()
    )
    assert Reminder.objects.filter(task=new).count() == 3


def test_it_catches_up_on_days_without_a_sweep(world, django_capture_on_commit_callbacks):
    with time_machine.travel(aware(D(2026, 11, 20), 7), tick=False):
        task = world.task(D(2026, 11, 30))
    sweep_at(aware(D(2026, 11, 20), 8), django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(task=task).exists()
    # No sweep on 21–23/11 (the server was down); on 24/11 the 7-days-before reminder (23/11) goes out.
    result = sweep_at(aware(D(2026, 11, 24), 8), django_capture_on_commit_callbacks)
    assert result.full and set(Reminder.objects.filter(task=task).values_list("occasion", flat=True)) == {"before:7"}
