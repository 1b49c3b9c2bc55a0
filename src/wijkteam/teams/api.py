"""REST API for teams: who is in which team (reference data) and a team's inbox."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.cases.api import CaseListSerializer, case_list_queryset
from wijkteam.cases.selectors import team_inbox
from wijkteam.core.api import error_responses
from wijkteam.teams.models import Membership, Team
from wijkteam.teams.selectors import teams_with_members


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
