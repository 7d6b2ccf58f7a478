"""Real parts for the end-to-end reminder tests: a Redis server on its own port, a Celery
worker subprocess, and pointing this process's Celery app at that broker.

Every wait is bounded; every subprocess is killed in ``finally``/``stop``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO_ROOT, service_missing
from tests.reminders.smtp_sink import free_port


def wait_until(condition: Callable[[], object], *, timeout: float, what: str, step: float = 0.2) -> object:
    """Poll ``condition`` until it is truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class RedisServer:
    """``redis-server --port N --save "" --appendonly no`` that the test owns, stops and restarts."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            service_missing("redis-server is not installed")
        self.binary = binary
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5).ping())
        except Exception:
            return False

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=15, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


class Worker:
    """A real ``celery worker`` subprocess (solo pool) on the test's database and broker."""

    def __init__(
        self, *, db_url: str, broker_url: str, smtp_port: int, log: Path, extra_env: dict[str, str] | None = None
    ):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "10",
            "CELERY_TASK_TIME_LIMIT": "120",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.env.pop("EMAIL_URL", None)
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.handle = self.log.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"t{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill reaches every child
        )
        wait_until(
            lambda: b"ready." in self.log.read_bytes() or self.proc.poll() is not None, timeout=60, what="the worker"
        )
        if self.proc.poll() is not None:
            raise AssertionError(f"the worker exited: {self.log.read_text(errors='replace')[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker's whole process group: no cleanup, no acknowledgement."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        self.kill()
        if getattr(self, "handle", None):
            self.handle.close()


class BrokerPointer:
    """Point this process's Celery app at ``url`` and publish for real (not eagerly); restore
    the app's own configuration and connection pools afterwards, untouched."""

    def __init__(self, url: str) -> None:
        from config.celery import app

        self.app = app
        self.saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
        self.saved_pools = (app._pool, app.amqp._producer_pool)
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.update(broker_url=url, task_always_eager=False, result_backend="cache+memory://")

    def restore(self) -> None:
        try:
            if self.app._pool is not None:
                self.app._pool.force_close_all()  # the test's own broker pool only
        except Exception:  # a pool on a stopped broker may fail to close; it is dropped anyway
            pass
        self.app._pool, self.app.amqp._producer_pool = self.saved_pools
        self.app.conf.update(self.saved)
