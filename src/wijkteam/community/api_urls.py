"""This app's REST API routes, included under /api/ (see ``wijkteam.api_urls``)."""

from django.urls import path

from wijkteam.community.api import activities, signals

urlpatterns: list = [
    # Neighbourhood signals (api/signals.py).
    path(
        "neighbourhood-signals/", signals.SignalListView.as_view(), name="api-neighbourhood-signals"
    ),
    path(
        "neighbourhood-signals/<int:pk>/",
        signals.SignalDetailView.as_view(),
        name="api-neighbourhood-signal",
    ),
    path(
        "neighbourhood-signals/<int:pk>/close/",
        signals.SignalCloseView.as_view(),
        name="api-neighbourhood-signal-close",
    ),
    path(
        "neighbourhood-signals/<int:pk>/reopen/",
        signals.SignalReopenView.as_view(),
        name="api-neighbourhood-signal-reopen",
    ),
    # Collective activities (api/activities.py).
    path(
        "collective-activities/",
        activities.ActivityListView.as_view(),
        name="api-collective-activities",
    ),
    path(
        "collective-activities/<int:pk>/",
        activities.ActivityDetailView.as_view(),
        name="api-collective-activity",
    ),
    path(
        "collective-activities/<int:pk>/participations/",
        activities.ActivityParticipationsView.as_view(),
        name="api-collective-activity-participations",
    ),
    path(
        "collective-activities/<int:pk>/signals/",
        activities.ActivitySignalsView.as_view(),
        name="api-collective-activity-signals",
    ),
    path(
        "collective-activities/<int:pk>/end/",
        activities.ActivityEndView.as_view(),
        name="api-collective-activity-end",
    ),
]
