"""Web forms of the follow-up UI: they parse and validate input; services decide the rules.

Every form that changes a task carries the task's ``version`` as a hidden field, so a second
writer who loaded the page before someone else's change gets the service's conflict message
instead of silently overwriting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from conclusions.models import Conclusion
from tracker.models import Body, Task
from tracker.timeliness import TIME_CLASS_LABELS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; size and type are checked again by the service."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class VersionedForm(forms.Form):
    """A form that acts on one task as the writer last saw it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlainSelect(forms.Select):
    """A ``<select>`` written in one pass of Python instead of one template render per option.

    The task list's body select has one option per body (500 in a large office): Django's
    per-option templates cost about 50 µs each, this about 1 µs, for the same HTML.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        selected = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs)
        options = "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                key,
                mark_safe(" selected") if str(key) in selected else "",
                label,
            )
            for key, label in self.choices
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), mark_safe(options))  # noqa: S308


class TaskFilterForm(forms.Form):
    """The task list's filters (GET). Every field is optional; bad values are ignored.

    Nothing here grows with the office: the conclusion select offers the recent conclusions
    (plus the one filtered on), older ones are found by number or title (``conclusion_q``);
    the heading is free text matched accent-blind against task headings, with a short
    ``<datalist>`` of headings as suggestions.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(), required=False, widget=PlainSelect)
    state = forms.ChoiceField(label=_("State"), required=False)
    time_class = forms.ChoiceField(label=_("Time"), required=False)
    conclusion = forms.ModelChoiceField(
        label=_("Conclusion"), queryset=Conclusion.objects.none(), required=False, widget=PlainSelect
    )
    conclusion_q = forms.CharField(
        label=_("Other conclusion (number or title)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 45-KL/TU")}),
    )
    heading = forms.CharField(
        label=_("Heading"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. kinh te"), "list": "heading-suggestions"}),
    )
    deadline_from = forms.DateField(
        label=_("Deadline from"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    deadline_to = forms.DateField(
        label=_("Deadline to"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )

    def __init__(
        self,
        *args: Any,
        bodies: Iterable[Body] = (),
        conclusions: Iterable[Conclusion] = (),
        conclusion_queryset: QuerySet[Conclusion] | None = None,
        headings: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        """``conclusions`` are the ones the select offers; ``conclusion_queryset`` all those the
        user may filter on (validated with one query only when the filter is used)."""
        super().__init__(*args, **kwargs)
        body_list = list(bodies)
        conclusion_list = list(conclusions)
        self.fields["body"].queryset = Body.objects.filter(pk__in=[b.pk for b in body_list])
        self.fields["body"].choices = [("", _("All bodies")), *((b.pk, b.label) for b in body_list)]
        self.fields["conclusion"].queryset = (
            conclusion_queryset
            if conclusion_queryset is not None
            else Conclusion.objects.filter(pk__in=[c.pk for c in conclusion_list])
        )
        self.fields["conclusion"].choices = [
            ("", _("All conclusions")),
            *((c.pk, str(c)) for c in conclusion_list),
        ]
        self.headings = list(headings)
        self.fields["state"].choices = [("", _("All states")), *Task.State.choices]
        self.fields["time_class"].choices = [("", _("Any time")), *((k.value, v) for k, v in TIME_CLASS_LABELS.items())]

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters as ``task_list`` arguments (an invalid field is dropped,
        not an error page). The heading is matched by its words, accent-blind."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        found = {name: value for name, value in cleaned.items() if value not in (None, "", [])}
        if "heading" in found:
            found["heading_words"] = found.pop("heading")
        return found


class ProgressForm(VersionedForm):
    """A body's progress on a task: what was done, what was achieved, optional percent and files."""

    done_text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    outcome_text = forms.CharField(
        label=_("What was achieved"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10000
    )
    percent = forms.IntegerField(label=_("Percent complete"), required=False, min_value=0, max_value=100)
    files = MultipleFileField(label=_("Evidence files"), required=False)
    body = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("files") or []
        limit = settings.EVIDENCE_MAX_BYTES
        for upload in files:
            # Checked here too so a huge upload gets a message before anything is stored.
            if upload.size and upload.size > limit:
                raise forms.ValidationError(
                    _("The file %(name)s is larger than %(limit)s MB."),
                    params={"name": upload.name, "limit": limit // (1024 * 1024)},
                )
        return files


class ProposeCompletionForm(ProgressForm):
    """The lead body says the task is done, with what was achieved and its evidence."""

    outcome_text = forms.CharField(
        label=_("What was achieved"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class ConfirmForm(VersionedForm):
    """The office confirms a proposed completion."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ReasonForm(VersionedForm):
    """Return for rework, pause, resume or cancel: the office says why."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class OptionalReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ExtensionRequestForm(VersionedForm):
    """The lead body asks for a later deadline."""

    requested_deadline = forms.DateField(label=_("New deadline"), widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ExtensionDecideForm(VersionedForm):
    """The office approves or rejects a pending extension request."""

    DECISIONS = (("approve", _("Approve")), ("reject", _("Reject")))

    extension = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    new_deadline = forms.DateField(
        label=_("Grant a different deadline"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class TaskEditForm(VersionedForm):
    """The office edits a task's text, heading, bodies and deadline."""

    heading = forms.CharField(label=_("Heading"), required=False, max_length=500)
    text = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    lead_body = forms.ModelChoiceField(label=_("Lead body"), queryset=Body.objects.none(), required=False)
    coordinating_bodies = forms.ModelMultipleChoiceField(
        label=_("Coordinating bodies"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS)
    recurring = forms.BooleanField(label=_("Recurring (no single due date)"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args: Any, office_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(office_id=office_id, active=True)
        self.fields["lead_body"].queryset = bodies
        self.fields["coordinating_bodies"].queryset = bodies

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        lead = cleaned.get("lead_body")
        if lead is not None and lead in (cleaned.get("coordinating_bodies") or []):
            self.add_error("coordinating_bodies", _("The lead body cannot also be a coordinating body."))
        return cleaned


class BodyImportForm(forms.Form):
    """The body directory as an .xlsx or .csv sheet."""

    file = forms.FileField(label=_("Sheet (.xlsx or .csv)"))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose an .xlsx or .csv file."))
        if upload.size and upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The sheet is larger than 5 MB."))
        return upload
