"""The knowledge-network monitor's pages, under /kenniskring/. Numeric ids only."""

from django.urls import path

from wijkteam.knowledgenetwork import views

app_name = "knowledgenetwork"

urlpatterns = [
    path("", views.index, name="index"),
    path("rondes/nieuw/", views.round_create, name="round_create"),
    path("rondes/<int:pk>/invullen/", views.survey, name="survey"),
    path("rondes/<int:pk>/vergelijking/", views.comparison, name="comparison"),
    path("rondes/<int:pk>/overzicht/", views.overview, name="overview"),
    path("rondes/<int:pk>/open/", views.round_set_open, name="round_set_open"),
]
