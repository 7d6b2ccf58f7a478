"""docker-compose.yml, the Dockerfile and .env.example: valid and complete.

No container engine runs here, so the proof is the Compose specification's own JSON
schema (the copy check-jsonschema vendors) plus checks of what each service runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import check_jsonschema
import jsonschema
import pytest
import yaml

from tests.conftest import REPO_ROOT

COMPOSE_SCHEMA = Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def command_text(service: dict) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def healthcheck_text(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def test_it_is_valid_against_the_compose_specification(compose: dict):
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert errors == [], "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_it_rejects_what_the_specification_forbids(compose: dict):
    # The schema really is strict: a misspelt key in a service is an error.
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    broken = {**compose, "services": {**compose["services"], "web": {**compose["services"]["web"], "comand": "x"}}}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_it_has_the_five_services(compose: dict):
    assert set(compose["services"]) == {"postgres", "redis", "web", "worker", "beat"}


def test_it_runs_gunicorn_after_migrating_in_web(compose: dict):
    web = compose["services"]["web"]
    command = command_text(web)
    assert re.search(r"manage\.py migrate --noinput && exec gunicorn config\.wsgi ", command)
    assert "0.0.0.0:8000" in command
    assert healthcheck_text(web) == "CMD python -m config.health"


def test_it_runs_the_worker_and_beat_with_the_database_scheduler(compose: dict):
    worker, beat = compose["services"]["worker"], compose["services"]["beat"]
    assert command_text(worker).startswith("celery -A config worker")
    assert command_text(beat).startswith("celery -A config beat")
    assert "--scheduler django_celery_beat.schedulers:DatabaseScheduler" in command_text(beat)
    assert "celery -A config inspect ping" in healthcheck_text(worker)
    assert healthcheck_text(beat) == "CMD python -m config.health --local"
    # Both need the tables that web's migrate creates.
    for service in (worker, beat):
        assert service["depends_on"]["web"]["condition"] == "service_healthy"


def test_it_checks_the_health_of_every_service(compose: dict):
    for name, service in compose["services"].items():
        assert service["healthcheck"]["test"], name
    assert "pg_isready" in healthcheck_text(compose["services"]["postgres"])
    assert "redis-cli ping" in healthcheck_text(compose["services"]["redis"])
    web_needs = compose["services"]["web"]["depends_on"]
    assert web_needs == {"postgres": {"condition": "service_healthy"}, "redis": {"condition": "service_healthy"}}


def test_it_keeps_state_in_named_volumes(compose: dict):
    declared = set(compose["volumes"])
    assert declared == {"postgres-data", "redis-data", "theodoi-data"}
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            assert source in declared, f"{name} mounts {source}, which is not a named volume"
    assert "postgres-data:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]
    assert "theodoi-data:/data" in compose["services"]["worker"]["volumes"]


def test_it_configures_the_app_from_env_file_and_the_compose_services(compose: dict):
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        assert service["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in service["environment"]["DATABASE_URL"]


def readme_configuration_variables() -> set[str]:
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_it_documents_every_readme_variable_in_env_example():
    example = (REPO_ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    variables = readme_configuration_variables()
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL"} <= variables
    assert variables - documented == set(), "add these README variables to .env.example"


def test_it_sets_every_value_compose_interpolates_in_env_example(compose: dict):
    example = (REPO_ROOT / ".env.example").read_text()
    set_values = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    required = set(re.findall(r"\$\{([A-Z_]+):\?", (REPO_ROOT / "docker-compose.yml").read_text()))
    assert required == {"POSTGRES_PASSWORD"}
    assert required <= set_values
    assert "SECRET_KEY" in set_values
    assert "DEBUG=false" in example


def test_it_builds_a_non_root_image_with_pango_fonts_and_collected_static():
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    assert [line for line in dockerfile.splitlines() if line.startswith("FROM ")] == ["FROM python:3.13-slim-bookworm"]
    for package in ("libpango-1.0-0", "fonts-liberation2", "gettext"):
        assert package in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "compilemessages" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    user_lines = [line for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert user_lines == ["USER theodoi"]
    assert dockerfile.index("USER theodoi") > dockerfile.index("collectstatic")


def test_it_keeps_local_state_and_secrets_out_of_the_image():
    ignored = set((REPO_ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", ".env"} <= ignored
