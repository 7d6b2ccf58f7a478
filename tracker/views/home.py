"""The landing page after log-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting page (the dashboard pages replace this as they land)."""
    return render(request, "tracker/home.html")
