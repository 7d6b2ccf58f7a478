"""/healthz: 200 when the database and the broker answer, 503 with the reason otherwise."""

from __future__ import annotations

import socket
from urllib.parse import urlparse, urlunparse

import pytest
from django.db import OperationalError, connection

from config import health
from config.broker import broker_transport_options
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def broker_use(monkeypatch, url: str) -> None:
    """Point the Celery app at another broker, with the transport options settings would give it."""
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    options = broker_transport_options(broker_url=url, visibility_timeout=60)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", options)


def test_it_reports_ok_when_the_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok", "embedded_broker": False}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_anonymous_visitors_without_a_login_redirect(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.redis
def test_it_reports_ok_with_a_real_redis_broker(client, redis_url, monkeypatch):
    broker_use(monkeypatch, redis_url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_it_reports_503_when_the_broker_is_down(client, monkeypatch):
    # A real Redis URL on a port nothing listens on: the connection is refused for real.
    broker_use(monkeypatch, f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error: ")
    assert "127.0.0.1" not in body["broker"], "no connection details in a public answer"


def test_it_reports_ok_with_the_embedded_sqlite_broker(client, monkeypatch, tmp_path):
    broker_use(monkeypatch, f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
    assert (tmp_path / "broker.sqlite3").is_file(), "the check really opened the broker's file"


def test_it_reports_503_when_the_embedded_broker_file_cannot_be_opened(client, monkeypatch, tmp_path):
    # The SQLite broker's directory does not exist: SQLAlchemy cannot create the file.
    broker_use(monkeypatch, f"sqla+sqlite:///{tmp_path / 'missing' / 'broker.sqlite3'}")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error: OperationalError"


def test_it_reports_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    # Django wraps every driver's "cannot connect" in OperationalError; raise it where Django connects.
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "database": "error: OperationalError",
        "broker": "ok",
        "status": "error",
        "embedded_broker": False,
    }


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_it_probes_with_a_host_the_site_allows():
    assert health.probe_host("theodoi.example.gov.vn,www.theodoi.example.gov.vn") == "theodoi.example.gov.vn"
    assert health.probe_host(".example.gov.vn,*") == "localhost"
    assert health.probe_host("") == "localhost"


def test_it_probe_exits_zero_on_a_healthy_server(live_server, capsys):
    parsed = urlparse(live_server.url)
    url = urlunparse(parsed._replace(path="/healthz"))
    assert health.probe(url, "localhost") == 0
    assert '"status": "ok"' in capsys.readouterr().out


def test_it_probe_exits_one_when_nothing_answers(capsys):
    assert health.probe(f"http://127.0.0.1:{closed_port()}/healthz", "localhost", timeout=2) == 1
    assert "unreachable" in capsys.readouterr().err
