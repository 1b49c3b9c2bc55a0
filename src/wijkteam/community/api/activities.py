"""Collective activities in the API: list, create, read, change, participation, signals, end.

The route counts (plan actions pointing to the activity, households reached) come through
``wijkteam.core.disclosure``: below the threshold the figure is ``null`` with a
``*_suppressed`` flag next to it. Participation figures are the community worker's tallies
and come as entered.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import Theme
from wijkteam.community.models import (
    ActivityKind,
    ActivityOutcome,
    ActivityStatus,
    CollectiveActivity,
    NeighbourhoodSignal,
    Participation,
)
from wijkteam.community.roles import teams_readable_by, teams_worked_by
from wijkteam.community.selectors.activities import (
    activities_filter,
    activities_visible_to,
    activity_get,
    activity_route_counts,
)
from wijkteam.community.services import activities as services
from wijkteam.core.api import VisibleRelatedField, error_responses, validated
from wijkteam.core.disclosure import Suppressed, api_value
from wijkteam.core.errors import Forbidden
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.selectors import provisions_visible_to
from wijkteam.teams.models import Team

VERSION_HELP = "The version you last read; 409 `stale_version` if it moved on."


def _all_neighbourhoods(*, user) -> object:
    return Neighbourhood.objects.all()


def _all_themes(*, user) -> object:
    return Theme.objects.all()


def _signals_readable(*, user) -> object:
    return NeighbourhoodSignal.objects.filter(team__in=teams_readable_by(user=user))


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participation
        fields = ["id", "on", "participants", "new_participants", "volunteers", "note"]


class RouteCountsSerializer(serializers.Serializer):
    actions = serializers.IntegerField(
        allow_null=True, help_text="Plan actions that point to the activity; null if suppressed."
    )
    actions_suppressed = serializers.BooleanField()
    households = serializers.IntegerField(
        allow_null=True, help_text="Households those actions belong to; null if suppressed."
    )
    households_suppressed = serializers.BooleanField()
    signals = serializers.IntegerField(help_text="Signals the activity answers.")


class ActivitySerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(read_only=True)
    neighbourhoods = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    signals = serializers.SerializerMethodField(help_text="Ids of the signals it answers.")
    provisions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CollectiveActivity
        fields = [
            "id",
            "version",
            "reference",
            "team",
            "kind",
            "name",
            "description",
            "neighbourhoods",
            "themes",
            "signals",
            "provisions",
            "starts_on",
            "ends_on",
            "status",
            "outcome",
            "outcome_note",
            "created_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_signals(self, activity: CollectiveActivity) -> list[int]:
        return [link.signal_id for link in activity.activitysignal_set.all()]


class ActivityDetailSerializer(ActivitySerializer):
    participations = ParticipationSerializer(many=True, read_only=True)
    route = serializers.SerializerMethodField()

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "participations", "route"]

    @extend_schema_field(RouteCountsSerializer)
    def get_route(self, activity: CollectiveActivity) -> dict:
        counts = activity_route_counts(activity=activity)
        return RouteCountsSerializer(
            {
                "actions": api_value(counts.actions),
                "actions_suppressed": isinstance(counts.actions, Suppressed),
                "households": api_value(counts.households),
                "households_suppressed": isinstance(counts.households, Suppressed),
                "signals": counts.signals,
            }
        ).data


class ActivityWriteSerializer(serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), help_text="A team you do community work in."
    )
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    name = serializers.CharField(max_length=150, allow_blank=True)
    description = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Required for `municipality_request`: what is asked, and why.",
    )
    neighbourhoods = VisibleRelatedField(
        selector=_all_neighbourhoods,
        model=Neighbourhood,
        many=True,
        required=False,
        help_text="Neighbourhood ids in the team's area; none: the whole area.",
    )
    themes = VisibleRelatedField(selector=_all_themes, model=Theme, many=True, required=False)
    signals = VisibleRelatedField(
        selector=_signals_readable,
        model=NeighbourhoodSignal,
        many=True,
        required=False,
        help_text="Signal ids of the team; linking takes them up.",
    )
    provisions = VisibleRelatedField(
        selector=provisions_visible_to,
        model=Provision,
        many=True,
        required=False,
        help_text="Ids of active provisions of the social map it creates or uses.",
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class ActivityUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
    name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    neighbourhoods = VisibleRelatedField(
        selector=_all_neighbourhoods, model=Neighbourhood, many=True, required=False
    )
    themes = VisibleRelatedField(selector=_all_themes, model=Theme, many=True, required=False)
    provisions = VisibleRelatedField(
        selector=provisions_visible_to,
        model=Provision,
        many=True,
        required=False,
        help_text="The full list of linked provisions: ids left out are unlinked.",
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class ParticipationCreateSerializer(serializers.Serializer):
    on = serializers.DateField()
    participants = serializers.IntegerField(min_value=0)
    new_participants = serializers.IntegerField(min_value=0, required=False, default=0)
    volunteers = serializers.IntegerField(min_value=0, required=False, default=0)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SignalLinkSerializer(serializers.Serializer):
    signal = VisibleRelatedField(selector=_signals_readable, model=NeighbourhoodSignal)


class ActivityEndSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    outcome = serializers.ChoiceField(choices=ActivityOutcome.choices)
    outcome_note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for `not_reached`: why.",
    )
    ends_on = serializers.DateField(required=False, allow_null=True)


class ActivityFilterSerializer(serializers.Serializer):
    team = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    status = serializers.ChoiceField(
        choices=ActivityStatus.choices, required=False, allow_blank=True
    )
    kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False, allow_blank=True)
    theme = serializers.IntegerField(required=False, allow_null=True, min_value=1)


def _detail(request: Request, pk: int) -> dict:
    return ActivityDetailSerializer(activity_get(user=request.user, pk=pk)).data


class ActivityListView(GenericAPIView):
    serializer_class = ActivitySerializer
    queryset = CollectiveActivity.objects.none()  # for the schema; requests use the selectors
    filter_backends: list = []

    @extend_schema(
        summary="Collective activities of the teams you may read, newest first",
        parameters=[
            OpenApiParameter("team", int, description="Team id."),
            OpenApiParameter("status", str, enum=ActivityStatus.values),
            OpenApiParameter("kind", str, enum=ActivityKind.values),
            OpenApiParameter("theme", int, description="Theme id."),
        ],
        responses={200: ActivitySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = ActivityFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = {k: v for k, v in filters.validated_data.items() if v not in (None, "")}
        queryset = activities_filter(
            activities_visible_to(user=request.user).prefetch_related(
                "activitysignal_set", "provisions"
            ),
            **data,
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ActivitySerializer(page, many=True).data)

    @extend_schema(
        summary="Start a collective activity (community worker or coordinator of the team); "
        "the signals linked are taken up",
        request=ActivityWriteSerializer,
        responses={201: ActivityDetailSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        if not teams_worked_by(user=request.user).exists():
            raise Forbidden(
                _("Only community workers and coordinators start collective activities."),
                code="not_community_worker",
            )
        data = validated(ActivityWriteSerializer, request)
        team = data.pop("team")
        services.activity_worker_require(actor=request.user, team=team)
        activity = services.activity_create(actor=request.user, team=team, **data)
        return Response(_detail(request, activity.pk), status=status.HTTP_201_CREATED)


class ActivityDetailView(GenericAPIView):
    serializer_class = ActivityDetailSerializer
    queryset = CollectiveActivity.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="One collective activity, with its participation and the route counts",
        responses={200: ActivityDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(request, pk))

    @extend_schema(
        summary="Change an activity that has not ended: only the fields sent. 409 "
        "`stale_version` when someone changed it since `version`.",
        request=ActivityUpdateSerializer,
        responses={200: ActivityDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        activity = activity_get(user=request.user, pk=pk)
        services.activity_worker_require(actor=request.user, team=activity.team_id)
        data = validated(ActivityUpdateSerializer, request)
        version = data.pop("version")
        provisions = data.pop("provisions", None)
        activity = services.activity_update(
            actor=request.user, activity=activity, expected_version=version, **data
        )
        if provisions is not None:
            services.activity_provisions_set(
                actor=request.user, activity=activity, provisions=provisions
            )
        return Response(_detail(request, pk))


class ActivityParticipationsView(GenericAPIView):
    serializer_class = ParticipationSerializer
    queryset = Participation.objects.none()

    @extend_schema(
        summary="Record a count of who took part (numbers, never names); a planned activity "
        "is running from its first count",
        request=ParticipationCreateSerializer,
        responses={201: ParticipationSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = activity_get(user=request.user, pk=pk)
        services.activity_worker_require(actor=request.user, team=activity.team_id)
        data = validated(ParticipationCreateSerializer, request)
        participation = services.participation_add(actor=request.user, activity=activity, **data)
        return Response(ParticipationSerializer(participation).data, status=status.HTTP_201_CREATED)


class ActivitySignalsView(GenericAPIView):
    serializer_class = ActivityDetailSerializer
    queryset = CollectiveActivity.objects.none()

    @extend_schema(
        summary="Link a signal of the team: the activity answers it, and it is taken up",
        request=SignalLinkSerializer,
        responses={200: ActivityDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = activity_get(user=request.user, pk=pk)
        services.activity_worker_require(actor=request.user, team=activity.team_id)
        data = validated(SignalLinkSerializer, request)
        services.activity_link_signal(actor=request.user, activity=activity, signal=data["signal"])
        return Response(_detail(request, pk))


class ActivityEndView(GenericAPIView):
    serializer_class = ActivityDetailSerializer
    queryset = CollectiveActivity.objects.none()

    @extend_schema(
        summary="End the activity with its outcome (`outcome_note` required for "
        "`not_reached`). 409 `stale_version` or `invalid_transition`.",
        request=ActivityEndSerializer,
        responses={200: ActivityDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = activity_get(user=request.user, pk=pk)
        services.activity_worker_require(actor=request.user, team=activity.team_id)
        data = validated(ActivityEndSerializer, request)
        services.activity_end(
            actor=request.user,
            activity=activity,
            outcome=data["outcome"],
            outcome_note=data["outcome_note"],
            ends_on=data.get("ends_on"),
            expected_version=data["version"],
        )
        return Response(_detail(request, pk))
