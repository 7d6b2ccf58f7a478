"""URLs of reporting (included under /reports/ by config/urls.py)."""

from django.urls import path

from tracker.reports import views

urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periods/open/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/submission/<int:body_pk>/", views.period_submission, name="period_submission"),
    path("periods/<int:pk>/compile/", views.report_compile, name="report_compile"),
    path("conclusion/compile/", views.report_compile_conclusion, name="report_compile_conclusion"),
    path("all/", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/issue/", views.report_issue, name="report_issue"),
    path("<int:pk>/print/", views.report_print, name="report_print"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
    path("files/<int:pk>/", views.report_file_detail, name="report_file_detail"),
    path("files/<int:pk>/download/", views.report_file_download, name="report_file_download"),
]
