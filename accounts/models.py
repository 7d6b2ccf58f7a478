"""Offices (the committee's office that follows up) and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_reminder_offsets() -> list[int]:
    return [7, 3, 1]


class Office(models.Model):
    """An office that follows up on its committee's conclusions (Văn phòng ...).

    Any committee or state body that issues conclusions has one; nothing here assumes a
    level of government. Per-office settings for reminders and reporting live here too.
    """

    class StyleProfile(models.TextChoices):
        PARTY = "party", _("Party document format")
        STATE = "state", _("State document format (Decree 30/2020)")

    name = models.CharField(_("name"), max_length=255, help_text=_("e.g. Văn phòng Thành ủy Từ Sơn"))
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    committee_name = models.CharField(
        _("committee"), max_length=255, blank=True, help_text=_("e.g. Ban Chấp hành Đảng bộ thành phố Từ Sơn")
    )
    superior_name = models.CharField(
        _("superior body"), max_length=255, blank=True, help_text=_("e.g. ĐẢNG BỘ TỈNH BẮC NINH")
    )
    place_name = models.CharField(
        _("place name"), max_length=128, blank=True, help_text=_("Used in the dated line: 'Từ Sơn, ngày ...'")
    )
    style_profile = models.CharField(
        _("document style"), max_length=16, choices=StyleProfile.choices, default=StyleProfile.PARTY
    )
    report_symbol = models.CharField(
        _("report number symbol"), max_length=32, blank=True, default="BC/VPTU", help_text=_("e.g. BC/VPTU")
    )
    email = models.EmailField(_("office e-mail"), blank=True)
    # Time classes: a task is "due soon" this many days before its deadline.
    due_soon_days = models.PositiveSmallIntegerField(_("due-soon window (days)"), default=3)
    reminder_offsets = models.JSONField(
        _("reminder offsets (days before the deadline)"), default=default_reminder_offsets
    )
    reminder_working_days = models.BooleanField(_("count offsets in working days"), default=False)
    overdue_repeat_days = models.PositiveSmallIntegerField(_("repeat overdue reminders every (days)"), default=7)
    escalation_after_days = models.PositiveSmallIntegerField(_("escalate after (days overdue)"), default=7)
    # Decree 09/2019 calendar: data from the 15th of the month before to the 14th, due by the 25th.
    report_cutoff_day = models.PositiveSmallIntegerField(_("reporting cut-off day"), default=14)
    report_due_day = models.PositiveSmallIntegerField(_("report due day"), default=25)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Belongs to one office; liaisons also belong to bodies."""

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()
