"""period_open and the daily beat sweep: idempotent, per office calendar, office-wide default."""

from __future__ import annotations

import datetime as dt

import pytest
from django_celery_beat.models import PeriodicTask

from tests.factories import ConclusionFactory, OfficeFactory
from tracker.errors import NotAllowed, ServiceError
from tracker.reports.models import ReportingPeriod, ReportingSchedule
from tracker.reports.services import period_close, period_open, periods_open_due
from tracker.reports.tasks import open_periods

pytestmark = pytest.mark.django_db


def test_it_opens_a_period_once_with_the_decree_09_dates(world):
    again, created = period_open(
        actor=world.staff,
        office=world.office,
        cadence="quarterly",
        day=dt.date(2026, 10, 2),
        conclusion=world.conclusion,
    )
    assert created is False and again == world.period
    period = ReportingPeriod.objects.get()
    assert period.label == "Quý IV/2026"
    assert (period.data_from, period.data_to, period.due_on) == (
        dt.date(2026, 9, 15),
        dt.date(2026, 12, 14),
        dt.date(2026, 12, 25),
    )


def test_it_uses_the_office_cut_off_and_due_days(world):
    world.office.report_cutoff_day = 20
    world.office.report_due_day = 28
    world.office.save()
    period, _ = period_open(actor=world.staff, office=world.office, cadence="monthly", day=dt.date(2026, 11, 21))
    assert period.label == "Tháng 12/2026"  # the 21st is past the 20th cut-off: December collects now
    assert (period.data_from, period.data_to, period.due_on) == (
        dt.date(2026, 11, 21),
        dt.date(2026, 12, 20),
        dt.date(2026, 12, 28),
    )


def test_it_refuses_liaisons_and_other_offices(world):
    with pytest.raises(NotAllowed):
        period_open(actor=world.btg_liaison, office=world.office, cadence="yearly", day=dt.date(2026, 5, 1))
    other = ConclusionFactory(office=OfficeFactory())
    with pytest.raises(ServiceError):
        period_open(actor=world.staff, office=world.office, cadence="yearly", day=dt.date(2026, 5, 1), conclusion=other)
    assert ReportingPeriod.objects.count() == 1


def test_it_opens_the_office_wide_quarter_daily_and_only_once(world):
    opened = periods_open_due(today=dt.date(2026, 12, 15))
    assert [p.label for p in opened] == ["Quý I/2027"]
    assert ReportingSchedule.objects.filter(office=world.office, conclusion=None, cadence="quarterly").exists()
    assert periods_open_due(today=dt.date(2026, 12, 16)) == []
    assert ReportingPeriod.objects.filter(conclusion=None).count() == 1


def test_it_follows_the_schedules_the_office_asked_for(world):
    period_open(
        actor=world.staff,
        office=world.office,
        cadence="monthly",
        day=dt.date(2026, 11, 21),
        conclusion=world.conclusion,
        repeat=True,
    )
    labels = sorted(p.label for p in periods_open_due(today=dt.date(2027, 1, 20)))
    assert labels == ["Quý I/2027", "Tháng 2/2027"]


def test_it_is_run_by_beat_every_day():
    task = PeriodicTask.objects.get(task="reports.open_periods")
    assert task.enabled and task.crontab.hour == "0"
    assert open_periods.name == "reports.open_periods"


def test_it_closes_a_period(world):
    period_close(actor=world.staff, period=world.period)
    world.period.refresh_from_db()
    assert world.period.state == "closed" and world.period.closed_at is not None
