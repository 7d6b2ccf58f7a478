"""manage.py load_demo: the demo office, bodies and one login per role; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Office, User
from accounts.roles import Role, user_role
from tracker.models import Body, BodyMembership

pytestmark = pytest.mark.django_db


def test_it_loads_a_dozen_bodies_and_one_user_per_role():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    office = Office.objects.get()
    assert Body.objects.filter(office=office).count() >= 12
    assert {user_role(u) for u in User.objects.filter(office=office)} == set(Role)
    assert BodyMembership.objects.filter(user__username="daumoi").exists()
    assert Body.objects.get(short_name="UBND").aliases


def test_it_changes_nothing_when_run_twice():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Office.objects.count(), Body.objects.count(), User.objects.count(), BodyMembership.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Office.objects.count(),
        Body.objects.count(),
        User.objects.count(),
        BodyMembership.objects.count(),
    )
