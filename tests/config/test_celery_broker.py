"""A real Celery worker gets `theodoi.ping` through the real brokers and sends the result back.

The worker is a separate `celery -A config worker` process configured only through the
environment, exactly as ./run and docker-compose start it; the test process publishes with
a bare Celery client on a queue of its own, so concurrent test runs never steal each
other's messages. Beat is checked to start with django-celery-beat's DatabaseScheduler
against a migrated database.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeoutError

from tests.config.celery_process import celery_env, celery_process, log_tail, wait_for
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

# Redis database used by these tests only, so a FLUSHDB elsewhere cannot eat the messages.
CELERY_TEST_REDIS_DB = 13


def redis_db_url(url: str, db: int) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{db}"))


def ping_client(broker_url: str, result_backend: str) -> Celery:
    """A bare Celery client: publishes by task name, reads results; knows nothing of Django."""
    client = Celery("theodoi-test-client", broker=broker_url, backend=result_backend, set_as_current=False)
    client.conf.update(
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
    )
    return client


def ping_through_worker(*, broker_url: str, result_backend: str, tmp_path: Path, timeout: float = 90) -> str:
    """Start a worker on a fresh queue, send theodoi.ping, return what came back."""
    queue = f"theodoi-test-{uuid.uuid4().hex[:12]}"
    client = ping_client(broker_url, result_backend)
    # Create the broker's queue and the result tables before the worker starts, so the two
    # processes never race to create the same SQLite tables.
    with client.connection_for_write() as conn:
        conn.ensure_connection(max_retries=3)
        conn.default_channel.queue_declare(queue=queue, durable=True, auto_delete=False)
    client.AsyncResult(uuid.uuid4().hex).state  # noqa: B018  (creates the result tables)

    env = celery_env(var_dir=tmp_path / "var", broker_url=broker_url, result_backend=result_backend)
    log = tmp_path / "worker.log"
    args = ["worker", "--pool=solo", "--loglevel=INFO", f"--queues={queue}", f"--hostname={queue}@%h"]
    args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with celery_process(args, env=env, log=log) as proc:
        token = uuid.uuid4().hex
        result = client.send_task("theodoi.ping", args=[token], queue=queue)
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = result.get(timeout=2)
                break
            except CeleryTimeoutError:
                if proc.poll() is not None:
                    raise AssertionError(f"worker exited with {proc.returncode}:\n{log_tail(log)}") from None
                if time.monotonic() > deadline:
                    raise AssertionError(f"no result after {timeout}s:\n{log_tail(log)}") from None
        assert value == token
        assert "theodoi.ping" in log.read_text(), "the worker registered the task from config.celery"
        assert result.state == "SUCCESS"
    client.close()
    return value


@pytest.mark.redis
def test_it_runs_ping_on_a_real_worker_through_redis(redis_url: str, tmp_path: Path):
    url = redis_db_url(redis_url, CELERY_TEST_REDIS_DB)
    ping_through_worker(broker_url=url, result_backend=url, tmp_path=tmp_path)


def test_it_runs_ping_on_a_real_worker_through_the_embedded_sqlite_broker(tmp_path: Path):
    broker_url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    result_backend = f"db+sqlite:///{tmp_path / 'results.sqlite3'}"
    ping_through_worker(broker_url=broker_url, result_backend=result_backend, tmp_path=tmp_path)

    # The message really went through the SQLite file (kombu's tables), not some memory transport.
    with sqlite3.connect(tmp_path / "broker.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"kombu_queue", "kombu_message"} <= tables
    with sqlite3.connect(tmp_path / "results.sqlite3") as db:
        (status,) = db.execute("SELECT status FROM celery_taskmeta").fetchone()
    assert status == "SUCCESS"


@pytest.fixture
def migrated_sqlite(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A migrated SQLite database in a temporary VAR_DIR, and the environment pointing at it."""
    var_dir = tmp_path / "var"
    env = celery_env(
        var_dir=var_dir,
        broker_url=f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}",
        # A database result backend makes beat install its celery.backend_cleanup entry.
        result_backend=f"db+sqlite:///{tmp_path / 'results.sqlite3'}",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    yield var_dir / "theodoi.sqlite3", env


def test_it_starts_beat_with_the_database_scheduler(migrated_sqlite: tuple[Path, dict[str, str]], tmp_path: Path):
    database, env = migrated_sqlite
    log = tmp_path / "beat.log"

    def cleanup_entry_stored() -> bool:
        with sqlite3.connect(database) as db:
            rows = db.execute("SELECT task FROM django_celery_beat_periodictask WHERE name = 'celery.backend_cleanup'")
            return rows.fetchone() is not None

    assert not cleanup_entry_stored()
    # No --scheduler flag: settings.CELERY_BEAT_SCHEDULER must select the DatabaseScheduler.
    with celery_process(["beat", "--loglevel=DEBUG", "--pidfile=", "--max-interval=1"], env=env, log=log) as proc:
        # The DatabaseScheduler writes its default entries into django-celery-beat's table.
        wait_for(cleanup_entry_stored, proc=proc, log=log, timeout=60, what="beat to store its schedule")
        assert proc.poll() is None, "beat keeps running"
    text = log.read_text()
    assert "django_celery_beat.schedulers.DatabaseScheduler" in text
    assert "beat: Starting..." in text
