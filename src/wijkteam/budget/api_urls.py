"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.budget.api import (
    BudgetDetailView,
    BudgetListView,
    SpendingRequestApproveView,
    SpendingRequestCreateView,
    SpendingRequestRefuseView,
)

urlpatterns: list = [
    path("budgets/", BudgetListView.as_view(), name="api-budgets"),
    path("budgets/<int:pk>/", BudgetDetailView.as_view(), name="api-budget"),
    path("spending-requests/", SpendingRequestCreateView.as_view(), name="api-spending-requests"),
    path(
        "spending-requests/<int:pk>/approve/",
        SpendingRequestApproveView.as_view(),
        name="api-spending-request-approve",
    ),
    path(
        "spending-requests/<int:pk>/refuse/",
        SpendingRequestRefuseView.as_view(),
        name="api-spending-request-refuse",
    ),
]
