"""The budget pages, under /budget/. Numeric ids only: never a name in a URL."""

from django.urls import path

from wijkteam.budget import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("vaststellen/", views.budget_set, name="set"),
    path("<int:pk>/", views.detail, name="detail"),
    path("aanvragen/<int:pk>/goedkeuren/", views.approve, name="approve"),
    path("aanvragen/<int:pk>/afwijzen/", views.refuse, name="refuse"),
    path("huishoudens/<int:pk>/aanvragen/", views.request_create, name="request_create"),
]
