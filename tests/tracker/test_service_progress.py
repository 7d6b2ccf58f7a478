"""progress_post and progress_bulk_post: who may post, evidence limits, nothing half-saved."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tracker.conftest import pdf_upload, task_make
from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import AuditEvent, EvidenceFile, ProgressUpdate, Task
from tracker.services.progress import BulkProgressRefused, ProgressEntry, progress_bulk_post, progress_post
from tracker.services.tasks import task_update

pytestmark = pytest.mark.django_db


def test_it_posts_progress_for_the_lead_body_with_files_stored_under_their_checksum(world):
    content = b"%PDF-1.4 bien ban"
    update = progress_post(
        actor=world.liaison_a,
        task=world.task,
        done_text="Đã họp triển khai",
        outcome_text="Ban hành kế hoạch",
        percent=40,
        files=[pdf_upload("Biên bản họp.pdf", content)],
    )
    assert update.body == world.body_a
    assert update.percent == 40
    evidence = EvidenceFile.objects.get(progress=update)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.original_name == "Biên bản họp.pdf"
    assert evidence.size == len(content)
    assert evidence.file.name.startswith(f"evidence/{evidence.sha256[:2]}/{evidence.sha256}/")
    assert evidence.file.read() == content
    assert world.refresh().version == 1  # progress does not change the task itself
    assert AuditEvent.objects.get(action="progress_posted").after["progress"] == update.pk


def test_it_posts_for_the_coordinating_body_of_a_coordinating_liaison(world):
    update = progress_post(actor=world.liaison_c, task=world.task, done_text="Phối hợp rà soát")
    assert update.body == world.body_c


@pytest.mark.parametrize("who", ["liaison_b", "staff", "leader", "inspector", "outsider_staff"])
def test_it_refuses_progress_from_anyone_not_acting_for_a_body_of_the_task(world, who):
    with pytest.raises(NotAllowed):
        progress_post(actor=getattr(world, who), task=world.task, done_text="Không được phép")
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_progress_on_a_done_or_paused_task(world):
    Task.objects.filter(pk=world.task.pk).update(state=Task.State.PAUSED)
    with pytest.raises(NotAllowed):
        progress_post(actor=world.liaison_a, task=world.refresh(), done_text="x")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ"), "không thuộc loại"),
        (SimpleUploadedFile("trong.pdf", b""), "không có nội dung"),
        (SimpleUploadedFile("lon.pdf", b"x" * 2048), "vượt quá dung lượng"),
    ],
)
def test_it_saves_nothing_when_one_file_is_refused(world, settings, upload, message):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ServiceError, match=message):
        progress_post(actor=world.liaison_a, task=world.task, done_text="x", files=[pdf_upload(), upload])
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_it_refuses_empty_text_and_percent_out_of_range(world):
    with pytest.raises(ServiceError, match="đã thực hiện"):
        progress_post(actor=world.liaison_a, task=world.task, done_text="  ")
    with pytest.raises(ServiceError, match="0 đến 100"):
        progress_post(actor=world.liaison_a, task=world.task, done_text="x", percent=120)


def test_it_refuses_a_post_when_the_task_changed_since_the_form_was_loaded(world):
    task_update(actor=world.staff, task=world.task, text="Nội dung đã sửa")
    with pytest.raises(VersionConflict):
        progress_post(actor=world.liaison_a, task=world.task, done_text="x", expected_version=1)


def test_it_posts_a_bulk_update_for_all_tasks_of_a_body_in_one_go(world):
    second = task_make(conclusion=world.task.conclusion, lead_body=world.body_a)
    saved = progress_bulk_post(
        actor=world.liaison_a,
        entries=[
            ProgressEntry(task=world.task, done_text="Việc 1", percent=50),
            ProgressEntry(task=second, done_text="Việc 2"),
            ProgressEntry(task=second, done_text=""),  # a row left empty is skipped
        ],
    )
    assert len(saved) == 2
    assert ProgressUpdate.objects.count() == 2


def test_it_saves_no_row_of_a_bulk_update_when_one_row_is_refused(world):
    foreign = task_make(conclusion=world.task.conclusion, lead_body=world.body_b)
    with pytest.raises(BulkProgressRefused) as info:
        progress_bulk_post(
            actor=world.liaison_a,
            entries=[
                ProgressEntry(task=world.task, done_text="Việc 1"),
                ProgressEntry(task=foreign, done_text="Việc của cơ quan khác"),
            ],
        )
    assert [e.task for e in info.value.errors] == [foreign]
    assert "Chưa lưu gì" in info.value.message
    assert not ProgressUpdate.objects.exists()
