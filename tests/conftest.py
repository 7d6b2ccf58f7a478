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

# Celery's app.conf reads CELERY_BROKER_URL / CELERY_RESULT_BACKEND from the environment
# BEFORE the settings, so a value exported in the shell (or by CI) would silently replace
# the test settings' broker and any broker a test points the app or a client at. Tests that
# need a real broker get it from the `redis_url` fixture and hand it over explicitly.
for _celery_env in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL"):
    os.environ.pop(_celery_env, None)


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


# --- Browser tests (Playwright driving the system Chromium) ---------------------------------

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Screenshots and traces of browser tests (gitignored); CI keeps them for a look after a failure.
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(live_server, transactional_db, monkeypatch):
    """A Playwright page in headless Chromium, its base URL the live server, in Vietnamese.

    `page.goto("/accounts/login/")` opens the live server. The live server runs in a thread
    of this process and sees the test's data only through a transactional database, hence
    `transactional_db`. Playwright's sync API keeps an event loop in this thread, which
    makes Django refuse ORM calls in the test unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    Skipped when Chromium or Playwright is missing, except under CI=true where it fails.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_missing("Playwright is not installed")
    if not CHROMIUM.exists():
        service_missing(f"Chromium is not installed at {CHROMIUM}")
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    # A transactional test database is flushed after each test, taking the role groups that
    # a data migration created with it; put them back before the page logs anyone in.
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            # An English browser on purpose: the UI must still be Vietnamese (config/language.py).
            context = chromium.new_context(base_url=live_server.url, locale="en-US", timezone_id="Asia/Ho_Chi_Minh")
            context.set_default_timeout(15_000)
            page = context.new_page()
            yield page
            context.close()
        finally:
            chromium.close()
