"""The body directory for office staff, with the import from an .xlsx or .csv sheet."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tracker.forms import BodyImportForm
from tracker.models import BodyMembership
from tracker.policy import Action, office_require
from tracker.selectors import bodies as body_selectors
from tracker.services import bodies as body_services


def body_list(request: HttpRequest) -> HttpResponse:
    """GET lists the directory (search by name, short name or alias); POST imports a sheet."""
    office_require(request.user, Action.MANAGE_BODIES)
    form = BodyImportForm()
    errors: list[body_services.BodyImportRowError] = []
    status = 200
    if request.method == "POST":
        form = BodyImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = body_services.body_directory_import(
                actor=request.user, office=request.user.office, file=form.cleaned_data["file"]
            )
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s bodies created, %(updated)s updated, %(members)s liaisons added.")
                    % {
                        "created": len(result.created),
                        "updated": len(result.updated),
                        "members": result.memberships_added,
                    },
                )
                return redirect("body_list")
            errors = result.errors
        status = 400
    q = request.GET.get("q", "").strip()
    bodies = body_selectors.body_list(user=request.user, q=q or None).prefetch_related(
        # The directory shows each body's liaisons.
        Prefetch("memberships", queryset=BodyMembership.objects.select_related("user").order_by("user__username"))
    )
    return render(
        request,
        "tracker/bodies/list.html",
        {"bodies": bodies, "form": form, "errors": errors, "q": q},
        status=status,
    )
