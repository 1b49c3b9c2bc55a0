"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.knowledgenetwork.api import ComparisonView, OwnResponseView, RoundListView

urlpatterns: list = [
    path("knowledge-network/rounds/", RoundListView.as_view(), name="api-kk-rounds"),
    path(
        "knowledge-network/rounds/<int:pk>/response/",
        OwnResponseView.as_view(),
        name="api-kk-response",
    ),
    path(
        "knowledge-network/rounds/<int:pk>/comparison/",
        ComparisonView.as_view(),
        name="api-kk-comparison",
    ),
]
