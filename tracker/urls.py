"""Web UI URLs of the follow-up app."""

from django.urls import path

from tracker.views import home

urlpatterns = [
    path("", home.home, name="home"),
]
