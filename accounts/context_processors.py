"""Template context: the signed-in user's role, for menus."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.roles import ROLE_LABELS, Role, user_role


def role(request: HttpRequest) -> dict[str, object]:
    current = user_role(request.user) if hasattr(request, "user") else None
    return {
        "current_role": current.value if current else "",
        "current_role_label": ROLE_LABELS.get(current, "") if current else "",
        "is_office_staff": current == Role.OFFICE_STAFF,
        "is_liaison": current == Role.LIAISON,
        "is_reader": current in (Role.LEADER, Role.INSPECTOR),
    }
