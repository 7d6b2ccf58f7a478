"""Start real `celery -A config ...` processes for the broker round-trip tests.

Each process gets its own environment (broker, result backend, a temporary VAR_DIR and
database), its own process group so stopping it stops its children, and bounded waits so
a broken broker fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.conftest import REPO_ROOT

CELERY = Path(sys.executable).with_name("celery")


def celery_env(
    *, var_dir: Path, broker_url: str, result_backend: str, database_url: str | None = None
) -> dict[str, str]:
    """The environment of a worker or beat: real settings, the given broker, nothing inherited that would leak."""
    env = {
        key: value
        for key, value in os.environ.items()
        # The test run's own database/broker/settings must not leak into the child.
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "TEST_DB_NAME"}
        and not key.startswith(("PYTEST_", "DJANGO_"))
    }
    var_dir.mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        CELERY_BROKER_URL=broker_url,
        CELERY_RESULT_BACKEND=result_backend,
        VAR_DIR=str(var_dir),
        DATABASE_URL=database_url or f"sqlite:///{var_dir / 'theodoi.sqlite3'}",
        DEBUG="true",
        PYTHONUNBUFFERED="1",
    )
    return env


def log_tail(log: Path, lines: int = 40) -> str:
    if not log.exists():
        return "(no log)"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def celery_process(args: list[str], *, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run `celery -A config <args>` until the block ends; always stopped (TERM, then KILL)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(CELERY), "-A", "config", *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            process_group_stop(proc)


def process_group_stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """TERM the process group, wait, then KILL whatever is left."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
    # Children (prefork pool) may outlive the parent; the group is gone only when all are.
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=timeout)


def wait_for(condition: Callable[[], bool], *, proc: subprocess.Popen, log: Path, timeout: float, what: str) -> None:
    """Poll condition until true; fail early with the log when the process died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            raise AssertionError(f"celery exited with {proc.returncode} before {what}:\n{log_tail(log)}")
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}:\n{log_tail(log)}")
