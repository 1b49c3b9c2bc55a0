"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.backoffice.api import (
    AdviceDecideView,
    AdviceDetailView,
    AdviceListView,
    AdviceSendView,
    AdviceWithdrawView,
    BreakthroughDetailView,
    BreakthroughListView,
    BreakthroughTransitionView,
    HouseholdContactView,
)

urlpatterns: list = [
    path("advices/", AdviceListView.as_view(), name="api-advices"),
    path("advices/<int:pk>/", AdviceDetailView.as_view(), name="api-advice"),
    path("advices/<int:pk>/send/", AdviceSendView.as_view(), name="api-advice-send"),
    path("advices/<int:pk>/withdraw/", AdviceWithdrawView.as_view(), name="api-advice-withdraw"),
    path("advices/<int:pk>/decisions/", AdviceDecideView.as_view(), name="api-advice-decide"),
    path(
        "households/<int:pk>/back-office-contact/",
        HouseholdContactView.as_view(),
        name="api-household-back-office-contact",
    ),
    path("breakthroughs/", BreakthroughListView.as_view(), name="api-breakthroughs"),
    path("breakthroughs/<int:pk>/", BreakthroughDetailView.as_view(), name="api-breakthrough"),
    path(
        "breakthroughs/<int:pk>/transition/",
        BreakthroughTransitionView.as_view(),
        name="api-breakthrough-transition",
    ),
]
