"""Web UI URLs of the follow-up app."""

from django.urls import path

from tracker.views import bodies as body_views
from tracker.views import dashboard as dashboard_views
from tracker.views import evidence as evidence_views
from tracker.views import home
from tracker.views import imports as import_views
from tracker.views import liaison as liaison_views
from tracker.views import tasks as task_views

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("tasks/", task_views.task_list, name="task_list"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/progress/", task_views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/propose/", task_views.task_propose, name="task_propose"),
    path("tasks/<int:pk>/confirm/", task_views.task_confirm, name="task_confirm"),
    path("tasks/<int:pk>/return/", task_views.task_return, name="task_return"),
    path("tasks/<int:pk>/extension/", task_views.task_extension_request, name="task_extension_request"),
    path("tasks/<int:pk>/extension/decide/", task_views.task_extension_decide, name="task_extension_decide"),
    path("tasks/<int:pk>/pause/", task_views.task_pause, name="task_pause"),
    path("tasks/<int:pk>/resume/", task_views.task_resume, name="task_resume"),
    path("tasks/<int:pk>/cancel/", task_views.task_cancel, name="task_cancel"),
    path("tasks/<int:pk>/edit/", task_views.task_edit, name="task_edit"),
    path("evidence/<int:pk>/", evidence_views.evidence_download, name="evidence_download"),
    path("my/", liaison_views.liaison_home, name="liaison_home"),
    path("my/update/", liaison_views.bulk_progress, name="bulk_progress"),
    path("bodies/", body_views.body_list, name="body_list"),
    path("conclusions/", import_views.conclusion_list, name="conclusion_list"),
    path("conclusions/upload/", import_views.conclusion_upload, name="conclusion_upload"),
    path("conclusions/<int:pk>/review/", import_views.conclusion_review, name="conclusion_review"),
    path("conclusions/<int:pk>/publish/", import_views.conclusion_publish_view, name="conclusion_publish"),
    path("conclusions/<int:pk>/source/", import_views.conclusion_source_download, name="conclusion_source_download"),
]
