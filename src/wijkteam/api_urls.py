"""REST API routes under /api/; each app's ``api.py`` holds its serializers and views.

Resources with a list and a detail are router viewsets; steps and sub-resources of one object
are explicit paths. Every id in a URL is numeric: no names, BSNs or search terms in URLs.
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wijkteam.areas.api import AreaViewSet
from wijkteam.audit.api import AccessLogEntryListView
from wijkteam.cases.api import CaseViewSet, RegistrationView
from wijkteam.core.api import TokenObtainView
from wijkteam.households.api import HouseholdViewSet, PersonDetailView
from wijkteam.plans.api import (
    ActionDetailView,
    CaseGoalsView,
    CasePlanRevisionsView,
    GoalActionsView,
    PlanRevisionCompareView,
)
from wijkteam.teams.api import TeamViewSet
from wijkteam.zrm.api import CaseAssessmentsView, ZrmMatrixView

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("households", HouseholdViewSet, basename="household")
router.register("cases", CaseViewSet, basename="case")
router.register("teams", TeamViewSet, basename="team")
router.register("areas", AreaViewSet, basename="area")

urlpatterns = [
    path("token/", TokenObtainView.as_view(), name="api-token"),
    path("registrations/", RegistrationView.as_view(), name="api-registration"),
    path("persons/<int:pk>/", PersonDetailView.as_view(), name="api-person"),
    path("cases/<int:pk>/assessments/", CaseAssessmentsView.as_view(), name="api-assessments"),
    path("cases/<int:pk>/goals/", CaseGoalsView.as_view(), name="api-goals"),
    path(
        "cases/<int:pk>/plan/revisions/",
        CasePlanRevisionsView.as_view(),
        name="api-plan-revisions",
    ),
    path("goals/<int:pk>/actions/", GoalActionsView.as_view(), name="api-goal-actions"),
    path("actions/<int:pk>/", ActionDetailView.as_view(), name="api-action"),
    path(
        "plan-revisions/compare/",
        PlanRevisionCompareView.as_view(),
        name="api-plan-revision-compare",
    ),
    path("zrm/matrix/", ZrmMatrixView.as_view(), name="api-zrm-matrix"),
    path("audit/entries/", AccessLogEntryListView.as_view(), name="api-audit-entries"),
    # Apps that keep their own API routes.
    path("", include("wijkteam.cases.api_urls")),
    path("", include("wijkteam.access.api_urls")),
    path("", include("wijkteam.sharing.api_urls")),
    path("", include("wijkteam.rights.api_urls")),
    path("", include("wijkteam.budget.api_urls")),
    path("", include("wijkteam.backoffice.api_urls")),
    path("", include("wijkteam.socialmap.api_urls")),
    path("", include("wijkteam.conferences.api_urls")),
    path("", include("wijkteam.community.api_urls")),
    path("", include("wijkteam.monitoring.api_urls")),
    path("", include("wijkteam.knowledgenetwork.api_urls")),
    *router.urls,
]
