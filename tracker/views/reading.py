"""Presentation of what the selectors read: list rows with badges, the task page's timeline.

No rule lives here: who sees what comes from ``tracker.selectors.tasks`` (scoped by the
policy), time classes from the selectors / ``tracker.timeliness``. This module only turns
their answers into labels and lines a template can print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from tracker.models import AuditEvent, Body, Extension, Task
from tracker.policy import Action, user_body_ids
from tracker.selectors import tasks as task_selectors
from tracker.timeliness import TIME_CLASS_LABELS

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class TaskRow:
    """A task as a list row: the task plus its time class badge and coordinating bodies."""

    task: Task
    time_class: str
    time_label: str
    extended: bool
    coordinating: list[str]


def task_row(task: Task, *, today: dt.date, due_soon_days: int) -> TaskRow:
    klass = task_selectors.task_time_class(task, today=today, due_soon_days=due_soon_days)
    return TaskRow(
        task=task,
        time_class=klass.value if klass else "",
        time_label=str(TIME_CLASS_LABELS[klass]) if klass else "",
        extended=task_selectors.task_timing(task).extended,
        # Prefetched by the selector: no query per row.
        coordinating=[b.label for b in task.coordinating_bodies.all()],
    )


def task_rows(*, user: User, tasks: list[Task], today: dt.date) -> list[TaskRow]:
    """List rows for tasks a selector fetched (coordinating bodies prefetched)."""
    due_soon_days = task_selectors.user_due_soon_days(user)
    return [task_row(t, today=today, due_soon_days=due_soon_days) for t in tasks]


# How the timeline names what happened (audit actions and fields as the services store them).
ACTION_LABELS = {
    "completion_proposed": _("Completion proposed"),
    "completion_confirmed": _("Completion confirmed"),
    "task_returned": _("Returned for rework"),
    "task_paused": _("Paused"),
    "task_resumed": _("Resumed"),
    "task_cancelled": _("Cancelled"),
    "task_updated": _("Task edited"),
    "task_published": _("Published"),
    "task_publish": _("Published"),
    "conclusion_published": _("Published"),
}
FIELD_LABELS = {
    "state": _("state"),
    "deadline": _("deadline"),
    "original_deadline": _("original deadline"),
    "text": _("task"),
    "heading": _("heading"),
    "lead_body": _("lead body"),
    "coordinating_bodies": _("coordinating bodies"),
    "recurring": _("recurring"),
    "completed_on": _("completed on"),
}
STATE_LABELS = dict(Task.State.choices)


def audit_value_text(field_name: str, value: Any) -> str:
    """An audit before/after value as a reader wants it (state names, dd/mm/yyyy dates, body names)."""
    if value is None or value == "":
        return "—"
    if field_name == "state" and value in STATE_LABELS:
        return str(STATE_LABELS[value])
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        return "; ".join(f"{k}: {audit_value_text(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(audit_value_text(field_name, v) for v in value) or "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


@dataclass(frozen=True)
class TimelineLine:
    """One timeline entry with what the template prints for it."""

    entry: task_selectors.TimelineEntry
    label: str = ""
    field_label: str = ""
    before: str = ""
    after: str = ""

    @property
    def files(self) -> list[Any]:
        progress = self.entry.progress
        # Prefetched by the selector.
        return list(progress.evidence_files.all()) if progress is not None else []


@dataclass
class TaskPage:
    """The task page's reading: bodies, time class, timeline, pending extension."""

    coordinating: list[Body]
    row: TaskRow
    timeline: list[TimelineLine]
    pending_extension: Extension | None
    acting_bodies: list[Body]
    can_history: bool


def timeline_line(entry: task_selectors.TimelineEntry) -> TimelineLine:
    event: AuditEvent | None = entry.event
    if event is None:
        return TimelineLine(entry)
    return TimelineLine(
        entry,
        label=str(ACTION_LABELS.get(event.action, event.action)),
        field_label=str(FIELD_LABELS.get(event.field, event.field)),
        before=audit_value_text(event.field, event.before),
        after=audit_value_text(event.field, event.after),
    )


def task_page(*, user: User, task: Task, today: dt.date) -> TaskPage:
    """Read the task page in a fixed number of queries (the selector's timeline, no per-line query)."""
    coordinating = sorted(task.coordinating_bodies.all(), key=lambda b: (b.position, b.name))
    entries = task_selectors.task_timeline(user=user, task=task)
    # The proposal is already shown as the completion report; its state-change twin would repeat it.
    lines = [
        timeline_line(e)
        for e in entries
        if not (e.event is not None and e.event.action == "completion_proposed" and e.event.field == "state")
    ]
    pending = next(
        (
            e.extension
            for e in entries
            if e.extension is not None and e.kind == "extension_request" and e.extension.state == "pending"
        ),
        None,
    )
    mine = user_body_ids(user)
    acting = [b for b in ([task.lead_body] if task.lead_body else []) + coordinating if b.pk in mine]
    actions = task_selectors.task_allowed_actions(user=user, task=task)
    return TaskPage(
        coordinating=coordinating,
        row=task_rows(user=user, tasks=[task], today=today)[0],
        timeline=lines,
        pending_extension=pending,
        acting_bodies=acting,
        can_history=Action.VIEW_HISTORY in actions,
    )
