"""Extensions (gia hạn): the lead body asks for a later deadline, the office decides."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.errors import ServiceError
from tracker.models import Extension, Task
from tracker.policy import Action
from tracker.services.audit import audit_record
from tracker.services.progress import progress_body_for
from tracker.services.tasks import task_lock, task_require, task_write

if TYPE_CHECKING:
    from accounts.models import User


def extension_request(
    *,
    actor: User,
    task: Task,
    requested_deadline: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Extension:
    """A liaison of the lead body asks to move the deadline, with a reason.

    One pending request per task: a second waits until the office decides the first. The new
    date must be later than the current deadline; recurring tasks have no deadline to move.
    """
    if not (reason or "").strip():
        raise ServiceError(_("Give the reason for the extension."))
    with transaction.atomic():
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.REQUEST_EXTENSION, task=current)
        if current.recurring or current.deadline is None:
            raise ServiceError(_("This task has no deadline to extend."))
        if requested_deadline <= current.deadline:
            raise ServiceError(
                _("The requested deadline must be after the current deadline (%(date)s).")
                % {"date": current.deadline.strftime("%d/%m/%Y")}
            )
        if Extension.objects.filter(task=current, state=Extension.State.PENDING).exists():
            raise ServiceError(_("This task already has an extension request awaiting decision."))
        body = progress_body_for(actor=actor, task=current, body=current.lead_body)
        try:
            with transaction.atomic():
                extension = Extension.objects.create(
                    task=current,
                    body=body,
                    requested_by=actor,
                    previous_deadline=current.deadline,
                    requested_deadline=requested_deadline,
                    reason=reason.strip(),
                )
        except IntegrityError as exc:
            # Two requests at the same moment: the partial unique index lets only one through.
            raise ServiceError(_("This task already has an extension request awaiting decision.")) from exc
        audit_record(
            actor=actor,
            action="extension_requested",
            office_id=current.office_id,
            task=current,
            field="deadline",
            before=current.deadline,
            after=requested_deadline,
            note=reason.strip(),
        )
    return extension


def extension_decide(
    *,
    actor: User,
    extension: Extension,
    approve: bool,
    note: str = "",
    new_deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> Extension:
    """The office approves or rejects a pending extension request.

    On approval the task's deadline moves to the requested date (or ``new_deadline`` when the
    office grants a different one); its original deadline is kept, so reports can still say
    whether the task was done by the deadline the conclusion set. A rejection needs a note.
    """
    if not approve and not (note or "").strip():
        raise ServiceError(_("Give the reason for rejecting the extension."))
    with transaction.atomic():
        task = extension.task
        current = task_lock(task=task, expected_version=expected_version)
        task_require(actor=actor, action=Action.DECIDE_EXTENSION, task=current)
        # Claim the request: only one decision wins if two staff decide at once.
        now = timezone.now()
        state = Extension.State.APPROVED if approve else Extension.State.REJECTED
        claimed = Extension.objects.filter(pk=extension.pk, state=Extension.State.PENDING).update(
            state=state, decided_by=actor, decided_at=now, decision_note=(note or "").strip()
        )
        if not claimed:
            raise ServiceError(_("This extension request has already been decided."))
        extension.refresh_from_db()
        audit_record(
            actor=actor,
            action="extension_approved" if approve else "extension_rejected",
            office_id=current.office_id,
            task=current,
            field="extension",
            before=Extension.State.PENDING.value,
            after=state.value,
            note=(note or "").strip(),
        )
        if approve:
            granted = new_deadline or extension.requested_deadline
            if current.deadline is not None and granted <= current.deadline:
                raise ServiceError(_("The new deadline must be after the current deadline."))
            changes = {"deadline": granted}
            if current.original_deadline is None:
                # Keep the deadline the conclusion set: reports compare against it.
                changes["original_deadline"] = current.deadline
            before = current.deadline
            task_write(task=task, current=current, changes=changes)
            audit_record(
                actor=actor,
                action="deadline_extended",
                office_id=current.office_id,
                task=current,
                field="deadline",
                before=before,
                after=granted,
                note=(note or "").strip(),
            )
    return extension
