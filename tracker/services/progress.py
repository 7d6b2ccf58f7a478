"""Progress updates (append-only) with evidence files, one task at a time or a body's tasks at once."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import Body, EvidenceFile, ProgressUpdate, Task
from tracker.policy import Action, user_body_ids
from tracker.services.audit import audit_record
from tracker.services.tasks import task_lock, task_require

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User


def evidence_check(files: Sequence[UploadedFile]) -> None:
    """Refuse the whole batch when any file is empty, too large or of a type not accepted.

    Called before anything is written, so a bad file never leaves a half-saved update.
    """
    allowed = {ext.lower().lstrip(".") for ext in settings.EVIDENCE_EXTENSIONS}
    limit = settings.EVIDENCE_MAX_BYTES
    for upload in files:
        name = PurePath(upload.name or "").name
        ext = PurePath(name).suffix.lower().lstrip(".")
        if not name or ext not in allowed:
            raise ServiceError(
                _("The file “%(name)s” is not an accepted type. Accepted: %(types)s.")
                % {"name": name or "?", "types": ", ".join(sorted(allowed))}
            )
        if upload.size is None or upload.size == 0:
            raise ServiceError(_("The file “%(name)s” is empty.") % {"name": name})
        if upload.size > limit:
            raise ServiceError(
                _("The file “%(name)s” is larger than the limit of %(mb)s MB.")
                % {"name": name, "mb": round(limit / 1024 / 1024, 1)}
            )


def evidence_store(*, progress: ProgressUpdate, files: Sequence[UploadedFile]) -> list[EvidenceFile]:
    """Store checked files under their SHA-256 for ``progress`` (inside the caller's transaction)."""
    stored: list[EvidenceFile] = []
    for upload in files:
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        name = PurePath(upload.name).name
        evidence = EvidenceFile(
            progress=progress,
            original_name=name[:255],
            content_type=(getattr(upload, "content_type", "") or "")[:128],
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        # The stored name is ASCII and short; the original name is kept in its own field.
        suffix = PurePath(name).suffix.lower()
        evidence.file.save(f"file{suffix}", ContentFile(upload.read()), save=False)
        # If the transaction rolls back, the file stays on disk under its checksum with no row
        # pointing at it: harmless, never served (downloads go through EvidenceFile rows).
        evidence.save()
        stored.append(evidence)
    return stored


def progress_body_for(*, actor: User, task: Task, body: Body | None) -> Body:
    """The body an update is written for: the one given, or the actor's body on the task (lead first)."""
    bodies = user_body_ids(actor)
    coordinating = set(task.coordinating_bodies.values_list("pk", flat=True))
    if body is not None:
        if body.pk not in bodies or (body.pk != task.lead_body_id and body.pk not in coordinating):
            raise NotAllowed(_("You do not act for this body on this task."))
        return body
    if task.lead_body_id in bodies:
        return task.lead_body
    mine = sorted(bodies & coordinating)
    if not mine:
        raise NotAllowed(_("You do not act for this body on this task."))
    return Body.objects.get(pk=mine[0])


def progress_text_check(*, done_text: str, percent: int | None) -> None:
    if not (done_text or "").strip():
        raise ServiceError(_("Say what has been done."))
    if percent is not None and not 0 <= percent <= 100:
        raise ServiceError(_("The percent complete must be between 0 and 100."))


def progress_post(
    *,
    actor: User,
    task: Task,
    body: Body | None = None,
    done_text: str,
    outcome_text: str = "",
    percent: int | None = None,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """A liaison of the lead or a coordinating body reports progress, with optional evidence files.

    Progress is append-only and does not change the task itself, so the task's version is only
    checked (when given), not bumped: two bodies reporting at once both keep their updates.
    """
    files = list(files)
    progress_text_check(done_text=done_text, percent=percent)
    evidence_check(files)
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.POST_PROGRESS, task=current)
        acting_body = progress_body_for(actor=actor, task=current, body=body)
        update = ProgressUpdate.objects.create(
            task=current,
            body=acting_body,
            author=actor,
            kind=ProgressUpdate.Kind.PROGRESS,
            done_text=done_text.strip(),
            outcome_text=(outcome_text or "").strip(),
            percent=percent,
        )
        stored = evidence_store(progress=update, files=files)
        audit_record(
            actor=actor,
            action="progress_posted",
            office_id=current.office_id,
            task=current,
            after={"progress": update.pk, "body": acting_body.name, "percent": percent, "files": len(stored)},
        )
    return update


@dataclass(frozen=True)
class ProgressEntry:
    """One row of the bulk update screen: a task and what its body reports on it."""

    task: Task
    done_text: str
    outcome_text: str = ""
    percent: int | None = None
    files: Sequence[UploadedFile] = field(default_factory=tuple)
    expected_version: int | None = None


@dataclass(frozen=True)
class BulkProgressError:
    task: Task
    message: str
    conflict: bool = False


class BulkProgressRefused(ServiceError):
    """Some rows of a bulk update were refused; nothing was saved. ``errors`` has one per row."""

    def __init__(self, errors: list[BulkProgressError]) -> None:
        super().__init__(_("Nothing was saved: %(count)s rows have errors.") % {"count": len(errors)})
        self.errors = errors
        self.status_code = 409 if all(e.conflict for e in errors) else 400


def progress_bulk_post(*, actor: User, entries: Sequence[ProgressEntry]) -> list[ProgressUpdate]:
    """A liaison reports on many tasks at once (rows with empty text are skipped).

    All rows are saved in one transaction, or none: when any row is refused, nothing is saved
    and ``BulkProgressRefused.errors`` says which rows and why.
    """
    rows = [e for e in entries if (e.done_text or "").strip()]
    if not rows:
        raise ServiceError(_("Write progress for at least one task."))
    errors: list[BulkProgressError] = []
    for entry in rows:
        try:
            progress_text_check(done_text=entry.done_text, percent=entry.percent)
            evidence_check(list(entry.files))
        except ServiceError as exc:
            errors.append(BulkProgressError(entry.task, exc.message))
    if errors:
        raise BulkProgressRefused(errors)
    saved: list[ProgressUpdate] = []
    with transaction.atomic():
        for entry in rows:
            try:
                # A nested savepoint per row, so one refusal is reported with the others.
                with transaction.atomic():
                    saved.append(
                        progress_post(
                            actor=actor,
                            task=entry.task,
                            done_text=entry.done_text,
                            outcome_text=entry.outcome_text,
                            percent=entry.percent,
                            files=entry.files,
                            expected_version=entry.expected_version,
                        )
                    )
            except ServiceError as exc:
                errors.append(BulkProgressError(entry.task, exc.message, isinstance(exc, VersionConflict)))
        if errors:
            raise BulkProgressRefused(errors)
    return saved
