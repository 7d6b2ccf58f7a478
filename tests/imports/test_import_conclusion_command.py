"""manage.py import_conclusion: a draft (or published) plan, its id and counts."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from conclusions.models import Conclusion
from tests.factories import OfficeFactory
from tracker.models import Task

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_conclusion", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def sample_file(tmp_path, sample_bytes):
    path = tmp_path / "ket-luan-5.txt"
    path.write_bytes(sample_bytes)
    return path


def test_it_imports_a_draft_and_prints_the_id_and_counts(office, staff, sample_file):
    out, _err = run(str(sample_file), "--user", staff.username)
    conclusion = Conclusion.objects.get()
    assert f"conclusion_id={conclusion.pk}" in out
    assert "tasks=6 with_body=4 with_deadline=6 flagged=2" in out
    assert "(bản nháp)" in out
    assert conclusion.imported_by == staff and conclusion.office == office
    assert set(conclusion.tasks.values_list("state", flat=True)) == {Task.State.DRAFT}


def test_it_says_when_the_file_was_imported_before(office, sample_file):
    run(str(sample_file), "--office", str(office.pk))
    out, _err = run(str(sample_file), "--office", str(office.pk))
    assert "Tệp này đã được nhập trước đó" in out
    assert Conclusion.objects.count() == 1


def test_it_publishes_a_complete_plan(office, tmp_path, sample_bytes):
    complete = sample_bytes.replace("- Tập trung chỉ đạo hoàn thành các mục tiêu đã đề ra.\n".encode(), b"").replace(
        "Ban Nội chính Thành ủy".encode(), "Ban Tổ chức Thành ủy".encode()
    )
    path = tmp_path / "kl.txt"
    path.write_bytes(complete)
    out, _err = run(str(path), "--publish")  # the only office is chosen
    assert "(đã ban hành)" in out and "flagged=0" in out
    assert Conclusion.objects.get().state == Conclusion.State.PUBLISHED
    assert set(Task.objects.values_list("state", flat=True)) == {Task.State.OPEN}


def test_it_keeps_a_draft_and_fails_when_the_plan_cannot_be_published(office, sample_file):
    err = io.StringIO()
    with pytest.raises(CommandError, match="kế hoạch vẫn là bản nháp"):
        call_command("import_conclusion", str(sample_file), "--publish", stdout=io.StringIO(), stderr=err)
    assert "Dòng #3" in err.getvalue()
    assert Conclusion.objects.get().state == Conclusion.State.DRAFT


def test_it_refuses_a_bad_file_with_the_parsers_message(office, tmp_path):
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(CommandError, match="không được hỗ trợ"):
        run(str(path))
    assert not Conclusion.objects.exists()


def test_it_asks_which_office_when_there_are_several(office, sample_file):
    OfficeFactory()
    with pytest.raises(CommandError, match="--office"):
        run(str(sample_file))
    with pytest.raises(CommandError, match="Không có người dùng"):
        run(str(sample_file), "--user", "nobody")
    assert not Conclusion.objects.exists()
