"""The rights pages, under /rechten/. Numeric ids only: never a name in a URL."""

from django.urls import path

from wijkteam.rights import views

app_name = "rights"

urlpatterns = [
    path("personen/<int:person_id>/inzage/", views.export_html, name="export_html"),
    path("personen/<int:person_id>/inzage.json", views.export_json, name="export_json"),
    path("huishoudens/<int:pk>/", views.household, name="household"),
    path("huishoudens/<int:pk>/beperken/", views.restrict, name="restrict"),
    path("huishoudens/<int:pk>/opheffen/", views.lift, name="lift"),
    path("huishoudens/<int:pk>/wissen/", views.erase, name="erase"),
]
