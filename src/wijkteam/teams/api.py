"""REST API for teams: who is in which team (reference data), a team's inbox, and for its
coordinator the team's capacity, waiting list and norms (docs/capacity.md)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.access.roles import is_coordinator_of
from wijkteam.cases.api import CaseListSerializer, case_list_queryset
from wijkteam.cases.selectors import team_inbox
from wijkteam.core.api import error_responses, validated
from wijkteam.core.errors import Forbidden
from wijkteam.teams import services
from wijkteam.teams.models import Membership, Team, TeamNorm
from wijkteam.teams.selectors import (
    team_capacity,
    team_norm_get,
    teams_with_members,
)


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__")
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = Membership
        fields = ["id", "name", "function", "organisation", "fte", "is_expert"]


class TeamSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.name")
    members = MemberSerializer(source="active_members", many=True)

    class Meta:
        model = Team
        fields = ["id", "name", "area", "phone", "email", "members"]


NORM_STATUS_HELP = "Against the norm: `over`, `at` or `under` it."


class TeamNormSerializer(serializers.ModelSerializer):
    is_default = serializers.SerializerMethodField(
        help_text="True while the team has the defaults from the settings (version 0)."
    )

    class Meta:
        model = TeamNorm
        fields = [
            "version",
            "caseload_norm",
            "fulltime_hours",
            "first_contact_working_days",
            "plan_term_days",
            "is_default",
        ]

    def get_is_default(self, norm: TeamNorm) -> bool:
        return norm.version == 0


class TeamNormUpdateSerializer(serializers.Serializer):
    caseload_norm = serializers.IntegerField(help_text="Open cases per fte, 1–200.")
    fulltime_hours = serializers.IntegerField(help_text="Hours of a full-time week, 1–60.")
    first_contact_working_days = serializers.IntegerField(
        help_text="First contact within this many working days of the registration, 1–60."
    )
    plan_term_days = serializers.IntegerField(
        help_text="An active plan within this many calendar days of the registration, 1–365."
    )
    expected_version = serializers.IntegerField(
        help_text="The version you last read (0 for the defaults); 409 `stale_version` if it "
        "moved on."
    )


class MemberLoadSerializer(serializers.Serializer):
    membership = serializers.IntegerField(source="membership.pk")
    name = serializers.CharField()
    function = serializers.CharField(source="membership.function")
    organisation = serializers.CharField()
    fte = serializers.DecimalField(max_digits=3, decimal_places=2)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    is_expert = serializers.BooleanField()
    is_coordinator = serializers.BooleanField()
    directed = serializers.IntegerField(help_text="Open cases as case director.")
    as_member = serializers.IntegerField(help_text="Open cases as case member.")
    load = serializers.IntegerField(help_text="Open cases in all: directed plus as member.")
    per_fte = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    capacity = serializers.DecimalField(
        max_digits=6, decimal_places=1, help_text="The norm times the member's fte."
    )
    status = serializers.CharField(help_text=NORM_STATUS_HELP)


class WaitingCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case_id")
    reference = serializers.CharField()
    status = serializers.CharField()
    urgency = serializers.IntegerField()
    registered_on = serializers.DateField()
    working_days_waiting = serializers.IntegerField()
    days_waiting = serializers.IntegerField()
    first_contact_on = serializers.DateField(allow_null=True)
    first_contact_due = serializers.DateField()
    plan_due = serializers.DateField()
    no_first_contact = serializers.BooleanField()
    no_plan = serializers.BooleanField()


class WaitingListSerializer(serializers.Serializer):
    today = serializers.DateField()
    registered = serializers.IntegerField()
    in_intake = serializers.IntegerField()
    no_first_contact = serializers.IntegerField()
    no_plan = serializers.IntegerField()
    flagged = WaitingCaseSerializer(many=True)


class CapacitySerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    team_name = serializers.CharField(source="team.name")
    norm = TeamNormSerializer()
    fte = serializers.DecimalField(max_digits=6, decimal_places=2)
    hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    open_cases = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    per_fte = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    capacity = serializers.DecimalField(max_digits=7, decimal_places=1)
    status = serializers.CharField(help_text=NORM_STATUS_HELP)
    members_over = serializers.IntegerField()
    members = MemberLoadSerializer(many=True)
    waiting = WaitingListSerializer()


@extend_schema_view(
    list=extend_schema(
        summary="Teams with their active members",
        responses={200: TeamSerializer(many=True), **error_responses(401)},
    ),
    retrieve=extend_schema(
        summary="One team with its active members",
        responses={200: TeamSerializer, **error_responses(401, 404)},
    ),
)
class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"
    serializer_class = TeamSerializer
    queryset = Team.objects.none()  # for the schema; requests use the selector

    def get_queryset(self) -> Any:
        return teams_with_members()

    @extend_schema(
        summary="The team's inbox: registrations waiting for intake",
        description="Most urgent first, then longest waiting. Empty unless you are in the team.",
        responses={200: CaseListSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"])
    def inbox(self, request: Request, pk: int) -> Response:
        team = self.get_object()
        cases = case_list_queryset(team_inbox(user=request.user, team=team))
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(
        summary="The team's capacity: members' hours and open cases against the norm, totals "
        "and the waiting list (for the team's coordinator)",
        responses={200: CapacitySerializer, **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"])
    def capacity(self, request: Request, pk: int) -> Response:
        overview = team_capacity(user=request.user, team=self.get_object())
        return Response(CapacitySerializer(overview).data)

    @extend_schema(
        methods=["GET"],
        summary="The team's norms (for the team's coordinator)",
        responses={200: TeamNormSerializer, **error_responses(401, 403, 404)},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Set the team's norms (the team's coordinator); 409 `stale_version` when "
        "someone changed them since you read them",
        request=TeamNormUpdateSerializer,
        responses={200: TeamNormSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["get", "put"])
    def norms(self, request: Request, pk: int) -> Response:
        team = self.get_object()
        if request.method == "GET":
            if not is_coordinator_of(user=request.user, team=team):
                raise Forbidden(
                    _("Only the team coordinator sees the team's norms."), code="not_allowed"
                )
            return Response(TeamNormSerializer(team_norm_get(team=team)).data)
        if not is_coordinator_of(user=request.user, team=team):
            raise Forbidden(
                _("Only the team coordinator sets the team's norms."), code="not_allowed"
            )
        data = validated(TeamNormUpdateSerializer, request)
        norm = services.team_norm_set(actor=request.user, team=team, **data)
        return Response(TeamNormSerializer(norm).data)
