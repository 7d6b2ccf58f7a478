"""Production settings: `manage.py check --deploy` is clean, SECRET_KEY is required, HTTPS is enforced.

Settings are read once per process, so each case runs Django in a subprocess with the
environment a deployment would give it (the values of .env.example, with a real key).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production deployment; nothing of the test run leaks in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "CELERY_", "EMAIL_", "SECURE_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "TEST_DB_NAME", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="theodoi.example.gov.vn",
        CSRF_TRUSTED_ORIGINS="https://theodoi.example.gov.vn",
        # check --deploy does not connect; the URL only has to parse, as in docker-compose.
        DATABASE_URL="postgres://theodoi:secret@postgres:5432/theodoi",
        CELERY_BROKER_URL="redis://redis:6379/0",
        VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(overrides)
    return env


def run_django(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_passes_check_deploy_with_production_values(tmp_path: Path):
    done = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_it_fails_check_deploy_with_a_weak_secret_key(tmp_path: Path):
    # Proves the check above is really the deploy check: a short key is a warning it turns into a failure.
    env = production_env(tmp_path, SECRET_KEY="too-short")
    done = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode != 0
    assert "security.W009" in done.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path: Path):
    # An empty value also wins over any SECRET_KEY in a local .env (the process environment wins).
    env = production_env(tmp_path, SECRET_KEY="")
    done = run_django(["manage.py", "check"], env)
    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in done.stderr


def test_it_starts_without_a_secret_key_in_debug(tmp_path: Path):
    env = production_env(tmp_path, SECRET_KEY="", DEBUG="true")
    done = run_django(["manage.py", "check"], env)
    assert done.returncode == 0, done.stderr


PROBE = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="theodoi.example.gov.vn")
login = client.get("/accounts/login/")
print("login", login.status_code, login.headers.get("Location"))
health = client.get("/healthz")
print("healthz", health.status_code, health.headers.get("Location"))
"""


def test_it_redirects_to_https_except_for_the_health_check(tmp_path: Path):
    # Compose probes /healthz over plain HTTP inside its network; everything else goes to HTTPS.
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", CELERY_BROKER_URL="memory://")
    done = run_django(["-c", PROBE], env)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.strip().splitlines())
    assert lines["login"] == "301 https://theodoi.example.gov.vn/accounts/login/"
    assert lines["healthz"] == "200 None"


SERVE = """
import re
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="theodoi.example.gov.vn", HTTP_X_FORWARDED_PROTO="https")
page = client.get("/accounts/login/")
css = re.search(r'href="(/static/css/theodoi\\.[0-9a-f]{12}\\.css)"', page.content.decode())
print(page.status_code, "Đăng nhập" in page.content.decode(), css and client.get(css.group(1)).status_code)
"""


def test_it_serves_the_vietnamese_login_page_with_collected_static_files(tmp_path: Path):
    # What the image does: collectstatic at build with DEBUG off, then whitenoise serves the
    # hashed files (a missing manifest entry would be a 500 on every page).
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", CELERY_BROKER_URL="memory://")
    collected = run_django(["manage.py", "collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()
    done = run_django(["-c", SERVE], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "True", "200"]
