"""Importing a conclusion document into a draft plan, and publishing the reviewed plan.

``conclusion_import`` reads the file with the pure-Python parser (``conclusions.parsing``),
then stores, in one transaction, the original (with its SHA-256), the conclusion's metadata
and one draft task per extracted task, with the bodies the document names matched against the
office's directory. Names the directory does not know are kept as proposals
(``proposed_lead_names`` / ``proposed_coordinating_names``) for the office to confirm on the
review screen; nothing is created silently.

``conclusion_publish`` opens every draft task of a reviewed conclusion at once, or none.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Office
from conclusions.models import Conclusion, SourceDocument
from conclusions.parsing import ParseError, parse_read, read_document
from conclusions.selectors import topic_rules_for
from tracker.errors import NotAllowed, ServiceError
from tracker.models import Body, Task
from tracker.policy import Action, office_allows
from tracker.search import task_search_text, text_fold
from tracker.selectors.body_matching import BodyDirectory, body_directory
from tracker.services.audit import audit_record

if TYPE_CHECKING:
    from accounts.models import User
    from conclusions.parsing.schema import ParsedConclusion, ParsedTask

logger = logging.getLogger(__name__)

# What the upload form and the command accept; the parser decides what each one holds.
ACCEPTED_EXTENSIONS = (".txt", ".md", ".docx", ".doc", ".pdf")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the conclusion (new, or the one imported before) and its counts."""

    conclusion: Conclusion
    duplicate: bool
    tasks: int
    with_body: int
    with_deadline: int
    flagged: int
    published: bool = False
    publish_error: str = ""


def conclusion_counts(conclusion: Conclusion) -> dict[str, int]:
    """Counts of a conclusion's tasks (drafts or published, cancelled left out): all, with a lead
    body, with a deadline (or recurring), flagged (missing one of them)."""
    rows = list(
        Task.objects.filter(conclusion=conclusion)
        .exclude(state=Task.State.CANCELLED)
        .values_list("lead_body_id", "deadline", "recurring")
    )
    with_body = sum(1 for lead, _deadline, _rec in rows if lead)
    with_deadline = sum(1 for _lead, deadline, recurring in rows if deadline or recurring)
    flagged = sum(1 for lead, deadline, recurring in rows if not lead or not (deadline or recurring))
    return {"tasks": len(rows), "with_body": with_body, "with_deadline": with_deadline, "flagged": flagged}


def _result(conclusion: Conclusion, *, duplicate: bool, published: bool = False, error: str = "") -> ImportResult:
    return ImportResult(
        conclusion=conclusion,
        duplicate=duplicate,
        published=published,
        publish_error=error,
        **conclusion_counts(conclusion),
    )


def upload_size_message(limit: int) -> str:
    """The Vietnamese refusal for a file over the configured limit, naming the limit."""
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:.0f} MB" if megabytes >= 1 else f"{max(1, limit // 1024)} KB"
    return _("The file is larger than the %(size)s limit for a conclusion document.") % {"size": size}


def stored_file_name(filename: str) -> str:
    """An ASCII file name for storage ("Kết luận 28.docx" -> "ket-luan-28.docx"); the
    original name is kept on the row and given back on download."""
    path = PurePath(filename or "")
    stem = slugify(text_fold(path.stem))[:80] or "document"
    suffix = path.suffix.lower() if path.suffix.lower() in ACCEPTED_EXTENSIONS else ".bin"
    return f"{stem}{suffix}"


def _can_import(actor: User | None, office: Office) -> None:
    # actor None is the command line (import_conclusion, load_demo): whoever runs manage.py
    # already has the server; a web user must be office staff of this very office.
    if actor is not None and (actor.office_id != office.pk or not office_allows(actor, Action.IMPORT_CONCLUSION)):
        raise NotAllowed(_("You are not allowed to import conclusions for this office."))


def conclusion_import(
    *, actor: User | None, office: Office, data: bytes, filename: str, publish: bool = False
) -> ImportResult:
    """Import one conclusion document for ``office`` as a draft plan (published when ``publish``).

    The same file (same SHA-256) imported twice for one office is recognised: the conclusion
    imported the first time is returned with ``duplicate=True`` and nothing new is saved. A
    file the parser refuses (empty, binary, wrong extension, corrupt, scanned, no task part) or
    over ``settings.CONCLUSION_UPLOAD_MAX_BYTES`` raises ``ServiceError`` with a Vietnamese
    message and leaves no row and no file behind. With ``publish=True`` a plan that cannot be
    published yet (a task without lead body or deadline) stays a draft; ``publish_error`` says
    why.
    """
    _can_import(actor, office)
    limit = int(settings.CONCLUSION_UPLOAD_MAX_BYTES)
    if len(data) > limit:
        raise ServiceError(upload_size_message(limit))
    sha256 = hashlib.sha256(data).hexdigest()
    existing = _existing_import(office=office, sha256=sha256)
    if existing is not None:
        return _result(existing, duplicate=True, published=existing.state == Conclusion.State.PUBLISHED)

    # Parsing is pure and may take a second: it runs before the transaction opens.
    try:
        # Read once: the text is kept for the review screen and parsed into the plan.
        document = read_document(data, filename, max_bytes=limit)
        parsed = parse_read(document, topic_rules=topic_rules_for(office=office))
    except ParseError as exc:
        raise ServiceError(exc.message) from exc

    stored: list[str] = []
    try:
        with transaction.atomic():
            conclusion = _conclusion_store(
                actor=actor,
                office=office,
                parsed=parsed,
                text=document.text,
                data=data,
                filename=filename,
                sha256=sha256,
                stored=stored,
            )
    except IntegrityError:
        # Someone imported the same file at the same moment: theirs won, ours is the duplicate.
        _files_delete(stored)
        existing = _existing_import(office=office, sha256=sha256)
        if existing is None:
            raise
        return _result(existing, duplicate=True, published=existing.state == Conclusion.State.PUBLISHED)
    except BaseException:
        # The rows are rolled back; the file written inside the transaction goes with them.
        _files_delete(stored)
        raise

    if not publish:
        return _result(conclusion, duplicate=False)
    try:
        conclusion_publish(actor=actor, conclusion=conclusion)
    except ServiceError as exc:
        return _result(conclusion, duplicate=False, published=False, error=exc.message)
    conclusion.refresh_from_db()
    return _result(conclusion, duplicate=False, published=True)


def _existing_import(*, office: Office, sha256: str) -> Conclusion | None:
    source = SourceDocument.objects.filter(office=office, sha256=sha256).select_related("conclusion").first()
    if source is None:
        return None
    try:
        return source.conclusion
    except Conclusion.DoesNotExist:
        return None


def _files_delete(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - a file we cannot delete is logged, not fatal
            logger.warning("Could not delete %s after a failed import", name)


def _conclusion_store(
    *,
    actor: User | None,
    office: Office,
    parsed: ParsedConclusion,
    text: str,
    data: bytes,
    filename: str,
    sha256: str,
    stored: list[str],
) -> Conclusion:
    """Write the source document, the conclusion and its draft tasks (inside the caller's
    transaction). The name of every file written is appended to ``stored`` so the caller can
    remove it if the transaction rolls back."""
    source = SourceDocument(
        office=office,
        original_name=(PurePath(filename).name or "document")[:255],
        size=len(data),
        sha256=sha256,
        text=text,
        uploaded_by=actor,
    )
    # The unique (office, sha256) constraint is checked before any file is written.
    source.save()
    source.file.save(stored_file_name(filename), ContentFile(data), save=False)
    stored.append(source.file.name)
    source.save(update_fields=["file"])

    period = parsed.period
    signer = parsed.signer
    conclusion = Conclusion.objects.create(
        office=office,
        source_document=source,
        state=Conclusion.State.DRAFT,
        doc_kind=parsed.doc_kind if parsed.doc_kind in Conclusion.Kind.values else Conclusion.Kind.OTHER,
        number=(parsed.number or "")[:64],
        title=parsed.title or "",
        issuer=(parsed.issuer or "")[:255],
        meeting_date=parsed.meeting_date,
        period_label=(period.label if period else "")[:128],
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        signer_name=(signer.name if signer else "")[:255],
        signer_title=((signer.title or "") if signer else "")[:255],
        recipients=list(parsed.recipients),
        monitoring=parsed.to_schema()["monitoring"],
        references=list(parsed.references),
        warnings=list(parsed.warnings),
        parsed=parsed.to_schema(),
        imported_by=actor,
    )
    directory = body_directory(office=office)
    for position, item in enumerate(parsed.tasks, start=1):
        _draft_task_store(conclusion=conclusion, item=item, order=position, directory=directory)
    audit_record(
        actor=actor,
        action="conclusion_import",
        office_id=office.pk,
        conclusion=conclusion,
        after={"file": source.original_name, "sha256": sha256, "tasks": len(parsed.tasks)},
    )
    return conclusion


def responsible_detail(item: ParsedTask) -> str:
    """What the review screen shows after the source of the lead body: the keywords of a topic
    rule, the lead-in's bodies, or the names as the task's text writes them."""
    if item.responsible_source == "rule":
        return ", ".join(getattr(item, "matched_keywords", ()) or ())
    if item.responsible_source == "inherited":
        return ", ".join(getattr(item, "lead_in_bodies", None) or item.responsible)
    if item.responsible_source == "explicit":
        return ", ".join(item.responsible)
    return ""


def _draft_task_store(*, conclusion: Conclusion, item: ParsedTask, order: int, directory: BodyDirectory) -> Task:
    """One draft task from one parsed task, its bodies matched against the directory."""
    lead: Body | None = None
    coordinating: list[Body] = []
    proposed_lead: list[str] = []
    proposed_coordinating: list[str] = []
    warnings = list(item.warnings)
    for name in item.responsible:
        body = directory.match(name)
        if body is None:
            proposed_lead.append(name)
        elif lead is None:
            lead = body
        elif body != lead and body not in coordinating:
            # The task names several lead bodies; the model has one, the others take part.
            coordinating.append(body)
            warnings.append(
                _("Several lead bodies are named; %(lead)s leads and %(other)s coordinates.")
                % {"lead": lead.name, "other": body.name}
            )
    for name in item.coordinating:
        body = directory.match(name)
        if body is None:
            proposed_coordinating.append(name)
        elif body != lead and body not in coordinating:
            coordinating.append(body)
    heading = item.heading or ""
    task = Task.objects.create(
        office_id=conclusion.office_id,
        conclusion=conclusion,
        order=order,
        section=(item.section or "")[:64],
        heading=heading[:500],
        text=item.text,
        lead_body=lead,
        deadline=item.deadline,
        original_deadline=item.deadline,
        recurring=bool(item.recurring),
        state=Task.State.DRAFT,
        responsible_source=item.responsible_source,
        responsible_why=responsible_detail(item)[:500],
        proposed_lead_names=proposed_lead,
        proposed_coordinating_names=proposed_coordinating,
        deadline_source=item.deadline_source,
        deadline_text=(item.deadline_text or "")[:255],
        warnings=warnings,
        footnotes=list(item.footnotes),
        search_text=task_search_text(heading, item.text),
    )
    if coordinating:
        task.coordinating_bodies.set(coordinating)
    return task


# ---------------------------------------------------------------- publishing


def task_missing(task: Task) -> list[str]:
    """What keeps a draft task from being published (empty when it is ready), in Vietnamese."""
    missing = []
    if task.lead_body_id is None:
        missing.append(_("lead body"))
    if task.deadline is None and not task.recurring:
        missing.append(_("deadline"))
    return missing


def task_start(text: str, words: int = 8) -> str:
    """The first words of a task's text, to name a row in a message ("Tăng cường công tác …")."""
    tokens = text.split()
    return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")


def publish_refusal(rows: list[tuple[Task, list[str]]]) -> str:
    """The message listing every row to fix before publishing ("#3 (II.2): lead body, deadline")."""
    lines = [
        _("#%(order)s (%(section)s) “%(start)s”: missing %(what)s")
        % {
            "order": task.order,
            "section": task.section or "—",
            "start": task_start(task.text),
            "what": ", ".join(missing),
        }
        for task, missing in rows
    ]
    # Vietnamese has no plural forms: one message serves every count.
    head = _("The plan cannot be published yet: tasks without a lead body or a deadline: %(count)d.") % {
        "count": len(rows)
    }
    return head + "\n" + "\n".join(lines)


def conclusion_publish(*, actor: User | None, conclusion: Conclusion) -> Conclusion:
    """Publish a reviewed draft plan: every draft task becomes open, all at once or none.

    Refused (``ServiceError`` naming every row to fix) while a task has no lead body, or has no
    deadline and is not recurring; refused when the conclusion is already published or has no
    task. Records who published and when on the conclusion and in the audit trail (one event
    for the conclusion and one per task). ``actor`` None is the command line.
    """
    if actor is not None and (
        actor.office_id != conclusion.office_id or not office_allows(actor, Action.PUBLISH_CONCLUSION)
    ):
        raise NotAllowed(_("You are not allowed to publish conclusions for this office."))
    with transaction.atomic():
        # The row lock makes two simultaneous clicks on "Publish" publish once.
        locked = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if locked.state != Conclusion.State.DRAFT:
            raise ServiceError(_("This conclusion has already been published."))
        tasks = list(
            Task.objects.select_for_update().filter(conclusion=locked, state=Task.State.DRAFT).order_by("order", "id")
        )
        if not tasks:
            raise ServiceError(_("The plan has no task to publish. Add at least one task first."))
        problems = [(task, missing) for task in tasks if (missing := task_missing(task))]
        if problems:
            raise ServiceError(publish_refusal(problems))
        now = timezone.now()
        for task in tasks:
            task.state = Task.State.OPEN
            task.published_at = now
            # The deadline published is the original one that extensions are measured against.
            task.original_deadline = task.deadline
            task.version += 1
            task.updated_at = now  # bulk_update does not apply auto_now
        Task.objects.bulk_update(tasks, ["state", "published_at", "original_deadline", "version", "updated_at"])
        locked.state = Conclusion.State.PUBLISHED
        locked.published_by = actor
        locked.published_at = now
        locked.save(update_fields=["state", "published_by", "published_at"])
        audit_record(
            actor=actor,
            action="conclusion_publish",
            office_id=locked.office_id,
            conclusion=locked,
            field="state",
            before=Conclusion.State.DRAFT,
            after=Conclusion.State.PUBLISHED,
            note=_("%(count)d tasks opened") % {"count": len(tasks)},
        )
        for task in tasks:
            audit_record(
                actor=actor,
                action="task_publish",
                office_id=locked.office_id,
                task=task,
                conclusion=locked,
                field="state",
                before=Task.State.DRAFT,
                after=Task.State.OPEN,
            )
    conclusion.refresh_from_db()
    return conclusion
