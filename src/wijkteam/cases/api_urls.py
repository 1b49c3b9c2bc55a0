"""This app's REST API routes besides the case viewset, included under /api/ (see
``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.cases.api_themes import CaseThemesView, ThemeDetailView, ThemeListView

urlpatterns: list = [
    path("themes/", ThemeListView.as_view(), name="api-themes"),
    path("themes/<int:pk>/", ThemeDetailView.as_view(), name="api-theme"),
    path("cases/<int:pk>/themes/", CaseThemesView.as_view(), name="api-case-themes"),
]
