"""Reads for reporting: which tasks a period covers, who has and has not submitted, reports to show.

The reminders app reads ``period_bodies_missing`` to chase the bodies that have not submitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.roles import Role, user_role
from tracker.models import LIVE_STATES, Body, Task
from tracker.policy import user_body_ids
from tracker.reports.models import BodySubmission, PeriodicReport, ReportingPeriod

if TYPE_CHECKING:
    from accounts.models import Office, User
    from conclusions.models import Conclusion


def day_end(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in the office's time zone (tasks published that day count)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def scope_tasks(*, office: Office, conclusion: Conclusion | None, as_of: dt.date) -> QuerySet[Task]:
    """The published tasks a report covers on ``as_of``: the conclusion's, or all of the office's.

    Tasks published after ``as_of`` are not yet part of the plan for that day.
    """
    tasks = Task.objects.filter(office=office).exclude(state=Task.State.DRAFT)
    if conclusion is not None:
        tasks = tasks.filter(conclusion=conclusion)
    return tasks.filter(Q(published_at__isnull=True) | Q(published_at__lte=day_end(as_of)))


def period_tasks(period: ReportingPeriod) -> QuerySet[Task]:
    """The tasks a period reports on (as of its cut-off)."""
    return scope_tasks(office=period.office, conclusion=period.conclusion, as_of=period.data_to)


def body_period_tasks(period: ReportingPeriod, body: Body) -> QuerySet[Task]:
    """A body's live tasks in a period, lead or coordinating: the rows of its submission form."""
    mine = Q(lead_body=body) | Q(coordinating_bodies=body)
    # select_related: the submission form shows each task's conclusion number and lead body.
    return (
        period_tasks(period)
        .filter(mine, state__in=LIVE_STATES)
        .distinct()
        .select_related("conclusion", "lead_body")
        .order_by("conclusion_id", "order", "id")
    )


def period_expected_bodies(period: ReportingPeriod) -> QuerySet[Body]:
    """The bodies expected to submit: those leading at least one live task in the period."""
    body_ids = period_tasks(period).filter(state__in=LIVE_STATES).values("lead_body_id")
    return Body.objects.filter(pk__in=body_ids, active=True).order_by("position", "name")


@dataclass(frozen=True)
class SubmissionStatus:
    """One line of "who has submitted": a body and its submission (None when it has not started)."""

    body: Body
    submission: BodySubmission | None

    @property
    def submitted(self) -> bool:
        return self.submission is not None and self.submission.state == BodySubmission.State.SUBMITTED


def period_submission_status(period: ReportingPeriod) -> list[SubmissionStatus]:
    """Every expected body with its submission, submitted ones last (the office chases the rest)."""
    submissions = {s.body_id: s for s in BodySubmission.objects.filter(period=period).select_related("submitted_by")}
    bodies = list(period_expected_bodies(period))
    known = {b.pk for b in bodies}
    # A coordinating body may submit without being expected; it is listed too.
    extra = Body.objects.filter(pk__in=[pk for pk in submissions if pk not in known])
    rows = [SubmissionStatus(body, submissions.get(body.pk)) for body in [*bodies, *extra]]
    return sorted(rows, key=lambda r: r.submitted)


def period_bodies_missing(period: ReportingPeriod) -> list[Body]:
    """Expected bodies that have not submitted (draft or nothing): whom reminders chase."""
    return [row.body for row in period_submission_status(period) if not row.submitted]


def periods_open(office: Office) -> QuerySet[ReportingPeriod]:
    """An office's open periods, soonest due first."""
    return ReportingPeriod.objects.filter(office=office, state=ReportingPeriod.State.OPEN).order_by("due_on", "id")


def periods_visible(user: User) -> QuerySet[ReportingPeriod]:
    """Periods a user may see: all of their office's (liaisons see the open ones they submit to)."""
    if user.office_id is None or user_role(user) is None:
        return ReportingPeriod.objects.none()
    periods = ReportingPeriod.objects.filter(office_id=user.office_id).select_related("conclusion")
    if user_role(user) == Role.LIAISON:
        periods = periods.filter(state=ReportingPeriod.State.OPEN)
    return periods.order_by("-start", "conclusion_id", "id")


def liaison_bodies(user: User) -> QuerySet[Body]:
    """The bodies a liaison submits for."""
    return Body.objects.filter(pk__in=user_body_ids(user)).order_by("position", "name")


def reports_visible(user: User) -> QuerySet[PeriodicReport]:
    """Reports of the user's office, newest first (leaders and inspectors read them)."""
    if user.office_id is None:
        return PeriodicReport.objects.none()
    # select_related: the report list shows each report's period and conclusion.
    return (
        PeriodicReport.objects.filter(office_id=user.office_id)
        .select_related("period", "conclusion", "body")
        .defer("data")
        .order_by("-created_at", "-id")
    )


def report_previous(report: PeriodicReport) -> PeriodicReport | None:
    """The same kind of report for the previous period (its figures give the "change")."""
    if report.period is None:
        # Without periods, the last issued report on the same conclusion is the previous one.
        earlier = PeriodicReport.objects.filter(
            office=report.office, kind=report.kind, conclusion=report.conclusion, state=PeriodicReport.State.ISSUED
        )
        return earlier.exclude(pk=report.pk).order_by("-issued_on", "-id").first()
    return (
        PeriodicReport.objects.filter(
            office=report.office,
            kind=report.kind,
            body=report.body,
            period__conclusion=report.period.conclusion,
            period__cadence=report.period.cadence,
            period__start__lt=report.period.start,
        )
        # "issued" sorts after "edited" and "compiled": an issued report's figures are preferred.
        .order_by("-period__start", "-state")
        .first()
    )
