"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.rights.api import PersonExportView

urlpatterns: list = [
    path("persons/<int:pk>/export/", PersonExportView.as_view(), name="api-person-export"),
]
