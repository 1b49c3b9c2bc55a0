"""The team pages, under /teams/. Numeric ids only: never a name in a URL."""

from django.urls import path

from wijkteam.teams import views

app_name = "teams"

urlpatterns = [
    path("capaciteit/", views.capacity_index, name="capacity_index"),
    path("<int:pk>/capaciteit/", views.capacity, name="capacity"),
    path("<int:pk>/normen/", views.norms_set, name="norms_set"),
]
