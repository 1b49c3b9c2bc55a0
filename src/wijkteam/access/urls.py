from django.urls import path

from wijkteam.access import views

app_name = "access"

urlpatterns = [
    path("bekend/", views.lookup, name="lookup"),
    path("huishoudens/<int:pk>/", views.known_household, name="known_household"),
    path("noodtoegang/", views.emergency_overview, name="emergency_overview"),
    path("noodtoegang/<int:pk>/beeindigen/", views.emergency_end, name="emergency_end"),
]
