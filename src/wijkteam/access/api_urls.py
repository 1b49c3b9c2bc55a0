"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.access import api

urlpatterns = [
    path("known-lookups/", api.KnownLookupView.as_view(), name="api-known-lookup"),
    path(
        "households/<int:pk>/known/", api.KnownHouseholdView.as_view(), name="api-known-household"
    ),
    path(
        "households/<int:pk>/emergency-access/",
        api.EmergencyAccessStartView.as_view(),
        name="api-emergency-access-start",
    ),
    path(
        "emergency-accesses/", api.EmergencyAccessListView.as_view(), name="api-emergency-accesses"
    ),
]
