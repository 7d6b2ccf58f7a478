"""manage.py parse_conclusion: the schema (or an outline) on stdout, nothing saved."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from conclusions.models import Conclusion, SourceDocument, TopicRule
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "conclusions"


def documents(shared_dir: Path | None) -> list[Path]:
    """The corpus seeds when ../shared is there, plus this project's own fixtures."""
    seeds = sorted((shared_dir / "corpus" / "seeds").glob("*.txt")) if shared_dir else []
    own = sorted(p for p in FIXTURES.glob("*") if p.suffix in {".txt", ".md"})
    return seeds + own


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("parse_conclusion", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_json_that_validates_against_the_shared_schema(shared_dir, tmp_path):
    paths = documents(shared_dir)
    assert paths, "no conclusion to parse: neither ../shared nor tests/fixtures/conclusions"
    schema = None
    if shared_dir and (shared_dir / "spec" / "conclusion.schema.json").is_file():
        schema = json.loads((shared_dir / "spec" / "conclusion.schema.json").read_text(encoding="utf-8"))
    for path in paths:
        out, err = run(str(path), "--format", "json")
        data = json.loads(out)
        assert err == ""
        assert data["schema"] == "conclusion/1"
        assert data["tasks"], path.name
        if schema is not None:
            jsonschema.validate(data, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        # Exactly json.dumps(..., ensure_ascii=False, indent=1): Vietnamese stays readable.
        assert out.rstrip("\n") == json.dumps(data, ensure_ascii=False, indent=1)
    assert not Conclusion.objects.exists() and not SourceDocument.objects.exists()


def test_it_prints_a_readable_outline(tmp_path):
    path = next(p for p in sorted(FIXTURES.glob("*")) if p.suffix in {".txt", ".md"})
    out, _err = run(str(path), "--format", "text")
    assert "Nhiệm vụ (tasks):" in out
    assert "Chủ trì:" in out and "Thời hạn:" in out
    assert not out.lstrip().startswith("{")


def test_it_prints_the_vietnamese_message_and_fails_on_a_bad_file(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("parse_conclusion", str(empty), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2
    assert "Tệp rỗng" in err.getvalue()


def test_it_uses_the_topic_rules_of_the_office_given(tmp_path):
    text = (
        "KẾT LUẬN\nII. Nhiệm vụ, giải pháp 6 tháng cuối năm 2026\n"
        "1. Về xây dựng Đảng\n- Tăng cường công tác giám sát chuyên đề.\n- Rà soát công tác phát triển đảng viên mới.\n"
    )
    path = tmp_path / "kl.txt"
    path.write_text(text, encoding="utf-8")
    office = OfficeFactory()
    TopicRule.objects.create(office=office, keywords="giám sát", body_name="Ban Kiểm tra Đảng ủy")

    default = json.loads(run(str(path))[0])
    own = json.loads(run(str(path), "--office", str(office.pk))[0])
    assert default["tasks"][0]["responsible"] == ["Ủy ban Kiểm tra"]
    assert own["tasks"][0]["responsible"] == ["Ban Kiểm tra Đảng ủy"]
    assert own["tasks"][0]["responsible_source"] == "rule"
