"""Neighbourhood signals in the API: list, file, read, close and reopen.

Counts go through ``wijkteam.core.disclosure``: a count below the threshold is ``null`` with
``<name>_suppressed: true`` next to it. No household is ever named or counted below it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.community.models import (
    NeighbourhoodSignal,
    SignalClosure,
    SignalOrigin,
    SignalStatus,
)
from wijkteam.community.selectors import signals as selectors
from wijkteam.community.services import signals as services
from wijkteam.core import disclosure
from wijkteam.core.api import error_responses, id_param, validated
from wijkteam.core.errors import DomainError

VERSION_HELP = "The version you last read; 409 `stale_version` if it moved on."


class DetectionSerializer(serializers.Serializer):
    detected_at = serializers.DateTimeField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    households = serializers.IntegerField(allow_null=True)
    households_suppressed = serializers.BooleanField()
    previous_households = serializers.IntegerField(allow_null=True)
    previous_households_suppressed = serializers.BooleanField()
    trend = serializers.ChoiceField(choices=["rising", "stable", "falling"])
    expected = serializers.FloatField(
        allow_null=True,
        help_text="What the rate of the rest of the municipality gives the neighbourhood; null "
        "with `expected_suppressed` when too few households elsewhere have the theme.",
    )
    expected_suppressed = serializers.BooleanField()
    ratio = serializers.FloatField(allow_null=True)


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    version = serializers.IntegerField()
    team = serializers.IntegerField()
    team_name = serializers.CharField()
    neighbourhood = serializers.IntegerField()
    neighbourhood_name = serializers.CharField()
    theme = serializers.IntegerField(allow_null=True)
    theme_name = serializers.CharField(allow_null=True)
    origin = serializers.ChoiceField(choices=SignalOrigin.choices)
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    closure = serializers.CharField(help_text="`approached`, `no_action`, or empty.")
    closure_note = serializers.CharField()
    description = serializers.CharField(help_text="A filed signal: what was noticed.")
    reported_by = serializers.CharField()
    created_at = serializers.DateTimeField()
    households = serializers.IntegerField(
        allow_null=True,
        help_text="A detected signal: households in the latest period; null for a filed one, "
        "or with `households_suppressed` when below the disclosure threshold.",
    )
    households_suppressed = serializers.BooleanField()
    previous_households = serializers.IntegerField(allow_null=True)
    previous_households_suppressed = serializers.BooleanField()


class SignalDetailSerializer(SignalSerializer):
    detections = DetectionSerializer(many=True, help_text="Newest first.")
    activities = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids of the collective activities."
    )
    may_work = serializers.BooleanField(help_text="Whether you may close or reopen it.")


class SignalFileSerializer(serializers.Serializer):
    neighbourhood = serializers.IntegerField(help_text="Id of a neighbourhood of your team's area.")
    theme = serializers.IntegerField(required=False, allow_null=True)
    origin = serializers.ChoiceField(choices=services.FILING_ORIGIN_CHOICES)
    description = serializers.CharField(
        max_length=services.DESCRIPTION_MAX_LENGTH,
        help_text="What was noticed. Never names or house numbers.",
    )
    reported_by = serializers.CharField(max_length=150, required=False, allow_blank=True)


class SignalCloseSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    closure = serializers.ChoiceField(choices=SignalClosure.choices)
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Required with `no_action`.",
    )


class SignalReopenSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    note = serializers.CharField(max_length=2000, help_text="Why it is reopened.")


def _count(name: str, value: Any) -> dict[str, Any]:
    return {
        name: disclosure.api_value(value),
        f"{name}_suppressed": isinstance(value, disclosure.Suppressed),
    }


def _present(signal: NeighbourhoodSignal) -> dict[str, Any]:
    households, previous = selectors.signal_counts(signal)
    return {
        "id": signal.pk,
        "reference": signal.reference,
        "version": signal.version,
        "team": signal.team_id,
        "team_name": signal.team.name,
        "neighbourhood": signal.neighbourhood_id,
        "neighbourhood_name": signal.neighbourhood.name,
        "theme": signal.theme_id,
        "theme_name": signal.theme.name if signal.theme else None,
        "origin": signal.origin,
        "status": signal.status,
        "closure": signal.closure,
        "closure_note": signal.closure_note,
        "description": signal.description,
        "reported_by": signal.reported_by,
        "created_at": signal.created_at,
        **_count("households", households),
        **_count("previous_households", previous),
    }


def _detail(request: Request, pk: int) -> dict[str, Any]:
    page = selectors.signal_page(user=request.user, pk=pk)
    detections = [
        {
            "detected_at": figures.detected_at,
            "period_start": figures.period_start,
            "period_end": figures.period_end,
            **_count("households", figures.households),
            **_count("previous_households", figures.previous_households),
            "trend": figures.trend,
            **_count("expected", figures.expected),
            "ratio": disclosure.api_value(figures.ratio),
        }
        for figures in page.detections
    ]
    return {
        **_present(page.signal),
        "detections": detections,
        "activities": [activity.pk for activity in page.activities],
        "may_work": page.may_work,
    }


class SignalListView(GenericAPIView):
    serializer_class = SignalSerializer
    queryset = NeighbourhoodSignal.objects.none()  # for the schema; reads go through selectors
    filter_backends: list = []

    @extend_schema(
        summary="The neighbourhood signals of your teams (every team for a policy advisor), "
        "newest first; filter by `team` (id) and `status`",
        parameters=[
            OpenApiParameter("team", int, required=False, description="Team id."),
            OpenApiParameter(
                "status", str, required=False, enum=SignalStatus.values, description="Status."
            ),
        ],
        responses={200: SignalSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        selectors.signals_reader_require(user=request.user)
        team_text = request.query_params.get("team", "")
        state = request.query_params.get("status", "")
        team = id_param(team_text)
        if team_text and team is None:
            raise DomainError(_("Give a team id."), code="invalid", field="team")
        if state and state not in SignalStatus.values:
            raise DomainError(_("Unknown status."), code="invalid", field="status")
        signals = selectors.signals_visible_to(user=request.user, team=team, status=state)
        page = self.paginate_queryset(signals)
        return self.get_paginated_response(
            SignalSerializer([_present(s) for s in page], many=True).data
        )

    @extend_schema(
        summary="File a neighbourhood signal for a neighbourhood of your team's area (team "
        "members). Describe what was noticed; never names or house numbers.",
        request=SignalFileSerializer,
        responses={201: SignalDetailSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        services.filer_require(actor=request.user)
        data = validated(SignalFileSerializer, request)
        neighbourhood = Neighbourhood.objects.filter(pk=data["neighbourhood"]).first()
        if neighbourhood is None:
            raise DomainError(
                _("Unknown neighbourhood."), code="unknown_neighbourhood", field="neighbourhood"
            )
        theme = None
        if data.get("theme"):
            theme = Theme.objects.filter(pk=data["theme"]).first()
            if theme is None:
                raise DomainError(_("Unknown theme."), code="unknown_theme", field="theme")
        signal = services.signal_file(
            actor=request.user,
            neighbourhood=neighbourhood,
            theme=theme,
            origin=data["origin"],
            description=data["description"],
            reported_by=data.get("reported_by", ""),
        )
        body = SignalDetailSerializer(_detail(request, signal.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class SignalDetailView(GenericAPIView):
    serializer_class = SignalDetailSerializer
    queryset = NeighbourhoodSignal.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="One neighbourhood signal, with its detections (counts below the disclosure "
        "threshold are null and flagged) and the ids of the activities answering it",
        responses={200: SignalDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        selectors.signals_reader_require(user=request.user)
        return Response(SignalDetailSerializer(_detail(request, pk)).data)


class SignalCloseView(GenericAPIView):
    serializer_class = SignalDetailSerializer
    queryset = NeighbourhoodSignal.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Close a signal (community worker or coordinator of its team): `approached`, "
        "or `no_action` with the reason in `note`. 409 `stale_version` or "
        "`invalid_transition`.",
        request=SignalCloseSerializer,
        responses={200: SignalDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        selectors.signals_reader_require(user=request.user)
        signal = selectors.signal_get(user=request.user, pk=pk)
        services.worker_require(actor=request.user, signal=signal)
        data = validated(SignalCloseSerializer, request)
        services.signal_close(
            actor=request.user,
            signal=signal,
            closure=data["closure"],
            note=data.get("note", ""),
            expected_version=data["version"],
        )
        return Response(SignalDetailSerializer(_detail(request, pk)).data)


class SignalReopenView(GenericAPIView):
    serializer_class = SignalDetailSerializer
    queryset = NeighbourhoodSignal.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Reopen a closed signal, saying why (community worker or coordinator). 409 "
        "`stale_version` or `invalid_transition`.",
        request=SignalReopenSerializer,
        responses={200: SignalDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        selectors.signals_reader_require(user=request.user)
        signal = selectors.signal_get(user=request.user, pk=pk)
        services.worker_require(actor=request.user, signal=signal)
        data = validated(SignalReopenSerializer, request)
        services.signal_reopen(
            actor=request.user,
            signal=signal,
            note=data["note"],
            expected_version=data["version"],
        )
        return Response(SignalDetailSerializer(_detail(request, pk)).data)
