"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.monitoring import api

urlpatterns: list = [
    path("area-analysis/", api.AreaAnalysisView.as_view(), name="api-area-analysis"),
    path("dashboard/", api.DashboardView.as_view(), name="api-dashboard"),
]
