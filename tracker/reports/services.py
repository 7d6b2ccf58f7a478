"""Writes for reporting: open periods, save body submissions, compile, edit and issue reports,
request and build report files.

Each service owns its transaction. Permission questions go to ``tracker.policy``; figures and
buckets come from ``tracker.timeliness`` (never recomputed here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Office
from conclusions.models import Conclusion
from tracker.errors import NotAllowed, ServiceError, VersionConflict
from tracker.models import Body, ProgressUpdate, Task
from tracker.policy import Action, office_allows, user_body_ids
from tracker.reports import periods as period_math
from tracker.reports.models import (
    BodySubmission,
    Cadence,
    PeriodicReport,
    ReportFile,
    ReportingPeriod,
    ReportingSchedule,
    SubmissionItem,
)
from tracker.reports.profiles import profile_for
from tracker.reports.selectors import (
    body_period_tasks,
    period_submission_status,
    report_previous,
    scope_tasks,
)
from tracker.services.audit import audit_record
from tracker.timeliness import BUCKET_ORDER, Bucket, BucketCounts, TaskTiming, bucket, met_original_deadline

if TYPE_CHECKING:
    from accounts.models import User
    from tracker.reports.renderers import Rendered


# ----------------------------------------------------------------------------- periods


def office_require(*, actor: User | None, office: Office, action: Action) -> None:
    """Refuse an actor outside the office or without the office-wide right (None = the system)."""
    if actor is None:
        return
    if actor.office_id != office.pk or not office_allows(actor, action):
        raise NotAllowed(_("You are not allowed to do this."))


def period_open(
    *,
    actor: User | None,
    office: Office,
    cadence: str,
    day: dt.date,
    conclusion: Conclusion | None = None,
    repeat: bool = False,
) -> tuple[ReportingPeriod, bool]:
    """Open the period of ``cadence`` whose data window contains ``day`` (idempotent).

    Returns the period and whether it was created. ``repeat`` also records a schedule so beat
    opens the following periods. Dates follow the office's cut-off and due days.
    """
    office_require(actor=actor, office=office, action=Action.BUILD_REPORT)
    if cadence not in Cadence.values:
        raise ServiceError(_("Unknown reporting cadence."))
    if conclusion is not None and (conclusion.office_id != office.pk or conclusion.state != Conclusion.State.PUBLISHED):
        raise ServiceError(_("Periods can only be opened for a published conclusion of this office."))
    span = period_math.period_collecting(
        cadence, day, cutoff_day=office.report_cutoff_day, due_day=office.report_due_day
    )
    lookup = {"office": office, "conclusion": conclusion, "cadence": cadence, "start": span.start}
    defaults = {
        "label": span.label,
        "end": span.end,
        "data_from": span.data_from,
        "data_to": span.data_to,
        "due_on": span.due_on,
        "opened_by": actor,
    }
    try:
        with transaction.atomic():
            period, created = ReportingPeriod.objects.get_or_create(**lookup, defaults=defaults)
            if repeat:
                ReportingSchedule.objects.get_or_create(office=office, conclusion=conclusion, cadence=cadence)
            if created:
                audit_record(
                    actor=actor,
                    action="period_opened",
                    office_id=office.pk,
                    conclusion=conclusion,
                    after={"period": period.pk, "label": period.label, "cadence": cadence},
                )
    except IntegrityError:
        # Beat and a person opened the same period at the same moment: the other one won.
        return ReportingPeriod.objects.get(**lookup), False
    return period, created


def periods_open_due(*, today: dt.date) -> list[ReportingPeriod]:
    """Beat's daily sweep: open the collecting period of every active schedule (idempotent).

    An office without an office-wide schedule gets a quarterly one (the Decree 09 default).
    """
    # An office-wide schedule row, even inactive, is the office's choice; only none at all gets the default.
    office_wide = ReportingSchedule.objects.filter(office=OuterRef("pk"), conclusion__isnull=True)
    for office in Office.objects.filter(~Exists(office_wide)):
        ReportingSchedule.objects.get_or_create(office=office, conclusion=None, cadence=Cadence.QUARTERLY)
    opened: list[ReportingPeriod] = []
    schedules = ReportingSchedule.objects.filter(active=True).select_related("office", "conclusion")
    for schedule in schedules:
        if schedule.conclusion is not None and schedule.conclusion.state != Conclusion.State.PUBLISHED:
            continue
        period, created = period_open(
            actor=None, office=schedule.office, cadence=schedule.cadence, day=today, conclusion=schedule.conclusion
        )
        if created:
            opened.append(period)
    return opened


def period_close(*, actor: User | None, period: ReportingPeriod) -> ReportingPeriod:
    """Close a period: no more submissions."""
    office_require(actor=actor, office=period.office, action=Action.BUILD_REPORT)
    with transaction.atomic():
        changed = ReportingPeriod.objects.filter(pk=period.pk, state=ReportingPeriod.State.OPEN).update(
            state=ReportingPeriod.State.CLOSED, closed_at=timezone.now()
        )
        if changed:
            audit_record(actor=actor, action="period_closed", office_id=period.office_id, after={"period": period.pk})
    period.refresh_from_db()
    return period


# ----------------------------------------------------------------------------- submissions


@dataclass(frozen=True)
class SubmissionEntry:
    """One task's line in a body's submission form."""

    task: Task
    done_text: str = ""
    outcome_text: str = ""
    reason_text: str = ""
    percent: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.done_text.strip() or self.outcome_text.strip() or self.reason_text.strip()) and (
            self.percent is None
        )


def progress_poster() -> Any | None:
    """The tracker's ``progress_post`` service when it is installed (it posts to the task's timeline)."""
    try:
        from tracker.services.progress import progress_post
    except ImportError:
        return None
    return progress_post


def submission_save(
    *,
    actor: User,
    period: ReportingPeriod,
    body: Body,
    items: Sequence[SubmissionEntry],
    submit: bool,
    note: str = "",
) -> BodySubmission:
    """A liaison saves its body's submission for a period as a draft, or submits it.

    Only a liaison of ``body`` may; only tasks of the body in the period; percent 0-100. On
    submit every line with text becomes a progress update on its task (through the tracker's
    progress service), and a submission after the cut-off is marked late. All or nothing.
    """
    if not office_allows(actor, Action.SUBMIT_PERIOD_UPDATE) or actor.office_id != period.office_id:
        raise NotAllowed(_("You are not allowed to do this."))
    if body.pk not in user_body_ids(actor) or body.office_id != period.office_id:
        raise NotAllowed(_("You do not act for this body."))
    if period.state != ReportingPeriod.State.OPEN:
        raise ServiceError(_("This reporting period is closed."))
    allowed_ids = set(body_period_tasks(period, body).values_list("pk", flat=True))
    for entry in items:
        if entry.task.pk not in allowed_ids:
            raise ServiceError(_("A task in the form is not one of this body's tasks in the period."))
        if entry.percent is not None and not 0 <= entry.percent <= 100:
            raise ServiceError(_("The percent complete must be between 0 and 100."))
    filled = [e for e in items if not e.empty]
    if submit and not any(e.done_text.strip() for e in filled):
        raise ServiceError(_("Write what was done for at least one task before submitting."))
    if submit and any(not e.done_text.strip() for e in filled):
        raise ServiceError(_("Every task with an outcome, reason or percent also needs what was done."))
    now = timezone.now()
    with transaction.atomic():
        submission, _created = BodySubmission.objects.select_for_update().get_or_create(period=period, body=body)
        if submission.state == BodySubmission.State.SUBMITTED:
            raise ServiceError(_("This submission has already been sent; it can no longer be changed."))
        submission.note = note.strip()
        submission.updated_by = actor
        # The form shows every task: rewrite the lines rather than patch them.
        SubmissionItem.objects.filter(submission=submission).delete()
        lines = SubmissionItem.objects.bulk_create(
            SubmissionItem(
                submission=submission,
                task=e.task,
                done_text=e.done_text.strip(),
                outcome_text=e.outcome_text.strip(),
                reason_text=e.reason_text.strip(),
                percent=e.percent,
            )
            for e in filled
        )
        if submit:
            poster = progress_poster()
            if poster is not None:
                for line in lines:
                    update: ProgressUpdate = poster(
                        actor=actor,
                        task=line.task,
                        body=body,
                        done_text=line.done_text,
                        outcome_text=line.outcome_text,
                        percent=line.percent,
                    )
                    line.progress_update = update
                SubmissionItem.objects.bulk_update(lines, ["progress_update"])
            submission.state = BodySubmission.State.SUBMITTED
            submission.submitted_at = now
            submission.submitted_by = actor
            submission.late = timezone.localdate(now) > period.data_to
            audit_record(
                actor=actor,
                action="period_submitted",
                office_id=period.office_id,
                conclusion=period.conclusion,
                after={"period": period.pk, "body": body.name, "items": len(lines), "late": submission.late},
            )
        submission.save()
    return submission


# ----------------------------------------------------------------------------- compiling


def timing_of(row: dict[str, Any]) -> TaskTiming:
    return TaskTiming(
        state=row["state"],
        deadline=row["deadline"],
        original_deadline=row["original_deadline"],
        completed_on=row["completed_on"],
        recurring=row["recurring"],
    )


def counts_json(counts: BucketCounts) -> dict[str, Any]:
    return {"counts": {b.value: counts.get(b) for b in BUCKET_ORDER}, "total": counts.total}


def counts_from_json(data: dict[str, Any]) -> BucketCounts:
    return BucketCounts({b: int(data.get("counts", {}).get(b.value, 0)) for b in BUCKET_ORDER})


def latest_lines(
    *, task_ids: list[int], period: ReportingPeriod | None, as_of: dt.date, body: Body | None
) -> dict[int, dict[str, Any]]:
    """Per task: the freshest words on it (done, outcome, reason, percent) as of ``as_of``.

    The period's submitted lines win (lead body first); otherwise the last progress update.
    """
    found: dict[int, dict[str, Any]] = {}
    updates = (
        ProgressUpdate.objects.filter(task_id__in=task_ids, created_at__lte=scope_end(as_of))
        .order_by("task_id", "-created_at", "-id")
        .values("task_id", "done_text", "outcome_text", "percent", "body_id")
    )
    if body is not None:
        updates = updates.filter(body=body)
    for row in updates.iterator(chunk_size=2000):
        found.setdefault(row["task_id"], {**row, "reason_text": ""})
    if period is not None:
        items = SubmissionItem.objects.filter(
            submission__period=period, submission__state=BodySubmission.State.SUBMITTED, task_id__in=task_ids
        ).values("task_id", "done_text", "outcome_text", "reason_text", "percent", "submission__body_id")
        if body is not None:
            items = items.filter(submission__body=body)
        lead_of = dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "lead_body_id"))
        # The lead body's line is the task's result; a coordinating body's fills in when alone.
        for row in sorted(items, key=lambda r: r["submission__body_id"] == lead_of.get(r["task_id"])):
            found[row["task_id"]] = {**row, "body_id": row["submission__body_id"]}
    return found


def scope_end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def report_data_build(
    *,
    tasks: Any,
    as_of: dt.date,
    period: ReportingPeriod | None,
    body: Body | None,
    previous_counts: BucketCounts | None,
    previous_label: str,
) -> dict[str, Any]:
    """The compiled snapshot: counts per bucket, change, the annex rows, outcomes and overdue tasks."""
    rows = list(
        tasks.order_by("conclusion_id", "order", "id").values(
            "id",
            "order",
            "heading",
            "text",
            "state",
            "deadline",
            "original_deadline",
            "completed_on",
            "recurring",
            "lead_body_id",
            "conclusion__number",
        )
    )
    ids = [r["id"] for r in rows]
    names = dict(Body.objects.filter(office_id__in=tasks.values("office_id")).values_list("pk", "name"))
    coordinating: dict[int, list[str]] = {}
    through = Task.coordinating_bodies.through.objects.filter(task_id__in=ids).values_list("task_id", "body_id")
    for task_id, body_id in through.iterator(chunk_size=5000):
        coordinating.setdefault(task_id, []).append(names.get(body_id, ""))
    lines = latest_lines(task_ids=ids, period=period, as_of=as_of, body=body)
    counter = dict.fromkeys(BUCKET_ORDER, 0)
    annex: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    overdue: list[dict[str, Any]] = []
    for row in rows:
        timing = timing_of(row)
        found = bucket(timing, as_of=as_of)
        if found is None:
            continue
        counter[found] += 1
        line = lines.get(row["id"], {})
        lead = names.get(row["lead_body_id"], "")
        result = line.get("outcome_text") or line.get("done_text") or ""
        item = {
            "id": row["id"],
            "conclusion": row["conclusion__number"] or "",
            "heading": row["heading"] or "",
            "text": row["text"],
            "lead": lead,
            "coordinating": coordinating.get(row["id"], []),
            "deadline": row["deadline"].isoformat() if row["deadline"] else None,
            "original_deadline": row["original_deadline"].isoformat() if row["original_deadline"] else None,
            "recurring": row["recurring"],
            "bucket": found.value,
            "result": result,
            "percent": line.get("percent"),
            "met_original": met_original_deadline(timing) if found == Bucket.DONE_ON_TIME else None,
        }
        annex.append(item)
        if line.get("outcome_text"):
            outcomes.append({"text": row["text"], "lead": lead, "outcome": line["outcome_text"]})
        if found == Bucket.NOT_DONE_OVERDUE:
            overdue.append(
                {
                    "text": row["text"],
                    "lead": lead,
                    "deadline": item["deadline"],
                    "reason": line.get("reason_text") or "",
                }
            )
    counts = BucketCounts(counter)
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        **counts_json(counts),
        "previous": None,
        "rows": annex,
        "outcomes": outcomes,
        "overdue": overdue,
    }
    if previous_counts is not None:
        data["previous"] = {"label": previous_label, **counts_json(previous_counts)}
    if period is not None and body is None:
        status = period_submission_status(period)
        data["submissions"] = {
            "expected": len(status),
            "submitted": sum(1 for s in status if s.submitted),
            "late": sum(1 for s in status if s.submitted and s.submission and s.submission.late),
            "missing": [s.body.name for s in status if not s.submitted],
        }
    return data


def previous_counts_for(
    *, report: PeriodicReport, office: Office, conclusion: Conclusion | None, body: Body | None
) -> tuple[BucketCounts | None, str]:
    """The figures of the previous period: its report's snapshot, else recomputed as of its cut-off."""
    earlier = report_previous(report)
    if earlier is not None and earlier.data:
        label = earlier.period.label if earlier.period else earlier.as_of.strftime("%d/%m/%Y")
        return counts_from_json(earlier.data), label
    if report.period is None:
        return None, ""
    span = period_math.period_containing(
        report.period.cadence,
        report.period.start,
        cutoff_day=office.report_cutoff_day,
        due_day=office.report_due_day,
    )
    before = period_math.period_before(span, cutoff_day=office.report_cutoff_day, due_day=office.report_due_day)
    tasks = scope_tasks(office=office, conclusion=conclusion, as_of=before.data_to)
    if body is not None:
        tasks = tasks.filter(lead_body=body)
    timings = (
        timing_of(r)
        for r in tasks.values("state", "deadline", "original_deadline", "completed_on", "recurring").iterator()
    )
    from tracker.timeliness import bucket_counts

    return bucket_counts(timings, as_of=before.data_to), before.label


def conclusion_subject(conclusion: Conclusion) -> str:
    """ "Kết luận số 28-KL/TU ngày 05/7/2026 của Ban Chấp hành ..." as the subject line names it."""
    kind = "Thông báo kết luận" if conclusion.doc_kind == Conclusion.Kind.THONG_BAO_KET_LUAN else "Kết luận"
    text = f"{kind} số {conclusion.number}" if conclusion.number else kind
    if conclusion.meeting_date:
        text += f" ngày {conclusion.meeting_date:%d/%m/%Y}"
    if conclusion.issuer:
        text += f" của {conclusion.issuer}"
    return text


def report_subject(
    *, kind: str, office: Office, period: ReportingPeriod | None, conclusion: Conclusion | None, body: Body | None
) -> str:
    """The subject line under "BÁO CÁO"."""
    label = f" {period.label}" if period else ""
    if kind == PeriodicReport.Kind.BODY and body is not None:
        return f"Kết quả thực hiện nhiệm vụ của {body.name}{label}"
    if conclusion is not None:
        return f"Kết quả thực hiện {conclusion_subject(conclusion)}{',' if label else ''}{label}"
    committee = office.committee_name or office.name
    return f"Kết quả thực hiện các kết luận của {committee}{',' if label else ''}{label}"


def recipients_default(*, office: Office, conclusion: Conclusion | None, profile_words: list[str]) -> list[str]:
    """Nơi nhận: whom the conclusion says to report to (để b/c), else the profile's default list."""
    monitoring = (conclusion.monitoring or {}) if conclusion else {}
    report_to = [name for name in monitoring.get("report_to", []) if name]
    if report_to:
        return [f"{name} (để b/c)" for name in report_to] + profile_words[-2:]
    return list(profile_words)


# The draft narrative lists at most this many outcomes; the annex carries every task's result.
ACHIEVEMENTS_PREFILL_LIMIT = 100


def achievements_prefill(data: dict[str, Any]) -> str:
    """The office's draft of "what was achieved": one line per outcome reported (edited before issuing)."""
    outcomes = data["outcomes"]
    lines = [
        f"- {o['lead']}: {o['outcome']}" if o["lead"] else f"- {o['outcome']}"
        for o in outcomes[:ACHIEVEMENTS_PREFILL_LIMIT]
    ]
    if len(outcomes) > ACHIEVEMENTS_PREFILL_LIMIT:
        lines.append(f"- Và {len(outcomes) - ACHIEVEMENTS_PREFILL_LIMIT} kết quả khác (chi tiết tại Phụ lục).")
    return "\n".join(lines)


def report_compile_into(
    *,
    actor: User | None,
    report: PeriodicReport,
    tasks: Any,
    today: dt.date,
) -> PeriodicReport:
    """Fill ``report`` (new or not yet issued) from the tasks and submissions; narrative kept once edited."""
    office = report.office
    period = report.period
    as_of = min(today, period.data_to) if period else today
    profile = profile_for(office.style_profile)
    report.as_of = as_of
    report.style_profile = profile.name
    report.style_version = profile.version
    report.title = profile.data["title"]["text"]
    report.subject = report_subject(
        kind=report.kind, office=office, period=period, conclusion=report.conclusion, body=report.body
    )
    if report.kind == PeriodicReport.Kind.BODY:
        report.group_by = PeriodicReport.GroupBy.HEADING
    elif report.conclusion is None and not report.pk:
        report.group_by = PeriodicReport.GroupBy.BODY
    previous, previous_label = previous_counts_for(
        report=report, office=office, conclusion=report.conclusion, body=report.body
    )
    data = report_data_build(
        tasks=tasks,
        as_of=as_of,
        period=period,
        body=report.body,
        previous_counts=previous,
        previous_label=previous_label,
    )
    report.data = data
    report.task_count = data["total"]
    if report.state == PeriodicReport.State.COMPILED:
        report.achievements = achievements_prefill(data)
        signature = profile.data["signature"]
        report.signer_capacity = report.signer_capacity or signature["default_capacity"]
        report.signer_title = report.signer_title or signature["default_title"]
        if not report.recipients:
            report.recipients = recipients_default(
                office=office, conclusion=report.conclusion, profile_words=profile.data["recipients"]["default"]
            )
    report.compiled_by = actor
    report.compiled_at = timezone.now()
    report.version = (report.version or 0) + 1 if report.pk else 1
    report.save()
    audit_record(
        actor=actor,
        action="report_compiled",
        office_id=office.pk,
        conclusion=report.conclusion,
        after={"report": report.pk, "kind": report.kind, "tasks": report.task_count},
    )
    return report


def report_compile(
    *,
    actor: User | None,
    period: ReportingPeriod,
    kind: str = PeriodicReport.Kind.OFFICE_PERIOD,
    body: Body | None = None,
    today: dt.date | None = None,
) -> PeriodicReport:
    """Compile (or recompile, until issued) the office's report for a period, or one body's.

    Figures are taken as of the cut-off (or today, before it); the change is against the
    previous period's report, or its figures recomputed as of its cut-off.
    """
    office_require(actor=actor, office=period.office, action=Action.BUILD_REPORT)
    if kind not in (PeriodicReport.Kind.OFFICE_PERIOD, PeriodicReport.Kind.BODY):
        raise ServiceError(_("Unknown kind of report."))
    if kind == PeriodicReport.Kind.BODY and (body is None or body.office_id != period.office_id):
        raise ServiceError(_("Choose the body the report is for."))
    if kind == PeriodicReport.Kind.OFFICE_PERIOD:
        body = None
    today = today or timezone.localdate()
    with transaction.atomic():
        report = (
            PeriodicReport.objects.select_for_update()
            .filter(period=period, kind=kind, body=body)
            .exclude(state=PeriodicReport.State.ISSUED)
            .first()
        )
        if report is None:
            if PeriodicReport.objects.filter(period=period, kind=kind, body=body).exists():
                raise ServiceError(_("The report for this period has been issued; it can no longer be recompiled."))
            report = PeriodicReport(
                office=period.office, period=period, kind=kind, body=body, conclusion=period.conclusion
            )
        tasks = scope_tasks(office=period.office, conclusion=period.conclusion, as_of=min(today, period.data_to))
        if body is not None:
            tasks = tasks.filter(lead_body=body)
        return report_compile_into(actor=actor, report=report, tasks=tasks, today=today)


def report_compile_conclusion(
    *, actor: User | None, conclusion: Conclusion, today: dt.date | None = None
) -> PeriodicReport:
    """Compile (or recompile, until issued) the report on one conclusion as of today."""
    office_require(actor=actor, office=conclusion.office, action=Action.BUILD_REPORT)
    if conclusion.state != Conclusion.State.PUBLISHED:
        raise ServiceError(_("Only a published conclusion can be reported on."))
    today = today or timezone.localdate()
    with transaction.atomic():
        report = (
            PeriodicReport.objects.select_for_update()
            .filter(conclusion=conclusion, kind=PeriodicReport.Kind.CONCLUSION)
            .exclude(state=PeriodicReport.State.ISSUED)
            .first()
        )
        if report is None:
            report = PeriodicReport(
                office=conclusion.office, kind=PeriodicReport.Kind.CONCLUSION, conclusion=conclusion
            )
        tasks = scope_tasks(office=conclusion.office, conclusion=conclusion, as_of=today)
        return report_compile_into(actor=actor, report=report, tasks=tasks, today=today)


# ----------------------------------------------------------------------------- editing and issuing


def report_lock(*, report: PeriodicReport, expected_version: int | None) -> PeriodicReport:
    current = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(_("Someone else changed this report meanwhile. Reload the page and try again."))
    if current.state == PeriodicReport.State.ISSUED:
        raise ServiceError(_("This report has been issued; it can no longer be changed."))
    return current


def report_update(
    *,
    actor: User,
    report: PeriodicReport,
    achievements: str,
    overdue_reasons: str,
    proposals: str,
    signer_capacity: str = "",
    signer_title: str = "",
    signer_name: str = "",
    recipients: Sequence[str] = (),
    group_by: str | None = None,
    expected_version: int | None = None,
) -> PeriodicReport:
    """The office edits the narrative parts, signature and recipients before issuing."""
    office_require(actor=actor, office=report.office, action=Action.BUILD_REPORT)
    if group_by is not None and group_by not in PeriodicReport.GroupBy.values:
        raise ServiceError(_("Unknown grouping."))
    with transaction.atomic():
        current = report_lock(report=report, expected_version=expected_version)
        current.achievements = achievements.strip()
        current.overdue_reasons = overdue_reasons.strip()
        current.proposals = proposals.strip()
        current.signer_capacity = signer_capacity.strip()
        current.signer_title = signer_title.strip()
        current.signer_name = signer_name.strip()
        current.recipients = [r.strip() for r in recipients if r.strip()]
        if group_by:
            current.group_by = group_by
        current.state = PeriodicReport.State.EDITED
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            action="report_edited",
            office_id=current.office_id,
            conclusion=current.conclusion,
            after={"report": current.pk, "version": current.version},
        )
    return current


def report_issue(
    *, actor: User, report: PeriodicReport, number: str, issued_on: dt.date, expected_version: int | None = None
) -> PeriodicReport:
    """Mark the report issued with its number and date; the office's period report also closes the period."""
    office_require(actor=actor, office=report.office, action=Action.BUILD_REPORT)
    number = (number or "").strip()
    if not number:
        raise ServiceError(_("Enter the report's number."))
    try:
        with transaction.atomic():
            current = report_lock(report=report, expected_version=expected_version)
            current.number = number
            current.issued_on = issued_on
            current.issued_by = actor
            current.state = PeriodicReport.State.ISSUED
            current.version += 1
            current.save()
            if current.kind == PeriodicReport.Kind.OFFICE_PERIOD and current.period_id:
                ReportingPeriod.objects.filter(pk=current.period_id, state=ReportingPeriod.State.OPEN).update(
                    state=ReportingPeriod.State.CLOSED, closed_at=timezone.now()
                )
            audit_record(
                actor=actor,
                action="report_issued",
                office_id=current.office_id,
                conclusion=current.conclusion,
                after={"report": current.pk, "number": number, "issued_on": issued_on.isoformat()},
            )
    except IntegrityError as exc:
        raise ServiceError(_("Another report of this office already has this number.")) from exc
    return current


# ----------------------------------------------------------------------------- files


def report_direct_limit() -> int:
    """Reports with more tasks than this are built by Celery into a stored file (REPORT_DIRECT_MAX_TASKS)."""
    return int(getattr(settings, "REPORT_DIRECT_MAX_TASKS", 300))


def report_file_request(*, actor: User, report: PeriodicReport, fmt: str) -> ReportFile:
    """Ask for a file of the report to be built in the background (reuses a fresh one already asked for)."""
    if actor.office_id != report.office_id or not office_allows(actor, Action.VIEW_REPORTS):
        raise NotAllowed(_("You are not allowed to do this."))
    if fmt not in ReportFile.Format.values:
        raise ServiceError(_("Unknown file format."))
    with transaction.atomic():
        existing = (
            ReportFile.objects.filter(report=report, format=fmt, report_version=report.version)
            .exclude(status=ReportFile.Status.FAILED)
            .first()
        )
        if existing is not None:
            return existing
        row = ReportFile.objects.create(report=report, format=fmt, report_version=report.version, requested_by=actor)
        from tracker.reports.tasks import build_file

        # Queued after commit, so the worker always finds the row.
        transaction.on_commit(lambda: build_file.delay(row.pk))
    return row


def report_file_claim(*, report_file_id: int) -> bool:
    """Claim a pending row (or one stuck building past the task time limit) with a conditional UPDATE."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 300)) + 60)
    claimable = Q(status=ReportFile.Status.PENDING) | Q(status=ReportFile.Status.BUILDING, claimed_at__lt=stale)
    return bool(
        ReportFile.objects.filter(claimable, pk=report_file_id).update(
            status=ReportFile.Status.BUILDING, claimed_at=now
        )
    )


def report_file_build(*, report_file_id: int) -> ReportFile | None:
    """Build one claimed file (the Celery task's body). Running it twice builds once.

    A failure is stored on the row (status failed, the error) for the progress page to show.
    """
    if not report_file_claim(report_file_id=report_file_id):
        return None
    from tracker.reports.renderers import report_render

    row = ReportFile.objects.select_related("report", "report__office").get(pk=report_file_id)
    try:
        rendered = report_render(row.report, row.format)
    except Exception as exc:  # any renderer failure is reported on the row, not lost
        ReportFile.objects.filter(pk=row.pk).update(
            status=ReportFile.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return ReportFile.objects.get(pk=row.pk)
    with transaction.atomic():
        row.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        row.size = len(rendered.content)
        row.status = ReportFile.Status.READY
        row.finished_at = timezone.now()
        row.error = ""
        row.save()
    return row


def report_build(
    *,
    actor: User | None,
    fmt: str,
    period: ReportingPeriod | None = None,
    conclusion: Conclusion | None = None,
    kind: str | None = None,
    body: Body | None = None,
    today: dt.date | None = None,
) -> Rendered:
    """Render the report of a period or a conclusion in ``fmt`` (the build_report command).

    Uses the scope's issued report when there is one, else its latest report recompiled, else
    compiles a new one.
    """
    from tracker.reports.renderers import report_render

    if fmt not in ReportFile.Format.values:
        raise ServiceError(_("Unknown file format."))
    if (period is None) == (conclusion is None):
        raise ServiceError(_("Give either a period or a conclusion."))
    if period is not None:
        kind = kind or PeriodicReport.Kind.OFFICE_PERIOD
        body = body if kind == PeriodicReport.Kind.BODY else None
        existing = PeriodicReport.objects.filter(period=period, kind=kind, body=body)
        issued = existing.filter(state=PeriodicReport.State.ISSUED).first()
        report = issued or report_compile(actor=actor, period=period, kind=kind, body=body, today=today)
    else:
        assert conclusion is not None
        issued = PeriodicReport.objects.filter(
            conclusion=conclusion, kind=PeriodicReport.Kind.CONCLUSION, state=PeriodicReport.State.ISSUED
        ).first()
        report = issued or report_compile_conclusion(actor=actor, conclusion=conclusion, today=today)
    return report_render(report, fmt)
