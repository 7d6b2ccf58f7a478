"""Top-level URLs."""

from django.contrib import admin
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("api/", include("tracker.api.urls")),
    path("reports/", include("tracker.reports.urls")),
    path("", include("tracker.urls")),
    path("", include("tracker.reminders.urls")),
]
