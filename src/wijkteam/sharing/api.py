"""REST API for grounds for sharing: list and record per household, withdraw one.

The same rule as the web pages: professionals who see the household's content, and the
household's own resident (who records and withdraws only consent).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.core.api import error_responses, validated
from wijkteam.core.errors import DomainError
from wijkteam.sharing import services
from wijkteam.sharing.models import Basis, LegalTask, Party, Purpose, SharingGround
from wijkteam.sharing.selectors import (
    sharing_ground_get,
    sharing_grounds_for,
    sharing_household_get,
)


class SharingGroundSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = SharingGround
        fields = [
            "id",
            "version",
            "household",
            "party",
            "party_name",
            "purpose",
            "purpose_detail",
            "basis",
            "consent_given_on",
            "consent_scope",
            "consent_by",
            "legal_task",
            "legal_task_other",
            "recorded_at",
            "recorded_by",
            "is_active",
            "withdrawn_at",
            "withdrawal_reason",
        ]

    def get_recorded_by(self, ground: SharingGround) -> str:
        return str(ground.recorded_by)


class SharingGroundCreateSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=Party.choices)
    party_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    purpose_detail = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Needed for purpose `other`."
    )
    basis = serializers.ChoiceField(choices=Basis.choices)
    consent_given_on = serializers.DateField(
        required=False, allow_null=True, help_text="With basis `consent`: required."
    )
    consent_scope = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="With basis `consent`: required; what may be shared.",
    )
    consent_by = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="With basis `consent`: the id of the household member who gave it (optional; "
        "a resident records their own).",
    )
    legal_task = serializers.ChoiceField(
        choices=LegalTask.choices,
        required=False,
        allow_blank=True,
        help_text="With basis `legal_task`: required.",
    )
    legal_task_other = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="With legal task `other`: the law and article.",
    )


class SharingGroundWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Required for professionals; a resident withdrawing consent need not say why.",
    )
    expected_version = serializers.IntegerField(
        help_text="The version you last read; 409 `stale_version` if it moved on."
    )


class HouseholdSharingGroundsView(GenericAPIView):
    # The household's own resident uses this too (the default keeps residents out).
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SharingGroundSerializer
    queryset = SharingGround.objects.none()  # for the schema; requests go through the selectors

    @extend_schema(
        summary="Grounds for sharing of a household, newest first (active and withdrawn)",
        responses={200: SharingGroundSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        household = sharing_household_get(user=request.user, pk=pk)
        grounds = sharing_grounds_for(user=request.user, household=household)
        page = self.paginate_queryset(grounds)
        return self.get_paginated_response(SharingGroundSerializer(page, many=True).data)

    @extend_schema(
        summary="Record a ground for sharing: consent or a legal task",
        request=SharingGroundCreateSerializer,
        responses={201: SharingGroundSerializer, **error_responses(400, 401, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        household = sharing_household_get(user=request.user, pk=pk)
        data = validated(SharingGroundCreateSerializer, request)
        consent_by = None
        if data.get("consent_by") is not None:
            # Looked up in this household only, so the id cannot probe other households.
            consent_by = household.members.filter(pk=data["consent_by"]).first()
            if consent_by is None:
                raise DomainError(
                    _("Choose a member of this household."),
                    code="invalid_person",
                    field="consent_by",
                )
        ground = services.sharing_ground_record(
            actor=request.user,
            household=household,
            party=data["party"],
            purpose=data["purpose"],
            basis=data["basis"],
            party_name=data.get("party_name", ""),
            purpose_detail=data.get("purpose_detail", ""),
            consent_given_on=data.get("consent_given_on"),
            consent_scope=data.get("consent_scope", ""),
            consent_by=consent_by,
            legal_task=data.get("legal_task", ""),
            legal_task_other=data.get("legal_task_other", ""),
        )
        return Response(SharingGroundSerializer(ground).data, status=status.HTTP_201_CREATED)


class SharingGroundWithdrawView(GenericAPIView):
    # The household's own resident uses this too (the default keeps residents out).
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SharingGroundSerializer
    queryset = SharingGround.objects.none()

    @extend_schema(
        summary="Withdraw a ground for sharing (consent, or a legal task that no longer applies)",
        request=SharingGroundWithdrawSerializer,
        responses={200: SharingGroundSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        ground = sharing_ground_get(user=request.user, pk=pk)
        data = validated(SharingGroundWithdrawSerializer, request)
        ground = services.sharing_ground_withdraw(
            actor=request.user,
            ground=ground,
            reason=data.get("reason", ""),
            expected_version=data["expected_version"],
        )
        return Response(SharingGroundSerializer(ground).data)
