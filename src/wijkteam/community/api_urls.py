"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.community.api import activities, signals

urlpatterns: list = [
    # Neighbourhood signals (api/signals.py).
    # Collective activities (api/activities.py).
]
