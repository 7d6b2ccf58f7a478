"""Reviewing an imported draft plan before it is published.

The machine proposes, the office decides: staff correct a task's text, heading, bodies,
deadline and recurring flag, merge tasks the parser split, split a task it joined, delete
what is not a task, add what it missed, assign a body or a deadline to many rows at once, and
confirm the creation of a body the document names but the directory does not know.

Every service here works on draft tasks of a draft conclusion only, is keyword-only, checks
the actor (office staff of the conclusion's office), owns its transaction and writes audit
events. Draft edits are recorded against the *conclusion* (``task`` left empty, the task's id
in ``note``): a draft may still be merged away or deleted, and an audit event must never stop
that nor be deleted with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from conclusions.models import Conclusion
from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import Body, Task
from tracker.policy import Action, office_allows
from tracker.search import task_search_text
from tracker.selectors.body_matching import body_directory, body_key
from tracker.services.audit import audit_record

if TYPE_CHECKING:
    from accounts.models import Office, User


class _Unset(Enum):
    """An argument the caller did not pass (None is a real value: "no deadline", "no body")."""

    UNSET = "unset"


UNSET: Final = _Unset.UNSET


def _unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _review_open(*, actor: User, conclusion_id: int) -> Conclusion:
    """Lock the conclusion for this transaction after checking who asks and that it is a draft.

    The lock serialises review edits with publishing: nothing changes a plan while it is
    being published, and nothing is edited after.
    """
    conclusion = Conclusion.objects.select_for_update().filter(pk=conclusion_id).first()
    if conclusion is None:
        raise ServiceError(_("This conclusion no longer exists."))
    if actor is None or actor.office_id != conclusion.office_id or not office_allows(actor, Action.IMPORT_CONCLUSION):
        raise NotAllowed(_("You are not allowed to review conclusions for this office."))
    if conclusion.state != Conclusion.State.DRAFT:
        raise ServiceError(_("This conclusion has been published; its plan can no longer be reviewed."))
    return conclusion


def _drafts_lock(*, conclusion: Conclusion, tasks: Iterable[Task]) -> list[Task]:
    """The given tasks as they are now, locked, in plan order; all must be drafts of ``conclusion``."""
    ids = {task.pk for task in tasks}
    if not ids:
        raise ServiceError(_("Select at least one task."))
    current = list(
        Task.objects.select_for_update()
        .filter(pk__in=ids, conclusion=conclusion, state=Task.State.DRAFT)
        .order_by("order", "id")
    )
    if len(current) != len(ids):
        raise ServiceError(_("Some of the selected tasks are no longer drafts of this conclusion. Reload the page."))
    return current


def _bodies_check(*, conclusion: Conclusion, bodies: Iterable[Body | None]) -> None:
    for body in bodies:
        if body is not None and (body.office_id != conclusion.office_id or not body.active):
            raise ServiceError(_("This body is not in your office's directory."))


def _audit(*, actor: User, conclusion: Conclusion, action: str, task_id: int | None, **kwargs: Any) -> None:
    note = kwargs.pop("note", "")
    audit_record(
        actor=actor,
        action=action,
        office_id=conclusion.office_id,
        conclusion=conclusion,
        note=(f"task #{task_id}" + (f": {note}" if note else "")) if task_id else note,
        **kwargs,
    )


def _renumber(conclusion: Conclusion) -> None:
    """Number the plan's rows 1..n again after rows were merged away or deleted, so the row
    numbers staff read ("#3") stay the numbers of the plan."""
    rows = list(Task.objects.filter(conclusion=conclusion).order_by("order", "id").only("id", "order"))
    changed = []
    for position, task in enumerate(rows, start=1):
        if task.order != position:
            task.order = position
            changed.append(task)
    if changed:
        Task.objects.bulk_update(changed, ["order"])


def _save(task: Task, fields: Sequence[str]) -> None:
    task.version += 1
    task.save(update_fields=[*fields, "version", "updated_at"])


def draft_task_update(
    *,
    actor: User,
    task: Task,
    text: str | _Unset = UNSET,
    heading: str | _Unset = UNSET,
    lead_body: Body | _Unset | None = UNSET,
    coordinating_bodies: Iterable[Body] | _Unset = UNSET,
    deadline: dt.date | _Unset | None = UNSET,
    recurring: bool | _Unset = UNSET,
    expected_version: int | None = None,
) -> Task:
    """Correct one draft task; only the arguments given change.

    A body or deadline set here is the office's decision (source ``manual``). Setting the lead
    body drops the names proposed for it; setting the coordinating bodies drops theirs.
    ``expected_version`` (the task's version as the page showed it) turns a concurrent edit
    into ``VersionConflict`` instead of a silent overwrite. One audit event per changed field.
    """
    with transaction.atomic():
        conclusion = _review_open(actor=actor, conclusion_id=task.conclusion_id)
        (current,) = _drafts_lock(conclusion=conclusion, tasks=[task])
        if expected_version is not None and current.version != expected_version:
            raise VersionConflict(
                _("This task was changed by someone else while you were editing it. Reload the page and try again.")
            )
        changed: list[str] = []
        if text is not UNSET:
            clean = (text or "").strip()
            if not clean:
                raise ServiceError(_("A task's text cannot be empty."))
            if clean != current.text:
                _audit(
                    actor=actor,
                    conclusion=conclusion,
                    action="draft_edit",
                    task_id=current.pk,
                    field="text",
                    before=current.text,
                    after=clean,
                )
                current.text = clean
                changed.append("text")
        if heading is not UNSET:
            clean = " ".join((heading or "").split())[:500]
            if clean != current.heading:
                _audit(
                    actor=actor,
                    conclusion=conclusion,
                    action="draft_edit",
                    task_id=current.pk,
                    field="heading",
                    before=current.heading,
                    after=clean,
                )
                current.heading = clean
                changed.append("heading")
        if lead_body is not UNSET:
            _bodies_check(conclusion=conclusion, bodies=[lead_body])
            if lead_body != current.lead_body or current.proposed_lead_names:
                _audit(
                    actor=actor,
                    conclusion=conclusion,
                    action="draft_edit",
                    task_id=current.pk,
                    field="lead_body",
                    before=current.lead_body,
                    after=lead_body,
                )
                current.lead_body = lead_body
                current.responsible_source = Task.ResponsibleSource.MANUAL if lead_body else Task.ResponsibleSource.NONE
                current.proposed_lead_names = []
                changed += ["lead_body", "responsible_source", "proposed_lead_names"]
        if coordinating_bodies is not UNSET:
            wanted = [body for body in _unique(coordinating_bodies) if body != current.lead_body]
            _bodies_check(conclusion=conclusion, bodies=wanted)
            before = list(current.coordinating_bodies.order_by("name"))
            if set(before) != set(wanted) or current.proposed_coordinating_names:
                _audit(
                    actor=actor,
                    conclusion=conclusion,
                    action="draft_edit",
                    task_id=current.pk,
                    field="coordinating_bodies",
                    before=before,
                    after=wanted,
                )
                current.coordinating_bodies.set(wanted)
                current.proposed_coordinating_names = []
                changed.append("proposed_coordinating_names")
        elif lead_body is not UNSET and lead_body is not None:
            # A body cannot lead and coordinate the same task.
            current.coordinating_bodies.remove(lead_body)
        if deadline is not UNSET and deadline != current.deadline:
            _audit(
                actor=actor,
                conclusion=conclusion,
                action="draft_edit",
                task_id=current.pk,
                field="deadline",
                before=current.deadline,
                after=deadline,
            )
            current.deadline = deadline
            current.original_deadline = deadline
            current.deadline_source = Task.DeadlineSource.MANUAL if deadline else Task.DeadlineSource.NONE
            changed += ["deadline", "original_deadline", "deadline_source"]
        if recurring is not UNSET and bool(recurring) != current.recurring:
            _audit(
                actor=actor,
                conclusion=conclusion,
                action="draft_edit",
                task_id=current.pk,
                field="recurring",
                before=current.recurring,
                after=bool(recurring),
            )
            current.recurring = bool(recurring)
            changed.append("recurring")
        if changed or coordinating_bodies is not UNSET:
            current.search_text = task_search_text(current.heading, current.text)
            _save(current, _unique([*changed, "search_text"]))
    return current


def draft_tasks_merge(*, actor: User, tasks: Sequence[Task]) -> Task:
    """Merge two or more draft tasks of one conclusion into the first (in plan order).

    The texts are joined in plan order; the lead body is the first one set; coordinating
    bodies, proposals, warnings and footnotes are united; the deadline is the earliest one
    (DOMAIN: of several dated sub-actions the earliest counts); the result is recurring only
    when every part was. The other tasks are deleted.
    """
    if len({task.pk for task in tasks}) < 2:
        raise ServiceError(_("Select at least two tasks to merge."))
    conclusion_ids = {task.conclusion_id for task in tasks}
    if len(conclusion_ids) != 1:
        raise ServiceError(_("Only tasks of the same conclusion can be merged."))
    with transaction.atomic():
        conclusion = _review_open(actor=actor, conclusion_id=conclusion_ids.pop())
        parts = _drafts_lock(conclusion=conclusion, tasks=tasks)
        keep, others = parts[0], parts[1:]
        lead_from = next((part for part in parts if part.lead_body_id), None)
        dated = [part for part in parts if part.deadline]
        deadline_from = min(dated, key=lambda part: part.deadline) if dated else None
        coordinating = _unique(body for part in parts for body in part.coordinating_bodies.order_by("name"))
        before = [part.text for part in parts]

        keep.text = "\n".join(part.text for part in parts)
        if lead_from is not None:
            keep.lead_body_id = lead_from.lead_body_id
            keep.responsible_source = lead_from.responsible_source
            keep.responsible_why = lead_from.responsible_why
        if deadline_from is not None:
            keep.deadline = deadline_from.deadline
            keep.original_deadline = deadline_from.deadline
            keep.deadline_source = deadline_from.deadline_source
            keep.deadline_text = deadline_from.deadline_text
        keep.recurring = all(part.recurring for part in parts)
        keep.proposed_lead_names = _unique(name for part in parts for name in part.proposed_lead_names)
        keep.proposed_coordinating_names = _unique(name for part in parts for name in part.proposed_coordinating_names)
        keep.warnings = _unique(warning for part in parts for warning in part.warnings)
        keep.footnotes = _unique(note for part in parts for note in part.footnotes)
        keep.search_text = task_search_text(keep.heading, keep.text)
        _audit(
            actor=actor,
            conclusion=conclusion,
            action="draft_merge",
            task_id=keep.pk,
            field="text",
            before=before,
            after=keep.text,
            note=", ".join(f"#{part.pk}" for part in others),
        )
        Task.objects.filter(pk__in=[part.pk for part in others]).delete()
        _save(
            keep,
            [
                "text",
                "lead_body",
                "responsible_source",
                "responsible_why",
                "deadline",
                "original_deadline",
                "deadline_source",
                "deadline_text",
                "recurring",
                "proposed_lead_names",
                "proposed_coordinating_names",
                "warnings",
                "footnotes",
                "search_text",
            ],
        )
        keep.coordinating_bodies.set([body for body in coordinating if body.pk != keep.lead_body_id])
        _renumber(conclusion)
    keep.refresh_from_db(fields=["order"])
    return keep


def split_position(text: str, at: int | str) -> int:
    """Where to cut ``text``: a character offset, or where the given second part starts."""
    if isinstance(at, str):
        needle = " ".join(at.split())
        if not needle:
            raise ServiceError(_("Give the words the second task starts with."))
        position = text.find(needle)
        if position < 0:
            # The person may have re-typed the words with other spacing: compare collapsed.
            collapsed = " ".join(text.split())
            found = collapsed.find(needle)
            if found < 0:
                raise ServiceError(_("The second part must be copied from the task's text."))
            # Map the offset in the collapsed text back to the original text.
            words_before = len(collapsed[:found].split())
            position = _word_offset(text, words_before) if found else 0
        return position
    return int(at)


def _word_offset(text: str, index: int) -> int:
    """Offset of the ``index``-th whitespace-separated word of ``text``."""
    count = 0
    in_word = False
    for offset, char in enumerate(text):
        if not char.isspace() and not in_word:
            if count == index:
                return offset
            count += 1
        in_word = not char.isspace()
    return len(text)


def draft_task_split(*, actor: User, task: Task, at: int | str) -> tuple[Task, Task]:
    """Split a draft task in two: at character offset ``at``, or where the second part ``at``
    starts. The new task follows the first and takes its section, heading, bodies, deadline
    and sources; both parts must keep some text."""
    with transaction.atomic():
        conclusion = _review_open(actor=actor, conclusion_id=task.conclusion_id)
        (current,) = _drafts_lock(conclusion=conclusion, tasks=[task])
        position = split_position(current.text, at)
        first, second = current.text[:position].strip(), current.text[position:].strip()
        if position <= 0 or not first or not second:
            raise ServiceError(_("Both parts of a split task need some text."))
        coordinating = list(current.coordinating_bodies.all())
        # Make room right after the task being split.
        Task.objects.filter(conclusion=conclusion, order__gt=current.order).update(order=F("order") + 1)
        new = Task.objects.create(
            office_id=current.office_id,
            conclusion=conclusion,
            order=current.order + 1,
            section=current.section,
            heading=current.heading,
            text=second,
            lead_body_id=current.lead_body_id,
            deadline=current.deadline,
            original_deadline=current.deadline,
            recurring=current.recurring,
            state=Task.State.DRAFT,
            responsible_source=current.responsible_source,
            responsible_why=current.responsible_why,
            proposed_lead_names=list(current.proposed_lead_names),
            proposed_coordinating_names=list(current.proposed_coordinating_names),
            deadline_source=current.deadline_source,
            deadline_text=current.deadline_text if current.deadline_text and current.deadline_text in second else "",
            footnotes=[],
            search_text=task_search_text(current.heading, second),
        )
        new.coordinating_bodies.set(coordinating)
        _audit(
            actor=actor,
            conclusion=conclusion,
            action="draft_split",
            task_id=current.pk,
            field="text",
            before=current.text,
            after=[first, second],
            note=f"#{new.pk}",
        )
        current.text = first
        current.search_text = task_search_text(current.heading, first)
        _save(current, ["text", "search_text"])
    return current, new


def draft_task_delete(*, actor: User, task: Task) -> None:
    """Delete a draft task that is not a task (a decision, a record, the monitoring clause)."""
    with transaction.atomic():
        conclusion = _review_open(actor=actor, conclusion_id=task.conclusion_id)
        (current,) = _drafts_lock(conclusion=conclusion, tasks=[task])
        _audit(
            actor=actor,
            conclusion=conclusion,
            action="draft_delete",
            task_id=current.pk,
            field="text",
            before=current.text,
        )
        current.delete()
        _renumber(conclusion)


def draft_task_add(
    *,
    actor: User,
    conclusion: Conclusion,
    text: str,
    heading: str = "",
    section: str = "",
    lead_body: Body | None = None,
    coordinating_bodies: Iterable[Body] = (),
    deadline: dt.date | None = None,
    recurring: bool = False,
    after: Task | None = None,
) -> Task:
    """Add a task the parser missed, at the end of the plan or right after ``after``."""
    clean = (text or "").strip()
    if not clean:
        raise ServiceError(_("A task's text cannot be empty."))
    with transaction.atomic():
        locked = _review_open(actor=actor, conclusion_id=conclusion.pk)
        coordinating = [body for body in _unique(coordinating_bodies) if body != lead_body]
        _bodies_check(conclusion=locked, bodies=[lead_body, *coordinating])
        if after is not None:
            (anchor,) = _drafts_lock(conclusion=locked, tasks=[after])
            order = anchor.order + 1
            Task.objects.filter(conclusion=locked, order__gte=order).update(order=F("order") + 1)
            section = section or anchor.section
            heading = heading or anchor.heading
        else:
            order = (Task.objects.filter(conclusion=locked).aggregate(m=Max("order"))["m"] or 0) + 1
        heading = " ".join((heading or "").split())[:500]
        task = Task.objects.create(
            office_id=locked.office_id,
            conclusion=locked,
            order=order,
            section=(section or "")[:64],
            heading=heading,
            text=clean,
            lead_body=lead_body,
            deadline=deadline,
            original_deadline=deadline,
            recurring=recurring,
            state=Task.State.DRAFT,
            responsible_source=Task.ResponsibleSource.MANUAL if lead_body else Task.ResponsibleSource.NONE,
            deadline_source=Task.DeadlineSource.MANUAL if deadline else Task.DeadlineSource.NONE,
            search_text=task_search_text(heading, clean),
        )
        if coordinating:
            task.coordinating_bodies.set(coordinating)
        _audit(actor=actor, conclusion=locked, action="draft_add", task_id=task.pk, field="text", after=clean)
    return task


def draft_tasks_bulk_assign(
    *,
    actor: User,
    tasks: Sequence[Task],
    lead_body: Body | None = None,
    coordinating_bodies: Iterable[Body] | None = None,
    deadline: dt.date | None = None,
) -> int:
    """Give many draft tasks of one conclusion the same lead body, extra coordinating bodies
    and/or deadline at once (the office's decision: source ``manual``). Returns how many
    tasks changed. Coordinating bodies are added to those a task already has."""
    coordinating = _unique(coordinating_bodies or [])
    if lead_body is None and not coordinating and deadline is None:
        raise ServiceError(_("Choose a lead body, a coordinating body or a deadline to assign."))
    conclusion_ids = {task.conclusion_id for task in tasks}
    if len(conclusion_ids) > 1:
        raise ServiceError(_("Only tasks of the same conclusion can be assigned together."))
    if not conclusion_ids:
        raise ServiceError(_("Select at least one task."))
    with transaction.atomic():
        conclusion = _review_open(actor=actor, conclusion_id=conclusion_ids.pop())
        _bodies_check(conclusion=conclusion, bodies=[lead_body, *coordinating])
        rows = _drafts_lock(conclusion=conclusion, tasks=tasks)
        changed = 0
        for task in rows:
            fields: list[str] = []
            if lead_body is not None and task.lead_body_id != lead_body.pk:
                _audit(
                    actor=actor,
                    conclusion=conclusion,
                    action="draft_bulk_assign",
                    task_id=task.pk,
                    field="lead_body",
                    before=task.lead_body,
                    after=lead_body,
                )
                task.lead_body = lead_body
                task.responsible_source = Task.ResponsibleSource.MANUAL
                task.proposed_lead_names = []
                task.coordinating_bodies.remove(lead_body)
                fields += ["lead_body", "responsible_source", "proposed_lead_names"]
            if coordinating:
                have = set(task.coordinating_bodies.all())
                add = [body for body in coordinating if body not in have and body.pk != task.lead_body_id]
                if add:
                    _audit(
                        actor=actor,
                        conclusion=conclusion,
                        action="draft_bulk_assign",
                        task_id=task.pk,
                        field="coordinating_bodies",
                        before=sorted(have, key=str),
                        after=add,
                    )
                    task.coordinating_bodies.add(*add)
                    fields.append("coordinating_bodies")
            if deadline is not None and task.deadline != deadline:
                _audit(
                    actor=actor,
                    conclusion=conclusion,
                    action="draft_bulk_assign",
                    task_id=task.pk,
                    field="deadline",
                    before=task.deadline,
                    after=deadline,
                )
                task.deadline = deadline
                task.original_deadline = deadline
                task.deadline_source = Task.DeadlineSource.MANUAL
                fields += ["deadline", "original_deadline", "deadline_source"]
            if fields:
                _save(task, [f for f in fields if f != "coordinating_bodies"])
                changed += 1
    return changed


def body_create_from_proposal(*, actor: User, office: Office, name: str) -> tuple[Body, int]:
    """Create the body a document names but the directory does not know, once staff confirm it.

    Then every draft task of the office that proposed a name the directory now recognises gets
    it: as lead when the task has none and the name was proposed as lead, else as a
    coordinating body. Returns the body and how many tasks it was given to. Refused when the
    name is empty or a body of that name already exists.
    """
    clean = " ".join((name or "").split())[:255]
    if not clean:
        raise ServiceError(_("The body's name cannot be empty."))
    if actor is None or actor.office_id != office.pk or not office_allows(actor, Action.IMPORT_CONCLUSION):
        raise NotAllowed(_("You are not allowed to add bodies for this office."))
    with transaction.atomic():
        key = body_key(clean)
        for existing in Body.objects.select_for_update().filter(office=office):
            if body_key(existing.name) == key:
                raise ServiceError(_("The directory already has a body named “%(name)s”.") % {"name": existing.name})
        position = (Body.objects.filter(office=office).aggregate(m=Max("position"))["m"] or 0) + 1
        body = Body.objects.create(office=office, name=clean, kind=Body.Kind.OTHER, position=position)
        audit_record(
            actor=actor,
            action="body_create",
            office_id=office.pk,
            field="name",
            after=clean,
            note=_("created from a name proposed by a conclusion import"),
        )
        given = _proposals_rematch(actor=actor, office=office)
    return body, given


def _proposals_rematch(*, actor: User, office: Office) -> int:
    """Give the draft tasks of the office's draft conclusions the proposed bodies the directory
    now knows; returns how many tasks changed."""
    directory = body_directory(office=office)
    changed = 0
    drafts = (
        Task.objects.select_for_update()
        .filter(office=office, state=Task.State.DRAFT, conclusion__state=Conclusion.State.DRAFT)
        .order_by("conclusion_id", "order")
    )
    for task in drafts:
        if not task.proposed_lead_names and not task.proposed_coordinating_names:
            continue
        coordinating = set(task.coordinating_bodies.all())
        add: list[Body] = []
        keep_lead: list[str] = []
        keep_coordinating: list[str] = []
        lead = task.lead_body
        for name in task.proposed_lead_names:
            body = directory.match(name)
            if body is None:
                keep_lead.append(name)
            elif lead is None:
                lead = body
            elif body != lead and body not in coordinating and body not in add:
                add.append(body)
        for name in task.proposed_coordinating_names:
            body = directory.match(name)
            if body is None:
                keep_coordinating.append(name)
            elif body != lead and body not in coordinating and body not in add:
                add.append(body)
        if (
            lead == task.lead_body
            and not add
            and keep_lead == task.proposed_lead_names
            and (keep_coordinating == task.proposed_coordinating_names)
        ):
            continue
        conclusion = task.conclusion
        if lead != task.lead_body:
            _audit(
                actor=actor,
                conclusion=conclusion,
                action="draft_body_matched",
                task_id=task.pk,
                field="lead_body",
                before=None,
                after=lead,
            )
            task.lead_body = lead
        if add:
            _audit(
                actor=actor,
                conclusion=conclusion,
                action="draft_body_matched",
                task_id=task.pk,
                field="coordinating_bodies",
                before=sorted(coordinating, key=str),
                after=add,
            )
            task.coordinating_bodies.add(*add)
        task.proposed_lead_names = keep_lead
        task.proposed_coordinating_names = keep_coordinating
        _save(task, ["lead_body", "proposed_lead_names", "proposed_coordinating_names"])
        changed += 1
    return changed
