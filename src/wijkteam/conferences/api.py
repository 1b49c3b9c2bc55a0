"""REST API of case conferences: conferences with their agenda, agenda items, conclusions, the
plan actions they lead to, and a team's meeting versus execution time. The same rules as the
pages: the services decide."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.cases.models import Case, CaseConference, ConferenceAgendaItem
from wijkteam.conferences import services
from wijkteam.conferences.selectors import (
    agenda_item_get,
    conference_detail,
    conference_get,
    conference_team_get,
    conferences_visible_to,
    month_bounds,
    team_time_balance,
)
from wijkteam.core.api import error_responses, id_param, validated
from wijkteam.core.errors import DomainError
from wijkteam.plans.api import ActionSerializer
from wijkteam.plans.models import Goal, Performer, Step
from wijkteam.teams.models import Membership


class ConferenceSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    attendees = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CaseConference
        fields = [
            "id",
            "version",
            "team",
            "team_name",
            "held_on",
            "starts_at",
            "duration_minutes",
            "attendees",
            "created_at",
        ]


class ConclusionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    written_by = serializers.CharField()
    written_at = serializers.DateTimeField()


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    case = serializers.IntegerField(source="item.case_id")
    case_reference = serializers.CharField()
    household_reference = serializers.CharField()
    visible = serializers.BooleanField(
        help_text="Whether you may see the household's file now (need-to-know); if not, only "
        "the references are given."
    )
    household_name = serializers.CharField()
    conclusion = ConclusionSerializer(allow_null=True, help_text="The current conclusion.")
    history = ConclusionSerializer(many=True, help_text="Earlier conclusions, newest first.")
    actions = ActionSerializer(many=True)


class AttendeeSerializer(serializers.Serializer):
    membership = serializers.IntegerField(source="membership.pk")
    name = serializers.CharField(source="membership.user")
    function = serializers.CharField(source="membership.function")
    team = serializers.IntegerField(source="membership.team_id")
    outside = serializers.BooleanField(help_text="An expert member or a member of another team.")


class ConferenceDetailSerializer(ConferenceSerializer):
    attendee_details = AttendeeSerializer(many=True)
    agenda = AgendaItemSerializer(many=True)

    class Meta(ConferenceSerializer.Meta):
        fields = [*ConferenceSerializer.Meta.fields, "attendee_details", "agenda"]


class ConferenceCreateSerializer(serializers.Serializer):
    team = serializers.IntegerField(help_text="Id of a team you are a member of.")
    held_on = serializers.DateField()
    starts_at = serializers.TimeField()
    duration_minutes = serializers.IntegerField(
        min_value=services.MIN_DURATION, max_value=services.MAX_DURATION
    )
    attendees = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Membership ids: the team's members, or expert members of other teams.",
    )


class ConferenceUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you last read; 409 if it moved on.")
    held_on = serializers.DateField(required=False)
    starts_at = serializers.TimeField(required=False)
    duration_minutes = serializers.IntegerField(
        required=False, min_value=services.MIN_DURATION, max_value=services.MAX_DURATION
    )
    attendees = serializers.ListField(child=serializers.IntegerField(), required=False)
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Team coordinator only: the reason to share with new outside experts without "
        "a ground (else 409 `sharing_refused`).",
    )


class AgendaItemCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="Id of an open case of the conference's team.")
    override_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AgendaItemCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConferenceAgendaItem
        fields = ["id", "conference", "case", "position", "added_at"]


class ConclusionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.CONCLUSION_MAX_LENGTH)


class ConclusionActionCreateSerializer(serializers.Serializer):
    goal = serializers.IntegerField(help_text="Id of a goal of the case's plan.")
    description = serializers.CharField(max_length=1000, allow_blank=True)
    step = serializers.ChoiceField(choices=Step.choices)
    performer = serializers.ChoiceField(choices=Performer.choices)
    performer_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    step_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    is_fast_track = serializers.BooleanField(default=False)


class TimeBalanceRowSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    function = serializers.CharField()
    outside = serializers.BooleanField()
    meeting_minutes = serializers.IntegerField()
    execution_minutes = serializers.IntegerField()
    ratio = serializers.FloatField(allow_null=True)
    meeting_share = serializers.IntegerField(allow_null=True, help_text="Percentage.")


class TimeBalanceSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    start = serializers.DateField()
    end = serializers.DateField()
    conference_count = serializers.IntegerField()
    conference_minutes = serializers.IntegerField()
    meeting_minutes = serializers.IntegerField(
        help_text="Per attendee: each conference's duration for each attendee, plus contacts "
        "of kind `case_conference`."
    )
    execution_minutes = serializers.IntegerField(help_text="All other contacts' durations.")
    ratio = serializers.FloatField(
        allow_null=True, help_text="Meeting minutes per execution minute."
    )
    meeting_share = serializers.IntegerField(allow_null=True, help_text="Percentage.")
    rows = TimeBalanceRowSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


def _memberships(ids: list[int]) -> list[Membership]:
    found = {m.pk: m for m in Membership.objects.filter(pk__in=ids).select_related("team")}
    if len(found) != len(set(ids)):
        raise DomainError(
            _("Choose attendees from the team, or expert members of other teams."),
            code="invalid_attendee",
            field="attendees",
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


def _detail_data(request: Request, conference: CaseConference) -> dict:
    detail = conference_detail(user=request.user, conference=conference)
    data = ConferenceSerializer(detail.conference).data
    data["attendee_details"] = AttendeeSerializer(detail.attendees, many=True).data
    data["agenda"] = AgendaItemSerializer(detail.rows, many=True).data
    return data


class ConferenceListView(GenericAPIView):
    serializer_class = ConferenceSerializer
    queryset = CaseConference.objects.none()  # for the schema; requests go through selectors

    @extend_schema(
        summary="Case conferences you can see: your teams', and those you attend",
        parameters=[
            OpenApiParameter("team", int, description="Only this team's conferences."),
            OpenApiParameter(
                "upcoming", bool, description="true: from today on; false: before today."
            ),
        ],
        responses={200: ConferenceSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        conferences = conferences_visible_to(user=request.user).prefetch_related("attendees")
        team_text = request.query_params.get("team")
        if team_text and team_text.isdigit():
            # A number that is no team's id (0, or beyond the ids) is a team with no conferences.
            team = id_param(team_text)
            conferences = conferences.filter(team_id=team) if team else conferences.none()
        upcoming = request.query_params.get("upcoming")
        today = timezone.localdate()
        if upcoming == "true":
            conferences = conferences.filter(held_on__gte=today)
        elif upcoming == "false":
            conferences = conferences.filter(held_on__lt=today)
        page = self.paginate_queryset(conferences.order_by("-held_on", "-starts_at", "-pk"))
        return self.get_paginated_response(ConferenceSerializer(page, many=True).data)

    @extend_schema(
        summary="Plan a case conference of a team you are a member of",
        request=ConferenceCreateSerializer,
        responses={201: ConferenceSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = validated(ConferenceCreateSerializer, request)
        team = conference_team_get(user=request.user, pk=data["team"])
        conference = services.conference_create(
            actor=request.user,
            team=team,
            held_on=data["held_on"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            attendees=_memberships(data.get("attendees", [])),
        )
        return Response(ConferenceSerializer(conference).data, status=status.HTTP_201_CREATED)


class ConferenceDetailView(GenericAPIView):
    serializer_class = ConferenceDetailSerializer
    queryset = CaseConference.objects.none()

    @extend_schema(
        summary="A conference with its attendees and agenda: household names, conclusions and "
        "actions only for agenda items whose household's file you may see now",
        responses={200: ConferenceDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail_data(request, conference_get(user=request.user, pk=pk)))

    @extend_schema(
        summary="Change date, time, duration or attendees (members of the team). New outside "
        "experts need a ground for every household on the agenda: 409 `sharing_refused`.",
        request=ConferenceUpdateSerializer,
        responses={200: ConferenceDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        conference = conference_get(user=request.user, pk=pk)
        data = validated(ConferenceUpdateSerializer, request)
        attendees = (
            _memberships(data["attendees"])
            if "attendees" in data
            else list(conference.attendees.select_related("team"))
        )
        conference = services.conference_update(
            actor=request.user,
            conference=conference,
            held_on=data.get("held_on", conference.held_on),
            starts_at=data.get("starts_at", conference.starts_at),
            duration_minutes=data.get("duration_minutes", conference.duration_minutes),
            attendees=attendees,
            expected_version=data["version"],
            override_reason=data.get("override_reason", ""),
        )
        return Response(_detail_data(request, conference))


class ConferenceAgendaItemsView(GenericAPIView):
    serializer_class = AgendaItemCreatedSerializer
    queryset = ConferenceAgendaItem.objects.none()

    @extend_schema(
        summary="Put a case on the agenda: its case director or the team coordinator. With "
        "outside experts attending, 409 `sharing_refused` without a ground.",
        request=AgendaItemCreateSerializer,
        responses={201: AgendaItemCreatedSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        conference = conference_get(user=request.user, pk=pk)
        data = validated(AgendaItemCreateSerializer, request)
        case = (
            Case.objects.select_related("household")
            .filter(pk=data["case"], team_id=conference.team_id)
            .first()
        )
        if case is None:
            raise DomainError(
                _("Choose an open case of the conference's team."),
                code="invalid_case",
                field="case",
            )
        item = services.agenda_item_add(
            actor=request.user,
            conference=conference,
            case=case,
            override_reason=data.get("override_reason", ""),
        )
        return Response(AgendaItemCreatedSerializer(item).data, status=status.HTTP_201_CREATED)


class AgendaItemConclusionsView(GenericAPIView):
    serializer_class = ConclusionSerializer
    queryset = ConferenceAgendaItem.objects.none()

    @extend_schema(
        summary="Write the conclusion about an agenda item (appended; the newest counts)",
        request=ConclusionCreateSerializer,
        responses={201: ConclusionSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        item = agenda_item_get(user=request.user, pk=pk)
        data = validated(ConclusionCreateSerializer, request)
        conclusion = services.conclusion_add(actor=request.user, item=item, text=data["text"])
        return Response(ConclusionSerializer(conclusion).data, status=status.HTTP_201_CREATED)


class AgendaItemActionsView(GenericAPIView):
    serializer_class = ActionSerializer
    queryset = ConferenceAgendaItem.objects.none()

    @extend_schema(
        summary="Add a plan action that the conclusion leads to, under a goal of the case's "
        "plan (the plan's rules apply: 409 `plan_not_editable`, 400 `step_reason_required`)",
        request=ConclusionActionCreateSerializer,
        responses={201: ActionSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        item = agenda_item_get(user=request.user, pk=pk)
        data = validated(ConclusionActionCreateSerializer, request)
        goal = (
            Goal.objects.select_related("plan__case")
            .filter(pk=data.pop("goal"), plan__case_id=item.case_id)
            .first()
        )
        action = services.conclusion_action_add(actor=request.user, item=item, goal=goal, **data)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class TeamTimeBalanceView(GenericAPIView):
    serializer_class = TimeBalanceSerializer

    @extend_schema(
        summary="A team's meeting time versus execution time, per person and in total, for a "
        "period (default: this month); for the team's members",
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD, included"),
        ],
        responses={200: TimeBalanceSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        team = conference_team_get(user=request.user, pk=pk)
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        start, end = month_bounds(timezone.localdate())
        start = period.validated_data.get("start", start)
        end = period.validated_data.get("end", end)
        if end < start or (end - start).days > 366:
            raise DomainError(
                _("Choose a period of at most a year, ending after it starts."),
                code="invalid_period",
                field="end",
            )
        balance = team_time_balance(user=request.user, team=team, start=start, end=end)
        return Response(TimeBalanceSerializer(balance).data)
