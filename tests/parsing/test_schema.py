"""``to_schema()`` keeps exactly to spec/conclusion.schema.json (validated with jsonschema when shared/ exists)."""

from __future__ import annotations

import json
import re

import pytest

from conclusions.parsing import parse_document, render_outline

from .corpus import DEMO, own_fixtures, shared_dir

TOP_KEYS = {
    "schema", "doc_kind", "title", "number", "issuer", "meeting_date", "period", "signer",
    "recipients", "monitoring", "references", "tasks", "warnings",
}  # fmt: skip
TASK_KEYS = {
    "section", "heading", "text", "responsible", "coordinating", "responsible_source",
    "deadline", "deadline_text", "deadline_source", "recurring",
}  # fmt: skip
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SOURCES = [DEMO] + [path for path, _ in own_fixtures()]


def _minimal_check(document: dict) -> None:
    """The schema's constraints written as assertions (used when shared/ is absent)."""
    assert set(document) == TOP_KEYS
    assert document["schema"] == "conclusion/1"
    assert document["doc_kind"] in {"ket_luan", "thong_bao_ket_luan", "other"}
    assert document["meeting_date"] is None or ISO.match(document["meeting_date"])
    if document["period"] is not None:
        assert isinstance(document["period"]["label"], str)
        assert ISO.match(document["period"]["start"]) and ISO.match(document["period"]["end"])
    if document["signer"] is not None:
        assert isinstance(document["signer"]["name"], str) and isinstance(document["signer"]["title"], str)
    if document["monitoring"] is not None:
        assert set(document["monitoring"]) == {"body", "report_to", "periodic"}
    assert all(isinstance(item, str) for item in document["recipients"] + document["references"] + document["warnings"])
    for task in document["tasks"]:
        assert set(task) == TASK_KEYS
        assert task["responsible_source"] in {"explicit", "inherited", "rule", "none"}
        assert task["deadline_source"] in {"explicit", "period", "none"}
        assert task["deadline"] is None or ISO.match(task["deadline"])
        assert isinstance(task["recurring"], bool)


@pytest.mark.parametrize("source", SOURCES, ids=[path.stem for path in SOURCES])
def test_it_emits_the_conclusion_schema(source) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(json.dumps(parse_document(source.read_bytes(), source.name).to_schema()))
    _minimal_check(document)
    shared = shared_dir()
    schema_path = shared / "spec" / "conclusion.schema.json" if shared else None
    if schema_path and schema_path.exists():
        import jsonschema

        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())


def test_it_explains_each_value() -> None:
    parsed = parse_document(DEMO.read_bytes(), DEMO.name)
    explicit = next(task for task in parsed.tasks if task.deadline_source == "explicit")
    assert explicit.why_deadline() == f"explicit: '{explicit.deadline_text}'"
    period = next(task for task in parsed.tasks if task.deadline_source == "period")
    assert period.why_deadline() == "period end: năm 2026"
    assert next(t for t in parsed.tasks if t.recurring).why_deadline().startswith("recurring")
    assert parsed.tasks[0].first_words == " ".join(parsed.tasks[0].text.split()[:8])


def test_it_renders_a_readable_outline() -> None:
    outline = render_outline(parse_document(DEMO.read_bytes(), DEMO.name))
    assert outline.startswith("Kết luận: KẾT LUẬN")
    assert "[II.1] Về phát triển kinh tế" in outline
    assert "Thời hạn: 28/02/2026 (explicit: 'trong tháng 2/2026')" in outline


def test_it_parses_an_already_read_document_as_parse_document_does() -> None:
    from conclusions.parsing import parse_read, read_document

    data = DEMO.read_bytes()
    assert parse_read(read_document(data, DEMO.name)).to_schema() == parse_document(data, DEMO.name).to_schema()
