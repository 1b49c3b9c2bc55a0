from django.urls import path

from wijkteam.plans import views

app_name = "plans"

urlpatterns = [
    path("zaak/<int:case_pk>/doelen/", views.goal_add, name="goal_add"),
    path("zaak/<int:case_pk>/versies/", views.revisions, name="revisions"),
    path("zaak/<int:case_pk>/versies/nieuw/", views.revision_create, name="revision_create"),
    path("doelen/<int:pk>/acties/", views.action_add, name="action_add"),
    path("doelen/<int:pk>/trede/", views.step_reason, name="step_reason"),
    path("acties/<int:pk>/status/", views.action_status, name="action_status"),
]
