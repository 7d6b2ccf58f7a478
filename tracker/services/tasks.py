"""Task workflow after publishing: completion, return, pause/resume/cancel and office edits.

Every service here is keyword-only, owns its transaction, asks ``tracker.policy`` before it
changes anything, writes an audit event per changed field (who, when, before, after) and takes
``expected_version``: the task's ``version`` as the caller last saw it. When someone else has
changed the task since, the service raises ``VersionConflict`` and changes nothing, so two
people editing one task never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import Body, EvidenceFile, ProgressUpdate, Task
from tracker.policy import Action, task_allows
from tracker.search import task_search_text
from tracker.services.audit import audit_record

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User


class Unset(Enum):
    """Marks an argument the caller did not pass (None is a real value: "no deadline")."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET

# States the office may pause or cancel: published and not finished.
ACTIVE_STATES = frozenset({Task.State.OPEN, Task.State.AWAITING_CONFIRMATION, Task.State.RETURNED})


def conflict_message() -> str:
    return _(
        "This task was updated by someone else while you were viewing it. "
        "Reload the page to see the latest changes, then try again."
    )


def task_lock(*, task: Task, expected_version: int | None) -> Task:
    """Lock the task's row for this transaction and check the caller's version.

    Returns the row as it is now in the database (states are checked on it, never on the
    caller's possibly stale copy). Call inside ``transaction.atomic``.
    """
    current = Task.objects.select_for_update().filter(pk=task.pk).first()
    if current is None:
        raise ServiceError(_("This task no longer exists."))
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(conflict_message())
    return current


def task_write(*, task: Task, current: Task, changes: dict[str, Any]) -> None:
    """Write ``changes`` with a conditional UPDATE ... WHERE version = current.version and bump it.

    ``current`` is the row from ``task_lock``; the caller's ``task`` object is brought up to
    date afterwards so views and the API can render the new state and version.
    """
    now = timezone.now()
    updated = Task.objects.filter(pk=current.pk, version=current.version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        # Only possible without a row lock (a database that ignores SELECT ... FOR UPDATE).
        raise VersionConflict(conflict_message())
    for name, value in changes.items():
        setattr(task, name, value)
        setattr(current, name, value)
    task.version = current.version + 1
    task.updated_at = now
    if "state" not in changes:
        task.state = current.state


def task_require(*, actor: User, action: Action, task: Task) -> None:
    """Raise NotAllowed unless the policy lets ``actor`` do ``action`` on ``task`` (as it is now)."""
    if not task_allows(actor, action, task):
        raise NotAllowed(_("You are not allowed to do this on this task."))


def task_state_change(
    *,
    actor: User,
    task: Task,
    current: Task,
    new_state: str,
    action: str,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    """Move the task to ``new_state`` (plus ``extra`` fields) and audit every changed field."""
    changes: dict[str, Any] = {"state": new_state, **(extra or {})}
    befores = {name: getattr(current, name) for name in changes}
    task_write(task=task, current=current, changes=changes)
    for name, after in changes.items():
        if befores[name] != after:
            audit_record(
                actor=actor,
                action=action,
                office_id=current.office_id,
                task=current,
                field=name,
                before=befores[name],
                after=after,
                note=note,
            )


def completion_proposed_on(task: Task) -> dt.date | None:
    """The local date of the latest completion proposal of the task, if any."""
    latest = (
        ProgressUpdate.objects.filter(task=task, kind=ProgressUpdate.Kind.COMPLETION)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    return timezone.localdate(latest) if latest else None


def task_completion_propose(
    *,
    actor: User,
    task: Task,
    done_text: str,
    outcome_text: str,
    percent: int | None = 100,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """The lead body says the task is done: a completion report with evidence → awaiting confirmation.

    Only a liaison of the lead body may propose, on an open or returned task. The report must
    say what was achieved, and the task must have evidence: a file attached now or to an
    earlier progress update. Files are validated first; nothing is saved if any is refused.
    """
    # Imported here: progress imports this module for the locking helpers.
    from tracker.services.progress import evidence_check, evidence_store, progress_body_for

    files = list(files)
    evidence_check(files)
    if not (done_text or "").strip():
        raise ServiceError(_("Say what has been done."))
    if not (outcome_text or "").strip():
        raise ServiceError(_("Say what was achieved when you propose completion."))
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.PROPOSE_COMPLETION, task=current)
        body = progress_body_for(actor=actor, task=current, body=current.lead_body)
        has_evidence = bool(files) or EvidenceFile.objects.filter(progress__task=current).exists()
        if not has_evidence:
            raise ServiceError(_("Attach at least one evidence file to propose completion."))
        update = ProgressUpdate.objects.create(
            task=current,
            body=body,
            author=actor,
            kind=ProgressUpdate.Kind.COMPLETION,
            done_text=done_text.strip(),
            outcome_text=outcome_text.strip(),
            percent=percent,
        )
        evidence_store(progress=update, files=files)
        task_state_change(
            actor=actor,
            task=task,
            current=current,
            new_state=Task.State.AWAITING_CONFIRMATION,
            action="completion_proposed",
            note=outcome_text.strip()[:1000],
        )
    return update


def task_completion_confirm(
    *,
    actor: User,
    task: Task,
    completed_on: dt.date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Task:
    """The office confirms a proposed completion → done.

    ``completed_on`` (the date that decides "on time" or "late") defaults to the day the
    completion was proposed, not the day the office got round to confirming it.
    """
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.CONFIRM_COMPLETION, task=current)
        if current.state != Task.State.AWAITING_CONFIRMATION:
            raise ServiceError(_("Only a task awaiting confirmation can be confirmed as done."))
        completed = completed_on or completion_proposed_on(current) or timezone.localdate()
        if completed > timezone.localdate():
            raise ServiceError(_("The completion date cannot be after today."))
        task_state_change(
            actor=actor,
            task=task,
            current=current,
            new_state=Task.State.DONE,
            action="completion_confirmed",
            note=note.strip(),
            extra={"completed_on": completed},
        )
    return task


def task_return(*, actor: User, task: Task, reason: str, expected_version: int | None = None) -> Task:
    """The office returns a proposed completion for rework (thực hiện lại), with a reason."""
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason for returning it, so the body knows what more to do."))
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.RETURN_TASK, task=current)
        if current.state != Task.State.AWAITING_CONFIRMATION:
            raise ServiceError(_("Only a task awaiting confirmation can be returned."))
        task_state_change(
            actor=actor,
            task=task,
            current=current,
            new_state=Task.State.RETURNED,
            action="task_returned",
            note=reason.strip(),
        )
    return task


def task_pause(*, actor: User, task: Task, reason: str, expected_version: int | None = None) -> Task:
    """The office pauses a task (tạm hoãn): it leaves reminders and report buckets until resumed."""
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason for pausing."))
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.PAUSE_TASK, task=current)
        if current.state not in ACTIVE_STATES:
            raise ServiceError(_("Only a task in progress can be paused."))
        task_state_change(
            actor=actor, task=task, current=current, new_state=Task.State.PAUSED, action="task_paused", note=reason
        )
    return task


def task_resume(*, actor: User, task: Task, note: str = "", expected_version: int | None = None) -> Task:
    """The office resumes a paused task; it is open again."""
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.PAUSE_TASK, task=current)
        if current.state != Task.State.PAUSED:
            raise ServiceError(_("Only a paused task can be resumed."))
        task_state_change(
            actor=actor, task=task, current=current, new_state=Task.State.OPEN, action="task_resumed", note=note
        )
    return task


def task_cancel(*, actor: User, task: Task, reason: str, expected_version: int | None = None) -> Task:
    """The office takes a task out of the plan (hủy), with a reason; it is kept for the record."""
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason for cancelling the task."))
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.CANCEL_TASK, task=current)
        if current.state not in (*ACTIVE_STATES, Task.State.PAUSED):
            raise ServiceError(_("This task cannot be cancelled in its current state."))
        task_state_change(
            actor=actor,
            task=task,
            current=current,
            new_state=Task.State.CANCELLED,
            action="task_cancelled",
            note=reason,
        )
    return task


def task_update(
    *,
    actor: User,
    task: Task,
    text: str | Unset = UNSET,
    heading: str | Unset = UNSET,
    deadline: dt.date | Unset | None = UNSET,
    recurring: bool | Unset = UNSET,
    lead_body: Body | Unset | None = UNSET,
    coordinating_bodies: Iterable[Body] | Unset = UNSET,
    note: str = "",
    expected_version: int | None = None,
) -> Task:
    """The office edits a published task; only the arguments passed are changed, each audited.

    A deadline set here corrects the plan: the original deadline is kept as it was (it is only
    filled in when the task had none). Extensions go through ``extension_decide`` instead.
    Bodies must belong to the task's office and be active; the lead body is never also a
    coordinating body.
    """
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.EDIT_TASK, task=current)
        if current.state in (Task.State.CANCELLED, Task.State.DONE):
            raise ServiceError(_("A task that is done or cancelled cannot be edited."))
        changes: dict[str, Any] = {}
        if text is not UNSET:
            if not text.strip():
                raise ServiceError(_("The task text cannot be empty."))
            changes["text"] = text.strip()
        if heading is not UNSET:
            changes["heading"] = heading.strip()
        if deadline is not UNSET:
            changes["deadline"] = deadline
            if current.original_deadline is None and deadline is not None:
                changes["original_deadline"] = deadline
        if recurring is not UNSET:
            changes["recurring"] = bool(recurring)
        if lead_body is not UNSET:
            if lead_body is not None:
                task_body_check(office_id=current.office_id, body=lead_body)
            changes["lead_body_id"] = lead_body.pk if lead_body is not None else None
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        if "text" in changes or "heading" in changes:
            probe = Task(text=changes.get("text", current.text), heading=changes.get("heading", current.heading))
            changes["search_text"] = task_search_text(probe.heading, probe.text)

        coordinating_before = sorted(current.coordinating_bodies.values_list("pk", flat=True))
        coordinating_after: list[Body] | None = None
        if coordinating_bodies is not UNSET:
            coordinating_after = list({b.pk: b for b in coordinating_bodies}.values())
            for body in coordinating_after:
                task_body_check(office_id=current.office_id, body=body)
            if sorted(b.pk for b in coordinating_after) == coordinating_before:
                coordinating_after = None
        lead_id = changes.get("lead_body_id", current.lead_body_id)
        coordinating_ids = [b.pk for b in coordinating_after] if coordinating_after is not None else coordinating_before
        if lead_id is not None and lead_id in coordinating_ids:
            raise ServiceError(_("The lead body cannot also be a coordinating body."))
        if not changes and coordinating_after is None:
            return task

        befores = {name: getattr(current, name) for name in changes}
        task_write(task=task, current=current, changes=changes)
        for name, after in changes.items():
            if name == "search_text":
                continue
            before = befores[name]
            if name == "lead_body_id":
                # Record names as well as ids: the history must read well after a body is renamed.
                before = Body.objects.filter(pk=before).first() if before else None
                after = lead_body
                name = "lead_body"
            audit_record(
                actor=actor,
                action="task_updated",
                office_id=current.office_id,
                task=current,
                field=name,
                before=before,
                after=after,
                note=note,
            )
        if coordinating_after is not None:
            current.coordinating_bodies.set(coordinating_after)
            audit_record(
                actor=actor,
                action="task_updated",
                office_id=current.office_id,
                task=current,
                field="coordinating_bodies",
                before=list(Body.objects.filter(pk__in=coordinating_before).order_by("pk")),
                after=sorted(coordinating_after, key=lambda b: b.pk),
                note=note,
            )
            if not changes:
                # A change of bodies alone still moves the version on.
                task_write(task=task, current=current, changes={})
    return task


def task_body_check(*, office_id: int, body: Body) -> None:
    """A body assigned to a task must be an active body of the task's office."""
    if body.office_id != office_id:
        raise ServiceError(_("The body “%(name)s” does not belong to this office.") % {"name": body.name})
    if not body.active:
        raise ServiceError(_("The body “%(name)s” is no longer active.") % {"name": body.name})
