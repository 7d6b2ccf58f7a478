"""/api/: the REST API, its OpenAPI 3 schema and its documentation page.

The API authenticates by token (``Authorization: Token <key>``; issue one with
``manage.py drf_create_token <username>`` or in the admin under "Tokens") or by the web
session. Its routes are exempt from LoginRequiredMiddleware, which would redirect a token
client to the login page; DRF's IsAuthenticated answers 401/403 instead.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from tracker.api import docs, views

app_name = "api"

router = DefaultRouter()
router.register("conclusions", views.ConclusionViewSet, basename="conclusion")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("extensions", views.ExtensionViewSet, basename="extension")
router.register("bodies", views.BodyViewSet, basename="body")


def token_clients_allowed(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Mark every API view login_not_required: authentication is DRF's job here."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
        else:
            token_clients_allowed(pattern.url_patterns)
    return patterns


urlpatterns = [
    *token_clients_allowed(
        [
            *router.urls,
            path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence-download"),
            path("schema/", SpectacularAPIView.as_view(), name="schema"),
        ]
    ),
    # A page for people (session login): rendered on the server from the schema, no CDN script.
    path("docs/", docs.api_docs, name="docs"),
]
