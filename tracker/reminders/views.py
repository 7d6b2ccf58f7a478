"""Pages of reminders: the notification centre, preferences, the office's failures page, and
the token-protected iCal feeds with the page to see and rotate their URLs.

Views parse input and call one service; reads go through ``tracker.reminders.selectors``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from accounts.roles import Role, user_has_role
from tracker.reminders import selectors, services
from tracker.reminders.forms import PreferenceForm
from tracker.reminders.models import NotificationPreference


def task_path(task_id: int) -> str:
    try:
        return reverse("task_detail", args=[task_id])
    except NoReverseMatch:  # the task pages are another app's; the feed must not break without them
        return reverse("home")


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The notification centre: the user's notifications, unread first, 30 per page."""
    page = Paginator(selectors.notification_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "reminders/notifications.html", {"page": page})


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and open its task."""
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.task_id:
        return redirect("task_detail", pk=notification.task_id)
    return redirect("notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all the user's notifications read."""
    count = services.notification_mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications")


@require_http_methods(["GET", "POST"])
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    """How the user receives reminders: channels, a daily digest hour, a pause."""
    current = NotificationPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.notification_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your reminder preferences were saved."))
        return redirect("reminder_preferences")
    return render(request, "reminders/preferences.html", {"form": form})


@require_http_methods(["GET", "POST"])
def reminder_failures(request: HttpRequest) -> HttpResponse:
    """Office staff: reminders that could not be delivered, with the error; retry them."""
    if not user_has_role(request.user, Role.OFFICE_STAFF) or request.user.office_id is None:
        raise PermissionDenied
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("reminder") if i.isdigit()]
        count = services.reminder_retry(office_id=request.user.office_id, reminder_ids=ids)
        messages.success(request, _("%(count)d reminders will be sent again at the next sweep.") % {"count": count})
        return redirect("reminder_failures")
    page = Paginator(selectors.reminder_failure_list(office_id=request.user.office_id), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "reminders/failures.html", {"page": page})


@require_http_methods(["GET", "POST"])
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """The user's feed URL and their bodies' feed URLs, to subscribe from a calendar app; rotate."""
    bodies = list(selectors.feed_bodies(user=request.user))
    if request.method == "POST":
        body = None
        if request.POST.get("body"):
            body = next((b for b in bodies if str(b.pk) == request.POST["body"]), None)
            if body is None:
                raise Http404
        services.calendar_token_rotate(user=request.user, body=body)
        messages.success(request, _("A new feed address was made; the old one no longer works."))
        return redirect("calendar_feeds")
    own = services.calendar_token_get(user=request.user)
    feeds = [(_("My tasks"), None, own)] + [
        (body.name, body, services.calendar_token_get(user=request.user, body=body)) for body in bodies
    ]
    rows = [
        {"label": label, "body": body, "url": request.build_absolute_uri(reverse("calendar_feed", args=[t.token]))}
        for label, body, t in feeds
    ]
    return render(request, "reminders/calendar_feeds.html", {"feeds": rows})


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """An iCal feed of deadlines; the secret token in the URL is the only credential."""
    feed = selectors.feed_get(token=token)
    if feed is None:
        raise Http404
    cal = Calendar()
    cal.add("prodid", "-//theodoi//nhac viec//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Deadlines: %(owner)s") % {"owner": feed.body or feed.user})
    stamp = timezone.now()
    for task in selectors.feed_tasks(feed=feed).iterator(chunk_size=500):
        event = Event()
        event.add("uid", f"task-{task.pk}@theodoi")
        event.add("dtstamp", stamp)
        event.add("dtstart", task.deadline)
        event.add("dtend", task.deadline + dt.timedelta(days=1))
        event.add("summary", _("Deadline: %(task)s") % {"task": task.text[:100]})
        lead = task.lead_body.name if task.lead_body_id else "—"
        event.add("description", f"{task.text}\n{_('Lead body')}: {lead}\n{task.conclusion}")
        event.add("url", request.build_absolute_uri(task_path(task.pk)))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="theodoi.ics"'
    return response
