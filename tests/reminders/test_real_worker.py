"""End to end with the real parts: PostgreSQL, a Redis broker the test starts on its own port,
a real Celery worker subprocess and a real SMTP server on loopback (aiosmtpd).

Run locally (they need PostgreSQL, redis-server and about a minute):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/theodoi TEST_DB_NAME=test_theodoi_reminders \\
        .venv/bin/pytest tests/reminders/test_real_worker.py -v

Without PostgreSQL they are skipped (the worker must share the test's database, which the
in-memory SQLite one cannot); under CI=true they fail instead.

The guarantee they prove (README, "Reminders"): every reminder reaches its recipient exactly
once, counted as received mails, even when the worker is SIGKILLed mid-send or the broker
is down during a sweep. At-least-once comes from the outbox (rows in PostgreSQL, re-queued
by the sweep) and acks_late; at-most-once from the conditional-UPDATE claim; a re-send after
a crash between the SMTP server's "250" and the row update reuses the digest's Message-ID.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import service_missing
from tests.reminders.real_parts import BrokerPointer, RedisServer, Worker, wait_until
from tests.reminders.smtp_sink import DroppingServer, SinkHandler, SmtpSink
from tracker.reminders.models import Reminder
from tracker.reminders.services import reminder_sweep
from tracker.reminders.tasks import send_digest

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MAIL_WAIT = 90


@pytest.fixture
def db_url() -> str:
    """The URL of the database this test uses, for the worker subprocess."""
    if connection.vendor != "postgresql":
        service_missing("The real-worker tests need PostgreSQL (set DATABASE_URL=postgres://...)")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def redis_broker(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    pointer = BrokerPointer(server.url)
    try:
        yield server
    finally:
        pointer.restore()
        server.stop()


@pytest.fixture
def start_worker(db_url, redis_broker, tmp_path):
    workers: list[Worker] = []

    def start(smtp_port: int, **extra_env: str) -> Worker:
        worker = Worker(
            db_url=db_url,
            broker_url=redis_broker.url,
            smtp_port=smtp_port,
            log=tmp_path / "worker.log",
            extra_env=extra_env,
        )
        workers.append(worker)
        worker.start()
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()


def email_rows():
    return Reminder.objects.filter(channel="email")


def assert_each_reminder_received_once(sink) -> None:
    """Every e-mail reminder row is sent and appears in exactly one received mail."""
    received = Counter(i for mail in sink.received for i in mail.reminder_ids)
    ids = set(email_rows().values_list("id", flat=True))
    assert set(received) == ids, "a reminder is missing from the received mail"
    assert set(received.values()) == {1}, f"a reminder arrived more than once: {received}"
    assert set(email_rows().values_list("status", flat=True)) == {"sent"}


def test_it_delivers_swept_reminders_through_redis_a_worker_and_smtp(world, start_worker, tmp_path):
    today = timezone.localdate()
    soon = world.task(today + dt.timedelta(days=7))
    late = world.task(today - dt.timedelta(days=1), text="Hoàn thành rà soát, sắp xếp tổ chức bộ máy các cơ quan")
    with SmtpSink() as sink:
        start_worker(sink.port)
        result = reminder_sweep(now=timezone.now())
        assert result.digests_queued == 2 and result.publish_failures == 0
        wait_until(lambda: len(sink.received) >= 2, timeout=MAIL_WAIT, what="two digests")
    by_rcpt = {tuple(m.rcpt_tos): m for m in sink.received}
    assert set(by_rcpt) == {("daumoi@hbx.example",), ("bantuyengiao@hbx.example",)}
    message = by_rcpt[("daumoi@hbx.example",)].message
    assert message["Subject"] == (
        "[Văn phòng Thành ủy Hòa Bình Xanh] Nhắc việc: 2 nội dung cần anh/chị xử lý (1 quá hạn)"
    )
    text = message.get_body(("plain",)).get_content()
    assert soon.text in text and late.text in text
    assert "Còn 7 ngày đến hạn" in text and "Quá hạn 1 ngày" in text
    assert_each_reminder_received_once(sink)


def test_it_delivers_every_reminder_exactly_once_when_the_worker_is_killed_mid_send(world, start_worker, settings):
    settings.CELERY_TASK_TIME_LIMIT = 5
    today = timezone.localdate()
    for days in (3, 7):
        world.task(today + dt.timedelta(days=days))
    handler = SinkHandler(hold=True)
    with SmtpSink(handler) as sink:
        worker = start_worker(sink.port)
        reminder_sweep(now=timezone.now())
        # The worker is inside an SMTP transaction (the server holds its RCPT): kill it there.
        assert handler.entered.wait(timeout=MAIL_WAIT), "the worker never reached the SMTP server"
        worker.kill()
        handler.hold = False
        handler.release.set()
        stranded = list(email_rows().filter(status="sending").values_list("id", flat=True))
        assert stranded and not sink.received
        start_worker(sink.port)
        # The other digest was still in the broker: the new worker sends it.
        wait_until(lambda: len(sink.received) >= 1, timeout=MAIL_WAIT, what="the digest left in the broker")
        # Past the time limit, the sweep re-queues the rows the dead worker held.
        later = reminder_sweep(now=timezone.now() + dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1))
        assert later.requeued_sending == len(stranded) and later.reminders_created == 0
        wait_until(lambda: len(sink.received) >= 2, timeout=MAIL_WAIT, what="the re-queued digest")
        # The broker redelivering the dead worker's message changes nothing: the rows are sent.
        send_digest.delay(stranded)
        reminder_sweep(now=timezone.now() + dt.timedelta(minutes=15))
        # Give the worker time to run that message; it must claim (and send) nothing.
        time.sleep(3)
    assert sorted(tuple(m.rcpt_tos) for m in sink.received) == [("bantuyengiao@hbx.example",), ("daumoi@hbx.example",)]
    assert_each_reminder_received_once(sink)


def test_it_loses_nothing_when_the_broker_is_down_during_a_sweep(world, start_worker, redis_broker):
    world.task(timezone.localdate() + dt.timedelta(days=1))
    with SmtpSink() as sink:
        start_worker(sink.port)
        redis_broker.stop()
        during = reminder_sweep(now=timezone.now())
        assert during.reminders_created == 3 and during.publish_failures == 2
        assert set(email_rows().values_list("status", flat=True)) == {"pending"}
        redis_broker.start()  # same port, empty (no persistence): the outbox rows are the truth
        after = reminder_sweep(now=timezone.now())
        assert after.reminders_created == 0 and after.digests_queued == 2 and after.publish_failures == 0
        wait_until(lambda: len(sink.received) >= 2, timeout=MAIL_WAIT, what="digests after the broker returned")
    assert_each_reminder_received_once(sink)


def test_it_retries_a_refusing_smtp_server_then_shows_the_failure_to_the_office(world, start_worker, client):
    world.task(timezone.localdate() + dt.timedelta(days=3))
    with DroppingServer() as server:
        start_worker(server.port, REMINDER_RETRY_BASE_SECONDS="1", REMINDER_SEND_MAX_RETRIES="2")
        reminder_sweep(now=timezone.now())
        # 1 + 2 retries per digest, after 1 s and 2 s of backoff.
        wait_until(
            lambda: email_rows().filter(status="failed").count() == 2, timeout=MAIL_WAIT, what="the rows to fail"
        )
    assert server.connections == 6
    failed = email_rows().get(email="daumoi@hbx.example")
    assert failed.attempts == 3 and "SMTPServerDisconnected" in failed.last_error
    client.force_login(world.staff)
    page = client.get("/reminders/failures/").content.decode()
    assert "Nhắc việc gửi không thành công" in page and "daumoi@hbx.example" in page
    assert "SMTPServerDisconnected" in page


def test_it_records_a_5xx_refusal_without_retrying(world, start_worker):
    world.task(timezone.localdate() + dt.timedelta(days=3))
    with SmtpSink(SinkHandler(refuse_always="554 5.7.1 Message rejected")) as sink:
        start_worker(sink.port, REMINDER_RETRY_BASE_SECONDS="1")
        reminder_sweep(now=timezone.now())
        wait_until(lambda: email_rows().filter(status="failed").count() == 2, timeout=MAIL_WAIT, what="failures")
    assert set(email_rows().values_list("attempts", flat=True)) == {1}
    assert all("554" in e for e in email_rows().values_list("last_error", flat=True))
    assert not sink.received
