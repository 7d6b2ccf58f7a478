"""The role groups exist from the migrations on, and roles resolve by precedence."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role, user_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_creates_the_four_role_groups_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_it_resolves_the_most_capable_role():
    user = UserFactory(role=Role.LEADER)
    user.groups.add(Group.objects.get(name=Role.OFFICE_STAFF))
    assert user_role(user) == Role.OFFICE_STAFF


def test_it_gives_no_role_to_a_user_without_group():
    assert user_role(UserFactory()) is None


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_role_groups_after_a_flush():
    from django.core.management import call_command

    call_command("flush", "--noinput", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
