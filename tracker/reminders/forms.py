"""Forms of the reminders pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.reminders.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "in_app_enabled", "digest_hour", "paused_until"]
        widgets = {"paused_until": forms.DateInput(attrs={"type": "date"})}

    def clean_digest_hour(self) -> int | None:
        hour = self.cleaned_data.get("digest_hour")
        if hour is not None and not 0 <= hour <= 23:
            raise forms.ValidationError(_("The digest hour must be between 0 and 23."))
        return hour
