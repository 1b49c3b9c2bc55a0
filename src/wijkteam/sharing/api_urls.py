"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.sharing.api import HouseholdSharingGroundsView, SharingGroundWithdrawView

urlpatterns = [
    path(
        "households/<int:pk>/sharing-grounds/",
        HouseholdSharingGroundsView.as_view(),
        name="api-household-sharing-grounds",
    ),
    path(
        "sharing-grounds/<int:pk>/withdraw/",
        SharingGroundWithdrawView.as_view(),
        name="api-sharing-ground-withdraw",
    ),
]
