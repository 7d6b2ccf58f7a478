"""The landing page after log-in: each role goes to its own start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.roles import Role, user_role

# Where each role starts its day: the office and readers on the dashboard, a liaison on
# the list of their bodies' tasks.
START_PAGES = {
    Role.OFFICE_STAFF: "dashboard",
    Role.LEADER: "dashboard",
    Role.INSPECTOR: "dashboard",
    Role.LIAISON: "liaison_home",
}


def home(request: HttpRequest) -> HttpResponse:
    """Redirect to the role's start page; a user with no role (or no office) gets a short note."""
    role = user_role(request.user)
    if role is not None and request.user.office_id is not None:
        return redirect(START_PAGES[role])
    return render(request, "tracker/home.html")
