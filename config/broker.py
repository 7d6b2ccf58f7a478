"""Choose the Celery broker and result backend for the zero-setup default.

Kept apart from settings so the choice is a small tested function: Redis when it is
configured or answers on localhost, otherwise kombu's SQLAlchemy transport over a SQLite
file, so reminders still run on a machine with nothing installed.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class BrokerChoice:
    broker_url: str
    result_backend: str
    embedded: bool


def redis_answers(host: str = "127.0.0.1", port: int = 6379, timeout: float = 0.2) -> bool:
    """True when something speaking the Redis protocol answers PING on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def broker_choose(*, broker_url: str | None, redis_url: str | None, var_dir: Path) -> BrokerChoice:
    """Pick the broker: explicit URL, then REDIS_URL, then local Redis, then embedded SQLite."""
    url = broker_url or redis_url
    if not url and redis_answers():
        url = LOCAL_REDIS_URL
    if url:
        backend = (
            url if url.startswith(("redis://", "rediss://")) else f"db+sqlite:///{var_dir / 'celery-results.sqlite3'}"
        )
        return BrokerChoice(broker_url=url, result_backend=backend, embedded=False)
    return BrokerChoice(
        broker_url=f"sqla+sqlite:///{var_dir / 'celery-broker.sqlite3'}",
        result_backend=f"db+sqlite:///{var_dir / 'celery-results.sqlite3'}",
        embedded=True,
    )


def broker_transport_options(*, broker_url: str, visibility_timeout: int) -> dict:
    """Transport options that fit the broker: each transport reads them differently.

    Redis (and other virtual transports) redeliver unacknowledged messages after
    visibility_timeout. kombu's SQLAlchemy transport hands its options to create_engine(),
    which rejects visibility_timeout; for SQLite it gets a lock timeout instead, since the
    web server, the worker and beat share the file.
    """
    if broker_url.startswith("sqla+sqlite"):
        return {"connect_args": {"timeout": 30}}
    if broker_url.startswith("sqla+"):
        return {}
    return {"visibility_timeout": visibility_timeout}
