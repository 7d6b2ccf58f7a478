"""tracker.services.imports.conclusion_import: a document becomes a draft plan, once."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from accounts.roles import Role
from conclusions.models import Conclusion, SourceDocument, TopicRule
from tests.factories import OfficeFactory, UserFactory
from tracker.errors import NotAllowed, ServiceError
from tracker.models import AuditEvent, Body, Task
from tracker.services import imports
from tracker.services.imports import conclusion_import

pytestmark = pytest.mark.django_db

# A conclusion with its results section and recipients, but no task section at all.
NO_TASKS = "KẾT LUẬN\nI. Kết quả thực hiện nhiệm vụ\nKinh tế tăng trưởng khá.\nNơi nhận:\n- Lưu VT.\n"


def test_it_stores_the_original_the_metadata_and_draft_tasks(office, staff, sample_bytes, media_files):
    result = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="Kết luận số 5.txt")

    conclusion = result.conclusion
    assert not result.duplicate
    assert conclusion.state == Conclusion.State.DRAFT
    assert conclusion.doc_kind == "ket_luan"
    assert conclusion.meeting_date == dt.date(2026, 7, 5)
    assert (conclusion.period_label, conclusion.period_start, conclusion.period_end) == (
        "6 tháng cuối năm 2026",
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
    )
    assert conclusion.signer_name == "Nguyễn Văn An"
    assert conclusion.monitoring["body"] == "Văn phòng Thành ủy"
    assert conclusion.imported_by == staff
    assert conclusion.parsed["schema"] == "conclusion/1"
    assert len(conclusion.parsed["tasks"]) == 6

    source = conclusion.source_document
    assert source.original_name == "Kết luận số 5.txt"
    assert source.sha256 == hashlib.sha256(sample_bytes).hexdigest()
    assert source.size == len(sample_bytes)
    assert source.uploaded_by == staff
    assert "Về phát triển kinh tế" in source.text
    # The original is on disk, byte for byte, under an ASCII name.
    assert media_files() == [source.file.path] or [str(p) for p in media_files()] == [source.file.path]
    assert source.file.name.endswith("/ket-luan-so-5.txt")
    with source.file.open("rb") as handle:
        assert handle.read() == sample_bytes

    assert (result.tasks, result.with_body, result.with_deadline, result.flagged) == (6, 4, 6, 2)
    assert AuditEvent.objects.filter(action="conclusion_import", conclusion=conclusion, actor=staff).count() == 1


def test_it_matches_the_bodies_and_keeps_the_sources_of_each_value(office, staff, sample_bytes):
    conclusion = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt").conclusion
    tasks = list(conclusion.tasks.order_by("order"))
    ubnd = Body.objects.get(office=office, short_name="UBND")
    first, second, third, fourth, fifth, sixth = tasks

    assert [t.order for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert all(t.state == Task.State.DRAFT and t.office == office for t in tasks)
    assert (first.section, first.heading) == ("II.1", "Về phát triển kinh tế")
    assert first.lead_body == ubnd
    assert first.responsible_source == "explicit"
    assert (first.deadline, first.original_deadline) == (dt.date(2026, 9, 30), dt.date(2026, 9, 30))
    assert (first.deadline_source, first.deadline_text) == ("explicit", "xong trong tháng 9/2026")
    assert first.search_text.startswith("ve phat trien kinh te giao ubnd thanh pho ra soat")

    assert second.lead_body == ubnd
    assert [b.name for b in second.coordinating_bodies.all()] == ["Phòng Tài chính - Kế hoạch"]
    assert (second.deadline, second.deadline_source) == (dt.date(2026, 12, 31), "period")

    assert third.lead_body is None and third.responsible_source == "none"
    assert third.proposed_lead_names == []

    assert fourth.lead_body.name == "Ủy ban Kiểm tra Thành ủy"
    assert fourth.responsible_source == "rule"
    assert fourth.responsible_why == "kiểm tra, giám sát"
    assert fourth.warnings  # the parser's "suggested by a topic rule, confirm it"

    # A body the directory does not know is proposed, never created.
    assert fifth.lead_body is None
    assert fifth.proposed_lead_names == ["Ban Nội chính Thành ủy"]
    assert not Body.objects.filter(name__icontains="Nội chính").exists()
    assert fifth.deadline == dt.date(2026, 11, 15)

    assert sixth.recurring and sixth.deadline is None
    assert sixth.lead_body.name == "Ban Tuyên giáo Thành ủy"


def test_it_recognises_the_same_file_imported_twice(office, staff, sample_bytes, media_files):
    first = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt")
    again = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="another name.txt")

    assert again.duplicate
    assert again.conclusion == first.conclusion
    assert again.tasks == 6
    assert Conclusion.objects.count() == 1
    assert SourceDocument.objects.count() == 1
    assert Task.objects.count() == 6
    assert len(media_files()) == 1


def test_it_imports_the_same_file_separately_for_another_office(office, staff, sample_bytes):
    conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt")
    other = OfficeFactory()
    result = conclusion_import(actor=None, office=other, data=sample_bytes, filename="kl.txt")
    assert not result.duplicate
    assert result.conclusion.office == other
    # The other office has no bodies: every name is a proposal there.
    assert result.with_body == 0


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "kl.txt", "Tệp rỗng"),
        (b"\x00\x01\x02\x03" * 200, "kl.txt", "không phải là văn bản"),
        (b"KET LUAN", "kl.exe", "không được hỗ trợ"),
        (b"PK\x03\x04 not really a zip", "kl.docx", "Tệp Word bị hỏng"),
        (NO_TASKS.encode(), "kl.txt", "Không tìm thấy phần nhiệm vụ"),
    ],
)
def test_it_refuses_unreadable_documents_and_saves_nothing(office, staff, media_files, data, filename, message):
    with pytest.raises(ServiceError) as raised:
        conclusion_import(actor=staff, office=office, data=data, filename=filename)
    assert message in raised.value.message
    assert not Conclusion.objects.exists()
    assert not SourceDocument.objects.exists()
    assert not Task.objects.exists()
    assert media_files() == []


def test_it_refuses_a_file_over_the_configured_limit(office, staff, sample_bytes, settings, media_files):
    settings.CONCLUSION_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(ServiceError) as raised:
        conclusion_import(actor=staff, office=office, data=b"x" * (2 * 1024 * 1024 + 1), filename="kl.txt")
    assert raised.value.message == "Tệp lớn hơn giới hạn 2 MB cho một văn bản kết luận."
    assert not SourceDocument.objects.exists()
    assert media_files() == []


def test_it_leaves_no_row_and_no_file_when_saving_fails_half_way(office, staff, sample_bytes, media_files, monkeypatch):
    calls = []

    def failing_store(**kwargs):
        calls.append(kwargs["order"])
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_store(**kwargs)

    real_store = imports._draft_task_store
    monkeypatch.setattr(imports, "_draft_task_store", failing_store)
    with pytest.raises(RuntimeError):
        conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt")
    assert calls == [1, 2, 3]
    assert not Conclusion.objects.exists()
    assert not SourceDocument.objects.exists()
    assert not Task.objects.exists()
    assert not AuditEvent.objects.exists()
    assert media_files() == []


def test_it_uses_the_offices_own_topic_rules(office, staff, sample_bytes):
    TopicRule.objects.create(office=office, keywords="giám sát, kiểm tra", body_name="Ban Tổ chức Thành ủy")
    conclusion = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt").conclusion
    task = conclusion.tasks.get(order=4)
    assert task.lead_body.name == "Ban Tổ chức Thành ủy"
    assert task.responsible_source == "rule"


def test_it_refuses_users_who_may_not_import(office, sample_bytes):
    leader = UserFactory(office=office, role=Role.LEADER)
    foreign_staff = UserFactory(role=Role.OFFICE_STAFF)
    for actor in (leader, foreign_staff):
        with pytest.raises(NotAllowed):
            conclusion_import(actor=actor, office=office, data=sample_bytes, filename="kl.txt")
    assert not Conclusion.objects.exists()


def test_it_publishes_right_away_when_asked_and_complete(office, staff, sample_bytes):
    complete = sample_bytes.replace("- Tập trung chỉ đạo hoàn thành các mục tiêu đã đề ra.\n".encode(), b"").replace(
        "Ban Nội chính Thành ủy".encode(), "Ban Tổ chức Thành ủy".encode()
    )
    result = conclusion_import(actor=staff, office=office, data=complete, filename="kl.txt", publish=True)
    assert result.published and not result.publish_error
    assert result.conclusion.state == Conclusion.State.PUBLISHED
    assert set(result.conclusion.tasks.values_list("state", flat=True)) == {Task.State.OPEN}


def test_it_keeps_an_incomplete_plan_as_a_draft_when_asked_to_publish(office, staff, sample_bytes):
    result = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt", publish=True)
    assert not result.published
    assert "#3" in result.publish_error and "#5" in result.publish_error
    assert result.conclusion.state == Conclusion.State.DRAFT
    assert set(result.conclusion.tasks.values_list("state", flat=True)) == {Task.State.DRAFT}


def test_it_treats_a_simultaneous_second_import_as_the_duplicate(office, staff, sample_bytes, media_files, monkeypatch):
    first = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt")
    real = imports._existing_import
    calls = []

    def not_yet_seen(**kwargs):
        # The other request had not committed when this one looked: it sees no duplicate.
        calls.append(1)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(imports, "_existing_import", not_yet_seen)
    again = conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt")
    assert again.duplicate and again.conclusion == first.conclusion
    assert Conclusion.objects.count() == 1 and Task.objects.count() == 6
    assert len(media_files()) == 1


def test_it_gives_the_first_of_several_named_lead_bodies_the_lead(office, staff):
    text = (
        "KẾT LUẬN\nII. Nhiệm vụ, giải pháp 6 tháng cuối năm 2026\n"
        "1. Về công tác cán bộ\n"
        "- Giao Ban Tổ chức Thành ủy và Ủy ban Kiểm tra Thành ủy rà soát quy hoạch cán bộ, xong trong tháng 9/2026.\n"
    )
    conclusion = conclusion_import(actor=staff, office=office, data=text.encode(), filename="kl.txt").conclusion
    task = conclusion.tasks.get()
    assert task.lead_body.name == "Ban Tổ chức Thành ủy"
    assert [b.name for b in task.coordinating_bodies.all()] == ["Ủy ban Kiểm tra Thành ủy"]
    assert (
        "Văn bản nêu nhiều cơ quan chủ trì; Ban Tổ chức Thành ủy được đặt làm chủ trì, "
        "Ủy ban Kiểm tra Thành ủy phối hợp." in task.warnings
    )
