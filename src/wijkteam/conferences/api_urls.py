"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.conferences.api import (
    AgendaItemActionsView,
    AgendaItemConclusionsView,
    ConferenceAgendaItemsView,
    ConferenceDetailView,
    ConferenceListView,
    TeamTimeBalanceView,
)

urlpatterns: list = [
    path("conferences/", ConferenceListView.as_view(), name="api-conferences"),
    path("conferences/<int:pk>/", ConferenceDetailView.as_view(), name="api-conference"),
    path(
        "conferences/<int:pk>/agenda-items/",
        ConferenceAgendaItemsView.as_view(),
        name="api-conference-agenda-items",
    ),
    path(
        "agenda-items/<int:pk>/conclusions/",
        AgendaItemConclusionsView.as_view(),
        name="api-agenda-item-conclusions",
    ),
    path(
        "agenda-items/<int:pk>/actions/",
        AgendaItemActionsView.as_view(),
        name="api-agenda-item-actions",
    ),
    path(
        "teams/<int:pk>/time-balance/",
        TeamTimeBalanceView.as_view(),
        name="api-team-time-balance",
    ),
]
