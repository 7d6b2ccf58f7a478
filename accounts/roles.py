"""The four roles of theodoi, kept as Django groups created by a data migration.

A role is a group name; what each role may do is decided by ``tracker.policy``, the one
place the web UI and the API both ask.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User


class Role(StrEnum):
    OFFICE_STAFF = "office_staff"
    LIAISON = "liaison"
    LEADER = "leader"
    INSPECTOR = "inspector"


ROLE_LABELS = {
    Role.OFFICE_STAFF: _("Office staff"),
    Role.LIAISON: _("Body liaison"),
    Role.LEADER: _("Leader"),
    Role.INSPECTOR: _("Inspector"),
}

# When a user somehow holds several roles, the most capable one decides what they see.
ROLE_PRECEDENCE = (Role.OFFICE_STAFF, Role.LIAISON, Role.INSPECTOR, Role.LEADER)


def user_roles(user: User) -> set[Role]:
    """The roles a user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_theodoi_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        user._theodoi_roles = cached
    return cached


def user_role(user: User) -> Role | None:
    """The user's main role, or None for a user with no role (who then sees nothing)."""
    roles = user_roles(user)
    return next((role for role in ROLE_PRECEDENCE if role in roles), None)


def user_has_role(user: User, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))
