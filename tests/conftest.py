"""Shared fixtures: the services tests talk to for real, and the path to ../shared.

Under CI=true a test that needs PostgreSQL or Redis fails when the service is missing;
on a developer machine it is skipped with the reason.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def service_missing(reason: str) -> None:
    """Fail under CI (a missing service there is a broken CI), skip elsewhere."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def shared_dir() -> Path | None:
    """../shared beside the checkout (or THEODOI_SHARED), or None when absent."""
    candidate = Path(os.environ.get("THEODOI_SHARED", REPO_ROOT.parent / "shared"))
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A Redis server the test may use for real (REDIS_URL, or Redis on localhost)."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not port_open(url, 6379):
        service_missing(f"Redis is not reachable at {url}")
    return url


@pytest.fixture
def postgres_db(settings):
    """Marks a test that proves a PostgreSQL-only behaviour; the suite must run on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("This test needs PostgreSQL (set DATABASE_URL=postgres://...)")
    return connection


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files of one test never leak into another.
    settings.MEDIA_ROOT = tmp_path / "media"
