"""Community work pages, under /buurt/: neighbourhood signals and collective activities.
Numeric ids only; no search terms about people (there are none to search for)."""

from django.urls import path

from wijkteam.community.views import activities, signals

app_name = "community"

urlpatterns = [
    # Neighbourhood signals (views/signals.py).
    # Collective activities (views/activities.py).
]
