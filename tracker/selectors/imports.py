"""Reads for the import and review screens: an office's conclusions, a plan's rows and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Office
from conclusions.models import Conclusion
from tracker.models import Body, Task


def conclusions_for_office(*, office: Office) -> QuerySet[Conclusion]:
    """The office's conclusions, newest first, with their task counts (for the list page).

    ``flagged`` counts draft tasks still missing a lead body or a deadline (recurring ones need
    none), i.e. what keeps the plan from being published.
    """
    missing = Q(tasks__lead_body__isnull=True) | Q(tasks__deadline__isnull=True, tasks__recurring=False)
    return (
        Conclusion.objects.filter(office=office)
        # The list shows the file name of each conclusion: one join instead of a query per row.
        .select_related("source_document", "published_by", "imported_by")
        .annotate(
            task_count=Count("tasks", filter=~Q(tasks__state=Task.State.CANCELLED), distinct=True),
            flagged_count=Count("tasks", filter=Q(tasks__state=Task.State.DRAFT) & missing, distinct=True),
        )
        .order_by("-imported_at", "-id")
    )


def office_bodies(*, office: Office) -> QuerySet[Body]:
    """The office's active bodies in directory order (the choices of the review forms)."""
    return Body.objects.filter(office=office, active=True).order_by("position", "name")


def why_responsible(task: Task) -> str:
    """Why the task has (or lacks) its lead body, for the review screen, in the user's language."""
    detail = task.responsible_why
    source = task.responsible_source
    if source == Task.ResponsibleSource.EXPLICIT:
        return _("named in the task: “%(names)s”") % {"names": detail} if detail else _("named in the task")
    if source == Task.ResponsibleSource.INHERITED:
        return _("named by the lead-in: %(names)s") % {"names": detail} if detail else _("named by the lead-in")
    if source == Task.ResponsibleSource.RULE:
        return _("topic rule: %(keywords)s") % {"keywords": detail} if detail else _("topic rule")
    if source == Task.ResponsibleSource.MANUAL:
        return _("chosen by the office")
    return _("no body named: the office must choose")


def why_deadline(task: Task, conclusion: Conclusion) -> str:
    """Why the task has (or lacks) its deadline, for the review screen, in the user's language."""
    source = task.deadline_source
    if source == Task.DeadlineSource.EXPLICIT:
        return (
            _("stated in the task: “%(phrase)s”") % {"phrase": task.deadline_text}
            if task.deadline_text
            else _("stated in the task")
        )
    if source == Task.DeadlineSource.PERIOD:
        if conclusion.period_label:
            return _("end of the period: %(period)s") % {"period": conclusion.period_label}
        return _("end of the period")
    if source == Task.DeadlineSource.MANUAL:
        return _("set by the office")
    if task.recurring:
        return _("recurring duty: no single due point")
    return _("no deadline stated: the office must set one")


def review_warnings(task: Task) -> list[str]:
    """The reading warnings still worth showing: once the office has chosen the body (or set the
    deadline) itself, the parser's doubts about that value are answered and left out."""
    warnings = [str(w) for w in task.warnings or []]
    if task.responsible_source == Task.ResponsibleSource.MANUAL:
        # The parser writes its body doubts as "... cơ quan chủ trì ..." (Vietnamese, its own words).
        warnings = [w for w in warnings if "cơ quan chủ trì" not in w.lower()]
    if task.deadline_source == Task.DeadlineSource.MANUAL:
        warnings = [w for w in warnings if "thời hạn" not in w.lower()]
    return warnings


@dataclass
class ReviewRow:
    """One task of the review screen with what it lacks and why each value was proposed."""

    task: Task
    coordinating: list[Body]
    why_responsible: str
    why_deadline: str
    missing_body: bool
    missing_deadline: bool
    proposals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.missing_body or self.missing_deadline


def review_rows(*, conclusion: Conclusion) -> list[ReviewRow]:
    """The conclusion's tasks in plan order (cancelled ones left out), ready for the review screen."""
    tasks = (
        Task.objects.filter(conclusion=conclusion)
        .exclude(state=Task.State.CANCELLED)
        # The review screen shows each row's lead and coordinating bodies: two queries in all.
        .select_related("lead_body")
        .prefetch_related("coordinating_bodies")
        .order_by("order", "id")
    )
    rows = []
    for task in tasks:
        proposals = [*task.proposed_lead_names]
        proposals += [name for name in task.proposed_coordinating_names if name not in proposals]
        rows.append(
            ReviewRow(
                task=task,
                coordinating=sorted(task.coordinating_bodies.all(), key=lambda body: (body.position, body.name)),
                why_responsible=why_responsible(task),
                why_deadline=why_deadline(task, conclusion),
                missing_body=task.lead_body_id is None,
                missing_deadline=task.deadline is None and not task.recurring,
                proposals=proposals,
                warnings=review_warnings(task),
            )
        )
    return rows
