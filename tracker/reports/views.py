"""Web screens of reporting: periods, the liaison's one-screen submission, reports and their files.

Views parse input, ask ``tracker.policy`` and call one service; ServiceError messages are
shown as they are (translated), and a refused request changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conclusions.models import Conclusion
from tracker.errors import ServiceError
from tracker.models import Body
from tracker.policy import Action, office_allows, office_require, user_body_ids
from tracker.reports import selectors, services
from tracker.reports.document import document_build
from tracker.reports.forms import ConclusionReportForm, PeriodOpenForm, ReportEditForm, ReportIssueForm
from tracker.reports.models import BodySubmission, PeriodicReport, ReportFile, ReportingPeriod, SubmissionItem
from tracker.reports.renderers import CONTENT_TYPES, document_render
from tracker.reports.renderers.html import render_html


def period_get(request: HttpRequest, pk: int) -> ReportingPeriod:
    # A period of another office is as good as missing.
    return get_object_or_404(
        ReportingPeriod.objects.select_related("conclusion", "office"), pk=pk, office_id=request.user.office_id
    )


def report_get(request: HttpRequest, pk: int) -> PeriodicReport:
    return get_object_or_404(
        PeriodicReport.objects.select_related("office", "period", "conclusion", "body"),
        pk=pk,
        office_id=request.user.office_id,
    )


def period_list(request: HttpRequest) -> HttpResponse:
    """Office: periods, open a period, compile a conclusion report. Liaisons: their open periods."""
    user = request.user
    can_build = office_allows(user, Action.BUILD_REPORT)
    can_view = office_allows(user, Action.VIEW_REPORTS)
    can_submit = office_allows(user, Action.SUBMIT_PERIOD_UPDATE)
    if not (can_view or can_submit):
        raise PermissionDenied
    periods = list(selectors.periods_visible(user)[:100])
    my_rows: list[dict[str, Any]] = []
    if can_submit:
        bodies = list(selectors.liaison_bodies(user))
        submitted = {
            (s.period_id, s.body_id): s for s in BodySubmission.objects.filter(period__in=periods, body__in=bodies)
        }
        for period in periods:
            for body in bodies:
                submission = submitted.get((period.pk, body.pk))
                # Only the periods where the body has something to report on (a few open periods at most).
                if submission is None and not selectors.body_period_tasks(period, body).exists():
                    continue
                my_rows.append({"period": period, "body": body, "submission": submission})
    context = {
        "periods": periods,
        "my_rows": my_rows,
        "can_build": can_build,
        "can_view": can_view,
        "open_form": PeriodOpenForm(office_id=user.office_id, initial={"day": timezone.localdate()})
        if can_build
        else None,
        "conclusion_form": ConclusionReportForm(office_id=user.office_id) if can_build else None,
        "reports": list(selectors.reports_visible(user)[:20]) if can_view else [],
    }
    return render(request, "reports/period_list.html", context)


@require_POST
def period_open(request: HttpRequest) -> HttpResponse:
    office_require(request.user, Action.BUILD_REPORT)
    form = PeriodOpenForm(request.POST, office_id=request.user.office_id)
    if not form.is_valid():
        messages.error(request, _("Check the period form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("period_list")
    try:
        period, created = services.period_open(
            actor=request.user,
            office=request.user.office,
            cadence=form.cleaned_data["cadence"],
            day=form.cleaned_data["day"],
            conclusion=form.cleaned_data["conclusion"],
            repeat=form.cleaned_data["repeat"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("period_list")
    if created:
        messages.success(request, _("Period %(label)s opened.") % {"label": period.label})
    else:
        messages.info(request, _("Period %(label)s was already open.") % {"label": period.label})
    return redirect("period_detail", pk=period.pk)


def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has and has not submitted; the period's reports; compile buttons for the office."""
    office_require(request.user, Action.VIEW_REPORTS)
    period = period_get(request, pk)
    status = selectors.period_submission_status(period)
    context = {
        "period": period,
        "status": status,
        "submitted_count": sum(1 for s in status if s.submitted),
        "reports": PeriodicReport.objects.filter(period=period).select_related("body").defer("data"),
        "can_build": office_allows(request.user, Action.BUILD_REPORT),
    }
    return render(request, "reports/period_detail.html", context)


@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    office_require(request.user, Action.BUILD_REPORT)
    period = period_get(request, pk)
    services.period_close(actor=request.user, period=period)
    messages.success(request, _("Period closed."))
    return redirect("period_detail", pk=period.pk)


def percent_parse(raw: str) -> int | None:
    raw = (raw or "").strip().rstrip("%")
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise ServiceError(_("The percent complete must be a whole number between 0 and 100.")) from exc


def period_submission(request: HttpRequest, pk: int, body_pk: int) -> HttpResponse:
    """The liaison's one screen: progress on all the body's tasks in the period; save draft or submit."""
    office_require(request.user, Action.SUBMIT_PERIOD_UPDATE)
    period = period_get(request, pk)
    if body_pk not in user_body_ids(request.user):
        raise PermissionDenied
    body = get_object_or_404(Body, pk=body_pk, office_id=request.user.office_id)
    tasks = list(selectors.body_period_tasks(period, body))
    submission = BodySubmission.objects.filter(period=period, body=body).first()
    saved = {i.task_id: i for i in SubmissionItem.objects.filter(submission=submission)} if submission else {}
    values: dict[int, dict[str, str]] = {
        t.pk: {
            "done": saved[t.pk].done_text if t.pk in saved else "",
            "outcome": saved[t.pk].outcome_text if t.pk in saved else "",
            "reason": saved[t.pk].reason_text if t.pk in saved else "",
            "percent": "" if t.pk not in saved or saved[t.pk].percent is None else str(saved[t.pk].percent),
        }
        for t in tasks
    }
    status = 200
    note = submission.note if submission else ""
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        note = request.POST.get("note", "")
        for t in tasks:
            values[t.pk] = {
                key: request.POST.get(f"{key}_{t.pk}", "") for key in ("done", "outcome", "reason", "percent")
            }
        try:
            entries = [
                services.SubmissionEntry(
                    task=t,
                    done_text=values[t.pk]["done"],
                    outcome_text=values[t.pk]["outcome"],
                    reason_text=values[t.pk]["reason"],
                    percent=percent_parse(values[t.pk]["percent"]),
                )
                for t in tasks
            ]
            submission = services.submission_save(
                actor=request.user, period=period, body=body, items=entries, submit=submit, note=note
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = exc.status_code
        else:
            if submit:
                messages.success(request, _("Submitted. The office has received your report."))
                return redirect("period_list")
            messages.success(request, _("Draft saved."))
            return redirect("period_submission", pk=period.pk, body_pk=body.pk)
    rows = [{"task": t, "values": values[t.pk], "lead": t.lead_body_id == body.pk} for t in tasks]
    context = {
        "period": period,
        "body": body,
        "rows": rows,
        "submission": submission,
        "note": note,
        "locked": bool(submission and submission.state == BodySubmission.State.SUBMITTED)
        or period.state != ReportingPeriod.State.OPEN,
        "late_now": timezone.localdate() > period.data_to,
    }
    return render(request, "reports/period_submission.html", context, status=status)


@require_POST
def report_compile(request: HttpRequest, pk: int) -> HttpResponse:
    office_require(request.user, Action.BUILD_REPORT)
    period = period_get(request, pk)
    kind = request.POST.get("kind") or PeriodicReport.Kind.OFFICE_PERIOD
    body = None
    if request.POST.get("body"):
        body = get_object_or_404(Body, pk=request.POST["body"], office_id=request.user.office_id)
    try:
        report = services.report_compile(actor=request.user, period=period, kind=kind, body=body)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("period_detail", pk=period.pk)
    messages.success(request, _("Report compiled from the submissions and the tasks."))
    return redirect("report_detail", pk=report.pk)


@require_POST
def report_compile_conclusion(request: HttpRequest) -> HttpResponse:
    office_require(request.user, Action.BUILD_REPORT)
    form = ConclusionReportForm(request.POST, office_id=request.user.office_id)
    if not form.is_valid():
        messages.error(request, _("Choose a published conclusion."))
        return redirect("period_list")
    conclusion: Conclusion = form.cleaned_data["conclusion"]
    try:
        report = services.report_compile_conclusion(actor=request.user, conclusion=conclusion)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("period_list")
    messages.success(request, _("Report compiled from the submissions and the tasks."))
    return redirect("report_detail", pk=report.pk)


def report_list(request: HttpRequest) -> HttpResponse:
    office_require(request.user, Action.VIEW_REPORTS)
    return render(request, "reports/report_list.html", {"reports": selectors.reports_visible(request.user)[:200]})


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's figures, the narrative form and issue form (office), the downloads."""
    office_require(request.user, Action.VIEW_REPORTS)
    report = report_get(request, pk)
    can_build = office_allows(request.user, Action.BUILD_REPORT) and report.state != PeriodicReport.State.ISSUED
    edit_form = issue_form = None
    if can_build:
        edit_form = ReportEditForm(
            initial={
                "achievements": report.achievements,
                "overdue_reasons": report.overdue_reasons,
                "proposals": report.proposals,
                "signer_capacity": report.signer_capacity,
                "signer_title": report.signer_title,
                "signer_name": report.signer_name,
                "recipients": "\n".join(report.recipients),
                "group_by": report.group_by,
                "version": report.version,
            }
        )
        issue_form = ReportIssueForm(initial={"issued_on": timezone.localdate(), "version": report.version})
    return render(request, "reports/report_detail.html", report_context(report, edit_form, issue_form, can_build))


def report_context(report: PeriodicReport, edit_form: Any, issue_form: Any, can_build: bool) -> dict[str, Any]:
    doc = document_build(report)
    return {
        "report": report,
        "doc": doc,
        "edit_form": edit_form,
        "issue_form": issue_form,
        "can_build": can_build,
        "formats": [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel")],
        "large": report.task_count > services.report_direct_limit(),
        "files": report.files.filter(report_version=report.version),
    }


@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    office_require(request.user, Action.BUILD_REPORT)
    report = report_get(request, pk)
    form = ReportEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update(
                actor=request.user,
                report=report,
                achievements=data["achievements"],
                overdue_reasons=data["overdue_reasons"],
                proposals=data["proposals"],
                signer_capacity=data["signer_capacity"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
                recipients=data["recipients"].splitlines(),
                group_by=data["group_by"],
                expected_version=data["version"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return render(
                request,
                "reports/report_detail.html",
                report_context(report, form, ReportIssueForm(initial={"version": report.version}), True),
                status=exc.status_code,
            )
        messages.success(request, _("Report saved."))
        return redirect("report_detail", pk=report.pk)
    messages.error(request, _("Check the form."))
    return render(
        request,
        "reports/report_detail.html",
        report_context(report, form, ReportIssueForm(initial={"version": report.version}), True),
        status=400,
    )


@require_POST
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    office_require(request.user, Action.BUILD_REPORT)
    report = report_get(request, pk)
    form = ReportIssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the report's number and date."))
        return redirect("report_detail", pk=report.pk)
    try:
        services.report_issue(
            actor=request.user,
            report=report,
            number=form.cleaned_data["number"],
            issued_on=form.cleaned_data["issued_on"],
            expected_version=form.cleaned_data["version"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("report_detail", pk=report.pk)
    messages.success(request, _("Report issued."))
    return redirect("report_detail", pk=report.pk)


def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The print view: the report as the PDF lays it out, with a print button."""
    office_require(request.user, Action.VIEW_REPORTS)
    report = report_get(request, pk)
    html = render_html(document_build(report), screen=True, back_url=reverse("report_detail", args=[report.pk]))
    return HttpResponse(html, content_type=CONTENT_TYPES["html"])


def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Small reports are rendered now; large ones are built by Celery (progress page, then download)."""
    office_require(request.user, Action.VIEW_REPORTS)
    report = report_get(request, pk)
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    if report.task_count > services.report_direct_limit():
        try:
            row = services.report_file_request(actor=request.user, report=report, fmt=fmt)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("report_detail", pk=report.pk)
        return redirect("report_file_detail", pk=row.pk)
    doc = document_build(report)
    response = HttpResponse(document_render(doc, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc.filename_stem}.{fmt}"'
    return response


def report_file_get(request: HttpRequest, pk: int) -> ReportFile:
    return get_object_or_404(
        ReportFile.objects.select_related("report"), pk=pk, report__office_id=request.user.office_id
    )


def report_file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a file being built (refreshes itself), then its download link."""
    office_require(request.user, Action.VIEW_REPORTS)
    row = report_file_get(request, pk)
    return render(request, "reports/report_file.html", {"row": row, "report": row.report})


def report_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    office_require(request.user, Action.VIEW_REPORTS)
    row = report_file_get(request, pk)
    if row.status != ReportFile.Status.READY or not row.file:
        raise Http404
    return FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-{row.report_id}.{row.format}",
        content_type=CONTENT_TYPES[row.format],
    )
