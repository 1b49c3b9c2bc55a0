"""REST API for registrations and cases: lists, the case file and every step of its life cycle.

Each step is its own endpoint (``/intake/``, ``/close/``, …) with its own body, mirroring the
services; the transition table in ``lifecycle`` decides what is allowed, and a refused step is
a 409 ``illegal_transition``. Steps that change the case take the ``version`` the client last
read, so two people acting on one case never overwrite each other silently.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.access.selectors import households_known_to
from wijkteam.accounts.models import User
from wijkteam.cases import services
from wijkteam.cases.lifecycle import (
    CloseReason,
    ReopenReason,
    Status,
    StopReason,
    TransferReason,
    Transition,
    allowed_transitions,
)
from wijkteam.cases.models import (
    Case,
    CaseTheme,
    Channel,
    Contact,
    ContactKind,
    Source,
    StatusChange,
    Urgency,
)
from wijkteam.cases.selectors import case_get, caseload_for, cases_visible_to
from wijkteam.core.api import VisibleRelatedField, error_responses, validated
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.api import PersonInputSerializer, TeamRefSerializer
from wijkteam.households.models import Household
from wijkteam.plans.api import PlanSerializer
from wijkteam.plans.models import Action, Goal, Outcome
from wijkteam.teams.models import Membership, Team

VERSION_HELP = "The version you last read; 409 `stale_version` if it moved on."


# Presenting ----------------------------------------------------------------------------------


class MemberRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__")

    class Meta:
        model = Membership
        fields = ["id", "name", "function"]


class HouseholdRefSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()

    class Meta:
        model = Household
        fields = ["id", "reference"]


class CaseListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()
    household = HouseholdRefSerializer()
    team = TeamRefSerializer()
    director = MemberRefSerializer(allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "version",
            "reference",
            "status",
            "household",
            "team",
            "director",
            "urgency",
            "domains",
            "source",
            "registered_at",
            "status_changed_at",
            "closed_at",
        ]


class RegistrationDetailSerializer(serializers.ModelSerializer):
    registered_by = serializers.StringRelatedField()

    class Meta:
        model = Case
        fields = [
            "source",
            "channel",
            "domains",
            "urgency",
            "question",
            "registered_at",
            "registered_by",
        ]


class CaseThemeSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="theme.code")
    name = serializers.CharField(source="theme.name")
    is_active = serializers.BooleanField(source="theme.is_active")

    class Meta:
        model = CaseTheme
        fields = ["code", "name", "is_active", "added_at"]


class StatusChangeSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = StatusChange
        fields = ["id", "transition", "from_status", "to_status", "reason", "note", "by", "at"]


class CaseDetailSerializer(CaseListSerializer):
    allowed_transitions = serializers.SerializerMethodField()
    registration = RegistrationDetailSerializer(source="*")
    themes = CaseThemeSerializer(
        source="case_themes", many=True, help_text="Set with `PUT /api/cases/{id}/themes/`."
    )
    plan = serializers.SerializerMethodField()
    status_history = StatusChangeSerializer(source="status_changes", many=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "allowed_transitions",
            "registration",
            "themes",
            "plan",
            "status_history",
        ]

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Transition.choices))
    )
    def get_allowed_transitions(self, case: Case) -> list[str]:
        return allowed_transitions(case.status)

    @extend_schema_field(PlanSerializer(allow_null=True))
    def get_plan(self, case: Case) -> dict | None:
        plan = getattr(case, "plan", None)  # a case gets its plan at intake
        return PlanSerializer(plan).data if plan else None


class ContactSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = Contact
        fields = ["id", "case", "kind", "date", "duration_minutes", "note", "by", "created_at"]


class RegistrationResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    team = TeamRefSerializer(help_text="The team the question was routed to.")
    case = CaseDetailSerializer(
        allow_null=True,
        help_text="Empty when the case went to a team whose cases you may not see.",
    )


class TransferResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    case = CaseDetailSerializer(
        allow_null=True,
        help_text="Empty when the household moved to a team whose cases you may not see.",
    )


def case_list_queryset(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a case list shows, in a fixed number of queries."""
    return cases.select_related("household", "team", "director__user")


def case_detail(*, user: User, pk: int) -> Case:
    """The case file, if ``user`` may see it (else 404), with everything its detail shows."""
    case = case_get(user=user, pk=pk)
    prefetch_related_objects(
        [case],
        Prefetch("status_changes", queryset=StatusChange.objects.select_related("by")),
        Prefetch(
            "case_themes",
            queryset=CaseTheme.objects.select_related("theme").order_by("theme__name"),
        ),
        "registered_by",
    )
    plan = getattr(case, "plan", None)
    if plan is not None:
        goals = Goal.objects.prefetch_related(
            Prefetch("actions", queryset=Action.objects.order_by("step", "created_at", "pk"))
        )
        prefetch_related_objects([plan], Prefetch("goals", queryset=goals))
    return case


def _case_detail_data(request: Request, pk: int) -> dict:
    return CaseDetailSerializer(case_detail(user=request.user, pk=pk)).data


def _case_detail_if_visible(request: Request, pk: int) -> Case | None:
    # After routing or a transfer the case may belong to a team the actor is not in.
    try:
        return case_detail(user=request.user, pk=pk)
    except NotFoundOrHidden:
        return None


# Parsing -------------------------------------------------------------------------------------


class RegistrationSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=2000, allow_blank=True)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.RESIDENT)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    domains = serializers.ListField(
        child=serializers.ChoiceField(choices=LifeDomain.choices), default=list
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    themes = serializers.ListField(
        child=serializers.CharField(max_length=50),
        default=list,
        help_text="Codes of active themes (`GET /api/themes/`); 400 `invalid_theme` otherwise.",
    )
    household = VisibleRelatedField(
        selector=households_known_to,
        model=Household,
        required=False,
        allow_null=True,
        help_text="An existing household of your team (e.g. one of the `matches` of "
        "`possible_duplicate`), also when you are not on its case.",
    )
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    house_number = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    house_number_suffix = serializers.CharField(max_length=10, required=False, allow_blank=True)
    street = serializers.CharField(max_length=150, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    person = PersonInputSerializer(required=False, help_text="Whom the question is about.")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        help_text="Only without a postcode: the team to send the question to (default: yours).",
    )
    confirm_new = serializers.BooleanField(
        default=False,
        help_text="After `possible_duplicate` matched by address: this is a different household.",
    )


class IntakeSerializer(serializers.Serializer):
    director = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.all(), help_text="Membership id of the case director."
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    version = serializers.IntegerField(help_text=VERSION_HELP)


class HandOverSerializer(serializers.Serializer):
    to = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.all(), help_text="Membership id of the new director."
    )
    expected_director_id = serializers.IntegerField(
        allow_null=True, help_text="The director you last saw; 409 `stale_director` if it moved."
    )
    reason = serializers.CharField(max_length=1000, allow_blank=True)


class ActivatePlanSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    version = serializers.IntegerField(help_text=VERSION_HELP)


def _reason_field(choices: Any) -> serializers.ChoiceField:
    # Blank passes through, so the service answers with its own `reason_required`.
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, default="")


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": Outcome.values},
        "description": "Per goal id, its outcome.",
    }
)
class OutcomesField(serializers.DictField):
    child = serializers.ChoiceField(choices=Outcome.choices)

    def to_internal_value(self, data: Any) -> dict[int, str]:
        outcomes = super().to_internal_value(data)
        if not all(str(key).isdigit() for key in outcomes):
            raise serializers.ValidationError(_("Use goal ids as keys."))
        return {int(key): value for key, value in outcomes.items()}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer"},
        "description": "Per life domain, the closing ZRM score (1–5).",
    }
)
class ClosingScoresField(serializers.DictField):
    child = serializers.IntegerField(allow_null=True)


class CloseSerializer(serializers.Serializer):
    reason = _reason_field(CloseReason.choices)
    outcomes = OutcomesField()
    closing_scores = ClosingScoresField()
    assessed_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    version = serializers.IntegerField(help_text=VERSION_HELP)


class StopSerializer(serializers.Serializer):
    reason = _reason_field(StopReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    version = serializers.IntegerField(help_text=VERSION_HELP)


class TransferSerializer(StopSerializer):
    reason = _reason_field(TransferReason.choices)
    to_team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        required=False,
        allow_null=True,
        help_text="With reason `other_team`: the team that takes over.",
    )
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Only the team coordinator of the household's team: why the data may go out "
        "although no ground for sharing allows it (recorded). Without a ground and without this, "
        "the transfer is refused with 409 `sharing_refused`.",
    )


class ReopenSerializer(StopSerializer):
    reason = _reason_field(ReopenReason.choices)


class ContactCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices, required=False)
    date = serializers.DateField(required=False, allow_null=True, help_text="Default today.")
    duration_minutes = serializers.IntegerField(required=False, help_text="Default 30.")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    team = django_filters.NumberFilter(field_name="team_id")

    class Meta:
        model = Case
        fields = ["status", "team"]


# Views ---------------------------------------------------------------------------------------


class RegistrationView(GenericAPIView):
    serializer_class = RegistrationSerializer

    @extend_schema(
        summary="Register a question (aanmelding)",
        description=(
            "Creates a case in the inbox of the team of the household's area (by postcode). "
            "A new household that may already be known gives 409 `possible_duplicate` with "
            "`extra.matches`: retry with `household` set to a match, or with `confirm_new: true` "
            "when only the address matched. A household with an open case gives 409 "
            "`open_case_exists`."
        ),
        request=RegistrationSerializer,
        responses={201: RegistrationResultSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(RegistrationSerializer, request)
        person = data.pop("person", None)
        case = services.registration_create(
            actor=request.user,
            person=services.PersonInput(**person) if person else None,
            **data,
        )
        body = {
            "reference": case.reference,
            "team": case.team,
            "case": _case_detail_if_visible(request, case.pk),
        }
        return Response(RegistrationResultSerializer(body).data, status=status.HTTP_201_CREATED)


def _case_step(serializer: type[serializers.Serializer], summary: str, codes=(400, 401, 404, 409)):
    return extend_schema(
        summary=summary,
        request=serializer,
        responses={200: CaseDetailSerializer, **error_responses(*codes)},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Cases you may see",
        responses={200: CaseListSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(
        summary="The case file: registration, director, plan, history, allowed steps",
        responses={200: CaseDetailSerializer, **error_responses(401, 404)},
    ),
)
class CaseViewSet(viewsets.GenericViewSet):
    lookup_value_converter = "int"
    queryset = Case.objects.none()  # for the schema; every request uses the selectors
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        return case_list_queryset(cases_visible_to(user=self.request.user))

    def list(self, request: Request) -> Response:
        cases = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(_case_detail_data(request, pk))

    @extend_schema(
        summary="My caseload: open cases I direct or work on",
        responses={200: CaseListSerializer(many=True), **error_responses(401)},
    )
    @action(detail=False, methods=["get"], filterset_class=None)
    def caseload(self, request: Request) -> Response:
        page = self.paginate_queryset(caseload_for(user=request.user))
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @_case_step(IntakeSerializer, "Start the intake with a case director")
    @action(detail=True, methods=["post"])
    def intake(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(IntakeSerializer, request)
        services.case_start_intake(
            actor=request.user,
            case=case,
            director=data["director"],
            expected_version=data["version"],
            note=data.get("note", ""),
        )
        return Response(_case_detail_data(request, pk))

    @_case_step(HandOverSerializer, "Hand direction over to another member")
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(HandOverSerializer, request)
        services.case_hand_over(
            actor=request.user,
            case=case,
            to=data["to"],
            expected_director_id=data["expected_director_id"],
            reason=data["reason"],
        )
        return Response(_case_detail_data(request, pk))

    @_case_step(ActivatePlanSerializer, "Activate the plan agreed with the resident")
    @action(detail=True, methods=["post"], url_path="activate-plan")
    def activate_plan(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(ActivatePlanSerializer, request)
        services.case_activate_plan(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            note=data.get("note", ""),
        )
        return Response(_case_detail_data(request, pk))

    @_case_step(CloseSerializer, "Close with an outcome per goal, a closing ZRM and a reason")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(CloseSerializer, request)
        services.case_close(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            outcomes=data["outcomes"],
            closing_scores=data["closing_scores"],
            assessed_on=data.get("assessed_on"),
            note=data.get("note", ""),
        )
        return Response(_case_detail_data(request, pk))

    @_case_step(StopSerializer, "Stop the case: declined, moved, unreachable or answered")
    @action(detail=True, methods=["post"])
    def stop(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(StopSerializer, request)
        services.case_stop(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            note=data.get("note", ""),
        )
        return Response(_case_detail_data(request, pk))

    @extend_schema(
        summary="Transfer to specialist care or to another team",
        description="Needs a ground for sharing with the receiving party (specialist care: "
        "referral; another team: transfer of direction), or the team coordinator's "
        "`override_reason`; otherwise 409 `sharing_refused`, whose `extra` has `party`, "
        "`purpose` and `can_override`.",
        request=TransferSerializer,
        responses={200: TransferResultSerializer, **error_responses(400, 401, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(TransferSerializer, request)
        case = services.case_transfer(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            note=data.get("note", ""),
            to_team=data.get("to_team"),
            override_reason=data.get("override_reason", ""),
        )
        body = {
            "reference": case.reference,
            "status": case.status,
            "case": _case_detail_if_visible(request, pk),
        }
        return Response(TransferResultSerializer(body).data)

    @_case_step(ReopenSerializer, "Reopen a closed or stopped case")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(ReopenSerializer, request)
        services.case_reopen(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            reason=data["reason"],
            note=data.get("note", ""),
        )
        return Response(_case_detail_data(request, pk))

    @extend_schema(
        methods=["GET"],
        summary="Contact moments of the case, newest first",
        responses={200: ContactSerializer(many=True), **error_responses(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a contact moment (defaults: today, by phone, 30 minutes)",
        request=ContactCreateSerializer,
        responses={201: ContactSerializer, **error_responses(400, 401, 404, 409)},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def contacts(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        if request.method == "GET":
            contacts = case.contacts.select_related("by").order_by("-date", "-created_at")
            page = self.paginate_queryset(contacts)
            return self.get_paginated_response(ContactSerializer(page, many=True).data)
        data = validated(ContactCreateSerializer, request)
        contact = services.contact_add(actor=request.user, case=case, **data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)
