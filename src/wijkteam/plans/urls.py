from django.urls import path

from wijkteam.plans import views

app_name = "plans"

urlpatterns = [
    path("zaak/<int:case_pk>/doelen/", views.goal_add, name="goal_add"),
    path("zaak/<int:case_pk>/versies/", views.revisions, name="revisions"),
    path("zaak/<int:case_pk>/versies/nieuw/", views.revision_create, name="revision_create"),
    path("doelen/<int:pk>/acties/", views.action_add, name="action_add"),
    path("doelen/<int:pk>/trede/", views.step_reason, name="step_reason"),
    path("doelen/<int:pk>/voorzieningen/", views.action_provisions, name="action_provisions"),
    path("doelen/<int:pk>/voorziening/", views.action_provision, name="action_provision"),
    path("acties/<int:pk>/status/", views.action_status, name="action_status"),
]
