"""Forms of the reporting screens (the submission form is parsed row by row in the view)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from conclusions.models import Conclusion
from tracker.reports.models import Cadence, PeriodicReport


class PeriodOpenForm(forms.Form):
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices, initial=Cadence.QUARTERLY)
    conclusion = forms.ModelChoiceField(
        label=_("Conclusion"),
        queryset=Conclusion.objects.none(),
        required=False,
        empty_label=_("All conclusions (office-wide)"),
    )
    day = forms.DateField(
        label=_("A day in the data window"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    repeat = forms.BooleanField(label=_("Open the following periods automatically"), required=False, initial=True)

    def __init__(self, *args: object, office_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].queryset = Conclusion.objects.filter(
            office_id=office_id, state=Conclusion.State.PUBLISHED
        ).order_by("-meeting_date", "-id")


class ConclusionReportForm(forms.Form):
    conclusion = forms.ModelChoiceField(label=_("Conclusion"), queryset=Conclusion.objects.none())

    def __init__(self, *args: object, office_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].queryset = Conclusion.objects.filter(
            office_id=office_id, state=Conclusion.State.PUBLISHED
        ).order_by("-meeting_date", "-id")


class ReportEditForm(forms.Form):
    achievements = forms.CharField(
        label=_("Achievements and outcomes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    overdue_reasons = forms.CharField(
        label=_("Reasons for overdue tasks"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposals = forms.CharField(label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    signer_capacity = forms.CharField(label=_("Signing capacity (e.g. K/T CHÁNH VĂN PHÒNG)"), required=False)
    signer_title = forms.CharField(label=_("Signer's title"), required=False)
    signer_name = forms.CharField(label=_("Signer"), required=False)
    recipients = forms.CharField(
        label=_("Recipients (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    group_by = forms.ChoiceField(label=_("Annex grouped"), choices=PeriodicReport.GroupBy.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportIssueForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=64, help_text=_("e.g. 12 or 12-BC/VPTU"))
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    version = forms.IntegerField(widget=forms.HiddenInput)
