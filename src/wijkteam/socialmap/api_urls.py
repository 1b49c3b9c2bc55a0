"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.socialmap.api import (
    ProvisionDetailView,
    ProvisionExportView,
    ProvisionImportView,
    ProvisionListView,
    ProvisionSearchView,
)

urlpatterns: list = [
    path("provisions/", ProvisionListView.as_view(), name="api-provisions"),
    path("provisions/search/", ProvisionSearchView.as_view(), name="api-provisions-search"),
    path("provisions/import/", ProvisionImportView.as_view(), name="api-provisions-import"),
    path("provisions/export/", ProvisionExportView.as_view(), name="api-provisions-export"),
    path("provisions/<int:pk>/", ProvisionDetailView.as_view(), name="api-provision"),
]
