"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
