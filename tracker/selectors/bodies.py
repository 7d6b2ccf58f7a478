"""Reads of the body directory (names are not secret: every user of the office may list them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from tracker.models import Body
from tracker.search import text_fold

if TYPE_CHECKING:
    from accounts.models import User


def body_list(*, user: User, q: str | None = None, active: bool | None = None) -> QuerySet[Body]:
    """The bodies of the user's office, in directory order; ``q`` matches name, short name or alias."""
    if user.office_id is None:
        return Body.objects.none()
    # Body lists and pickers show the parent's name.
    bodies = Body.objects.filter(office_id=user.office_id).select_related("parent")
    if active is not None:
        bodies = bodies.filter(active=active)
    if q:
        folded = text_fold(q)
        matching = [
            pk
            for pk, name, short, aliases in bodies.values_list("pk", "name", "short_name", "aliases")
            if folded in text_fold(" ".join([name, short, *(aliases or [])]))
        ]
        # Folding happens in Python: a directory has hundreds of bodies, not millions.
        bodies = bodies.filter(Q(pk__in=matching))
    return bodies.order_by("position", "name")


def body_get(*, user: User, pk: int | str) -> Body:
    """One body of the user's office (Http404 otherwise)."""
    body = body_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if body is None:
        raise Http404
    return body


def user_bodies(*, user: User) -> list[Body]:
    """The bodies the user acts for (a liaison's bodies), in directory order."""
    return list(Body.objects.filter(memberships__user=user).order_by("position", "name"))
