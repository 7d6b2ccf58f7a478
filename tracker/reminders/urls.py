"""URLs of reminders: notifications, preferences, failures, calendar feeds."""

from django.urls import path

from tracker.reminders import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("reminders/preferences/", views.reminder_preferences, name="reminder_preferences"),
    path("reminders/failures/", views.reminder_failures, name="reminder_failures"),
    path("calendar/", views.calendar_feeds, name="calendar_feeds"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
