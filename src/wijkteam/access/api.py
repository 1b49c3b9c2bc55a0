"""The access model in the API: hit/no-hit, a household known to the team, emergency access."""

from __future__ import annotations

from dataclasses import asdict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.access import services
from wijkteam.access.models import EmergencyAccess
from wijkteam.access.selectors import (
    emergency_accesses_for_coordinator,
    household_known_get,
    households_known_to,
    known_lookup,
)
from wijkteam.core.api import error_responses, validated, visible_get
from wijkteam.core.errors import Forbidden


class KnownLookupSerializer(serializers.Serializer):
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=7)
    house_number = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=99999
    )
    house_number_suffix = serializers.CharField(required=False, allow_blank=True, max_length=10)
    bsn = serializers.CharField(required=False, allow_blank=True, max_length=11)


class TeamContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class KnownLookupResultSerializer(serializers.Serializer):
    hit = serializers.BooleanField()
    teams = TeamContactSerializer(many=True)


class KnownLookupView(APIView):
    """Is this address or BSN known to a team? Hit or no-hit with the team's contact; logged."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Ask whether an address or BSN is known to a team (hit/no-hit)",
        request=KnownLookupSerializer,
        responses={200: KnownLookupResultSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = validated(KnownLookupSerializer, request)
        result = known_lookup(user=request.user, **data)
        return Response(KnownLookupResultSerializer(asdict(result)).data)


class KnownHouseholdSerializer(serializers.Serializer):
    household_id = serializers.IntegerField()
    reference = serializers.CharField()
    team_name = serializers.CharField()
    case_reference = serializers.CharField()
    status_label = serializers.CharField()
    director_name = serializers.CharField()
    director_function = serializers.CharField()
    visible = serializers.BooleanField(help_text="Whether you see the household's file.")


class KnownHouseholdView(APIView):
    """What a team member may know of a household of their team whose file they do not see."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="A household of your team: who directs it (not its file)",
        responses={200: KnownHouseholdSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(
            KnownHouseholdSerializer(household_known_get(user=request.user, pk=pk)).data
        )


class EmergencyAccessSerializer(serializers.ModelSerializer):
    household_reference = serializers.CharField(source="household.reference", read_only=True)
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = EmergencyAccess
        fields = [
            "id",
            "household",
            "household_reference",
            "user",
            "user_name",
            "reason",
            "started_at",
            "expires_at",
            "ended_at",
            "is_active",
        ]


class EmergencyAccessRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class EmergencyAccessStartView(APIView):
    """Break the glass: open a household's file of your own team for a stated reason."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Start emergency access to a household of your team",
        request=EmergencyAccessRequestSerializer,
        responses={201: EmergencyAccessSerializer, **error_responses(400, 401, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        # Who may not break in learns nothing, not even which fields a request needs: 404 first.
        household = visible_get(households_known_to(user=request.user), pk)
        data = validated(EmergencyAccessRequestSerializer, request)
        access = services.emergency_access_start(
            actor=request.user, household=household, reason=data["reason"]
        )
        return Response(EmergencyAccessSerializer(access).data, status=status.HTTP_201_CREATED)


class EmergencyAccessListView(APIView):
    """Emergency access to the households of the teams you coordinate."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Emergency access in your teams (team coordinator only), newest first",
        responses={200: EmergencyAccessSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        if not request.user.memberships.filter(is_active=True, is_coordinator=True).exists():
            raise Forbidden(_("Only a team coordinator sees the team's emergency access."))
        accesses = emergency_accesses_for_coordinator(user=request.user)[:500]
        return Response(EmergencyAccessSerializer(accesses, many=True).data)
