"""Monitoring pages, under /monitoring/: aggregates only, never a person."""

from django.urls import path

from wijkteam.monitoring import views

app_name = "monitoring"

urlpatterns: list = []
