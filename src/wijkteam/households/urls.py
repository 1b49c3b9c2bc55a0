from django.urls import path

from wijkteam.households import views

app_name = "households"

urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/adres/", views.address_edit, name="address_edit"),
    path("<int:pk>/personen/nieuw/", views.person_add, name="person_add"),
    path("personen/<int:pk>/", views.person_edit, name="person_edit"),
]
