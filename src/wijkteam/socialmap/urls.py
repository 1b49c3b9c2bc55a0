"""The social map pages, under /sociale-kaart/. Numeric ids only."""

from django.urls import path

from wijkteam.socialmap import views

app_name = "socialmap"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("importeren/", views.import_csv, name="import"),
    path("exporteren/", views.export_csv, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/wijzigen/", views.edit, name="edit"),
    path("<int:pk>/actief/", views.set_active, name="set_active"),
]
