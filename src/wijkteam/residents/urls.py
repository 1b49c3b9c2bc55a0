"""The resident's own pages, under /mijn/. No URL names a household: each page is the
resident's own; only a consent to withdraw is named, by its numeric id."""

from django.urls import path

from wijkteam.residents import auth, views

app_name = "residents"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("hoe-gaat-het/", views.zrm, name="zrm"),
    path("wie-keek/", views.file_looks, name="file_looks"),
    path("toestemmingen/", views.consents, name="consents"),
    path("toestemmingen/geven/", views.consent_give, name="consent_give"),
    path("toestemmingen/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("doel/", views.goal_propose, name="goal_propose"),
    path("bericht/", views.note_add, name="note_add"),
    path("buurtsignaal/", views.neighbourhood_signal, name="neighbourhood_signal"),
    # Logging in through the DigiD/eHerkenning broker (OIDC), when it is configured.
    path("digid/", auth.oidc_start, name="oidc_start"),
    path("digid/terug/", auth.oidc_callback, name="oidc_callback"),
    path("digid/geweigerd/", auth.oidc_refused, name="oidc_refused"),
]
