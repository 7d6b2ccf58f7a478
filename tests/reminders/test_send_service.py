"""digest_send against a real SMTP server on loopback: what arrives, what a refusal records,
and how transient errors are retried (eagerly here; the real-worker tests cover backoff)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.reminders.conftest import aware
from tests.reminders.smtp_sink import DroppingServer, SinkHandler, SmtpSink
from tracker.reminders.mail import subject_encode
from tracker.reminders.models import Reminder
from tracker.reminders.services import digest_send, reminder_sweep
from tracker.reminders.tasks import send_digest

D = dt.date
pytestmark = pytest.mark.django_db

VIETNAMESE_WORDS = st.sampled_from(
    [
        "Nhắc",
        "việc",
        "nhiệm",
        "vụ",
        "sắp",
        "đến",
        "hạn",
        "quá",
        "hạn",
        "của",
        "Ban",
        "Tuyên",
        "giáo",
        "Thành",
        "ủy",
        "cần",
        "báo",
        "cáo",
        "tiến",
        "độ",
        "trước",
        "ngày",
        "25/11/2026",
        "theo",
        "Kết",
        "luận",
        "số",
        "28-KL/TU",
        "Ủy",
        "ban",
        "nhân",
        "dân",
        "thành",
        "phố",
        "Hòa",
        "Bình",
        "Xanh",
        "and",
        "plain",
    ]
)


@given(st.lists(VIETNAMESE_WORDS, min_size=1, max_size=40))
@hsettings(max_examples=300, deadline=None)
def test_it_encodes_any_vietnamese_subject_so_it_parses_back_intact(words):
    import email
    import email.policy
    from email.message import EmailMessage

    subject = " ".join(words)
    msg = EmailMessage(policy=email.policy.SMTP)
    msg.set_raw("Subject", subject_encode(subject))
    msg.set_content("x")
    raw = msg.as_bytes()
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject


@pytest.fixture
def smtp_settings(settings):
    def use(port: int) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5

    return use


@pytest.fixture
def eager_retries():
    """Let eagerly run retries re-run in place (instead of propagating the Retry)."""
    conf = send_digest.app.conf
    before = conf.task_eager_propagates
    conf.task_eager_propagates = False
    yield
    conf.task_eager_propagates = before


def queued_rows(world, moment):
    """Decide reminders at ``moment`` without publishing; return the e-mail rows per address."""
    reminder_sweep(now=moment)  # on_commit publishing does not run inside the test transaction
    rows = Reminder.objects.filter(channel="email").order_by("id")
    return {address: [r.id for r in rows if r.email == address] for address in {r.email for r in rows}}


def test_it_delivers_one_vietnamese_digest_per_recipient_over_smtp(world, smtp_settings):
    first = world.task(D(2026, 11, 30))
    second = world.task(D(2026, 11, 24), text="Tổ chức sơ kết 6 tháng thực hiện Kết luận số 28-KL/TU")
    moment = aware(D(2026, 11, 23))
    groups = queued_rows(world, moment)
    with SmtpSink() as sink, time_machine.travel(moment, tick=False):
        smtp_settings(sink.port)
        sent = digest_send(reminder_ids=groups["daumoi@hbx.example"])
    assert sent == 2
    [mail] = sink.received
    assert mail.rcpt_tos == ["daumoi@hbx.example"]
    message = mail.message
    assert message["Subject"] == "[Văn phòng Thành ủy Hòa Bình Xanh] Nhắc việc: 2 nội dung cần anh/chị xử lý"
    text = message.get_body(("plain",)).get_content()
    assert first.text in text and second.text in text and "Còn 1 ngày đến hạn" in text
    assert Reminder.objects.get(id=mail.reminder_ids[0]).message_id == message["Message-ID"]
    assert set(Reminder.objects.filter(id__in=groups["daumoi@hbx.example"]).values_list("status", flat=True)) == {
        "sent"
    }


def test_it_sends_nothing_when_the_rows_are_already_claimed_or_sent(world, smtp_settings):
    world.task(D(2026, 11, 30))
    ids = queued_rows(world, aware(D(2026, 11, 23)))["daumoi@hbx.example"]
    with SmtpSink() as sink:
        smtp_settings(sink.port)
        assert digest_send(reminder_ids=ids) == 1
        assert digest_send(reminder_ids=ids) == 0  # a redelivered task message claims nothing
    assert len(sink.received) == 1


def test_it_records_a_permanent_refusal_at_once(world, smtp_settings):
    world.task(D(2026, 11, 30))
    ids = queued_rows(world, aware(D(2026, 11, 23)))["daumoi@hbx.example"]
    with SmtpSink(SinkHandler(refuse_always="554 5.7.1 Relay access denied")) as sink:
        smtp_settings(sink.port)
        assert digest_send(reminder_ids=ids) == 0
    row = Reminder.objects.get(id=ids[0])
    assert row.status == "failed" and row.attempts == 1 and "554" in row.last_error


def test_it_retries_a_dropped_connection_then_records_the_failure(world, smtp_settings, settings, eager_retries):
    settings.REMINDER_SEND_MAX_RETRIES = 3
    world.task(D(2026, 11, 30))
    ids = queued_rows(world, aware(D(2026, 11, 23)))["daumoi@hbx.example"]
    with DroppingServer() as server:
        smtp_settings(server.port)
        send_digest.apply(args=[ids], throw=False)  # in-process: each retry runs at once
    row = Reminder.objects.get(id=ids[0])
    assert server.connections == 4  # the first try and three retries
    assert row.status == "failed" and row.attempts == 4
    assert "SMTPServerDisconnected" in row.last_error


def test_it_delivers_after_temporary_refusals(world, smtp_settings, eager_retries):
    world.task(D(2026, 11, 30))
    ids = queued_rows(world, aware(D(2026, 11, 23)))["daumoi@hbx.example"]
    with SmtpSink(SinkHandler(refusals=["451 4.3.0 Try again later", "421 4.4.2 Busy"])) as sink:
        smtp_settings(sink.port)
        send_digest.apply(args=[ids], throw=False)
    row = Reminder.objects.get(id=ids[0])
    assert row.status == "sent" and row.attempts == 3 and row.last_error == ""
    assert len(sink.received) == 1


def test_it_builds_the_same_message_id_when_a_digest_is_sent_again(world, smtp_settings):
    world.task(D(2026, 11, 30))
    ids = queued_rows(world, aware(D(2026, 11, 23)))["daumoi@hbx.example"]
    with SmtpSink() as sink:
        smtp_settings(sink.port)
        digest_send(reminder_ids=ids)
        first_id = sink.received[0].message["Message-ID"]
        # As if the worker died after SMTP accepted, before marking sent; the sweep re-queues.
        Reminder.objects.filter(id__in=ids).update(status="queued", sent_at=None, queued_at=timezone.now())
        digest_send(reminder_ids=ids)
    assert [r.message["Message-ID"] for r in sink.received] == [first_id, first_id]
