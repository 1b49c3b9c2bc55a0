"""Monitoring pages, under /monitoring/: aggregates only, never a person."""

from django.urls import path

from wijkteam.monitoring import views

app_name = "monitoring"

urlpatterns: list = [
    path("wijkanalyse/", views.area_analysis_page, name="area_analysis"),
    path("wijkanalyse/export/", views.area_analysis_export, name="area_analysis_export"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/export/", views.dashboard_export, name="dashboard_export"),
]
