from django.urls import path

from wijkteam.zrm import views

app_name = "zrm"

urlpatterns = [
    path("zaak/<int:case_pk>/nieuw/", views.assessment_create, name="assessment_create"),
]
