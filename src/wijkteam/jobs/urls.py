"""Background jobs, under /taken/: ids only in the paths."""

from django.urls import path

from wijkteam.jobs import views

app_name = "jobs"

urlpatterns: list = [
    path(
        "nieuw/wijkanalyse-export/",
        views.area_analysis_export_start,
        name="area_analysis_export_start",
    ),
    path(
        "nieuw/dashboard-export/",
        views.dashboard_export_start,
        name="dashboard_export_start",
    ),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/voortgang/", views.job_progress, name="progress"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
