"""The case-conference pages, under /overleg/. Numeric ids only: never a name in a URL."""

from django.urls import path

from wijkteam.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.index, name="index"),
    path("teams/<int:pk>/", views.team_list, name="team_list"),
    path("teams/<int:pk>/nieuw/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("agendapunten/<int:pk>/conclusie/", views.conclusion_add, name="conclusion_add"),
    path("agendapunten/<int:pk>/actie/", views.action_add, name="action_add"),
]
