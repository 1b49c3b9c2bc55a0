"""Root URL configuration: the web UI per app, the REST API under /api/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wijkteam.core import views as core_views
from wijkteam.core.api import ApiDocsView

urlpatterns = [
    path("", core_views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweestap/", include("wijkteam.accounts.urls")),
    path("zaken/", include("wijkteam.cases.urls")),
    path("huishoudens/", include("wijkteam.households.urls")),
    path("plannen/", include("wijkteam.plans.urls")),
    path("zrm/", include("wijkteam.zrm.urls")),
    path("logboek/", include("wijkteam.audit.urls")),
    path("toegang/", include("wijkteam.access.urls")),
    path("delen/", include("wijkteam.sharing.urls")),
    path("mijn/", include("wijkteam.residents.urls")),
    path("rechten/", include("wijkteam.rights.urls")),
    path("budget/", include("wijkteam.budget.urls")),
    path("backoffice/", include("wijkteam.backoffice.urls")),
    path("teams/", include("wijkteam.teams.urls")),
    path("sociale-kaart/", include("wijkteam.socialmap.urls")),
    path("overleg/", include("wijkteam.conferences.urls")),
    path("buurt/", include("wijkteam.community.urls")),
    path("monitoring/", include("wijkteam.monitoring.urls")),
    path("kenniskring/", include("wijkteam.knowledgenetwork.urls")),
    path("taken/", include("wijkteam.jobs.urls")),
    path("api/", include("wijkteam.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

handler400 = "wijkteam.core.views.bad_request"
handler403 = "wijkteam.core.views.permission_denied"
handler404 = "wijkteam.core.views.page_not_found"
handler500 = "wijkteam.core.views.server_error"
