"""The second factor's pages, under /tweestap/ (see the root URL configuration)."""

from django.urls import path

from wijkteam.accounts import views

app_name = "twofactor"

urlpatterns = [
    path("", views.status, name="status"),
    path("instellen/", views.enrol, name="enrol"),
    path("controleren/", views.verify, name="verify"),
]
