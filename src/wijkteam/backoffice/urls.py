"""The back-office pages, under /backoffice/. Numeric ids only: never a name in a URL."""

from django.urls import path

from wijkteam.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.index, name="index"),
    path("zaken/<int:case_pk>/advies/", views.advice_create, name="advice_create"),
    path("adviezen/<int:pk>/", views.advice_detail, name="advice"),
    path("adviezen/<int:pk>/bewerken/", views.advice_edit, name="advice_edit"),
    path("adviezen/<int:pk>/intrekken/", views.advice_withdraw, name="advice_withdraw"),
    path("adviezen/<int:pk>/besluit/", views.advice_decide, name="advice_decide"),
    path("huishoudens/<int:pk>/", views.household, name="household"),
    path("huishoudens/<int:pk>/contactpersoon/", views.contact_assign, name="contact_assign"),
    path("zaken/<int:case_pk>/doorbraak/", views.breakthrough_create, name="breakthrough_create"),
    path("doorbraken/<int:pk>/", views.breakthrough_detail, name="breakthrough"),
    path("doorbraken/<int:pk>/stap/", views.breakthrough_step, name="breakthrough_step"),
]
