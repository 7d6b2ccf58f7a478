"""The zero-setup broker choice: configured URL, local Redis, else embedded SQLite."""

from __future__ import annotations

from pathlib import Path

from config import broker
from config.broker import broker_choose, broker_transport_options


def test_it_uses_the_configured_broker_url(tmp_path: Path):
    choice = broker_choose(broker_url="amqp://guest@127.0.0.1//", redis_url=None, var_dir=tmp_path)
    assert choice.broker_url == "amqp://guest@127.0.0.1//"
    assert not choice.embedded


def test_it_uses_redis_for_results_when_redis_is_the_broker(tmp_path: Path):
    choice = broker_choose(broker_url=None, redis_url="redis://10.0.0.9:6379/1", var_dir=tmp_path)
    assert choice.broker_url == choice.result_backend == "redis://10.0.0.9:6379/1"


def test_it_falls_back_to_embedded_sqlite_when_no_redis_answers(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(broker, "redis_answers", lambda *a, **k: False)
    choice = broker_choose(broker_url=None, redis_url=None, var_dir=tmp_path)
    assert choice.embedded
    assert choice.broker_url.startswith("sqla+sqlite:///")
    assert str(tmp_path) in choice.broker_url


def test_it_picks_local_redis_when_it_answers(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(broker, "redis_answers", lambda *a, **k: True)
    choice = broker_choose(broker_url=None, redis_url=None, var_dir=tmp_path)
    assert choice.broker_url == broker.LOCAL_REDIS_URL


def test_it_gives_redis_a_visibility_timeout():
    options = broker_transport_options(broker_url="redis://127.0.0.1:6379/0", visibility_timeout=1200)
    assert options == {"visibility_timeout": 1200}


def test_it_gives_the_sqlite_broker_only_options_create_engine_accepts():
    # kombu's SQLAlchemy transport passes every option to create_engine(); a stray one breaks it.
    from sqlalchemy import create_engine

    options = broker_transport_options(broker_url="sqla+sqlite:////tmp/b.sqlite3", visibility_timeout=1200)
    assert "visibility_timeout" not in options
    create_engine("sqlite:///:memory:", **options).dispose()
