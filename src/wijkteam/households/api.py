"""REST API for households and persons: read, search, edit with optimistic concurrency.

A BSN is accepted as input but never returned (``has_bsn`` says whether one is known): the API
shows it nowhere, just like the household page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.cases.lifecycle import OPEN_STATES
from wijkteam.cases.models import Case
from wijkteam.cases.selectors import household_timeline
from wijkteam.core.api import ID_MAX, error_responses, validated, visible_get
from wijkteam.households import services
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.selectors import (
    household_get,
    households_search,
    households_visible_to,
    persons_visible_to,
)
from wijkteam.teams.models import Team
from wijkteam.zrm.api import ZrmProgressSerializer, zrm_progress_data
from wijkteam.zrm.selectors import zrm_progress


class TeamRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name"]


class PersonSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    has_bsn = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "version",
            "role",
            "given_name",
            "family_name",
            "display_name",
            "date_of_birth",
            "phone",
            "email",
            "has_bsn",
        ]

    def get_has_bsn(self, person: Person) -> bool:
        return bool(person.bsn)


class PersonInputSerializer(serializers.Serializer):
    # Loose lengths on purpose: the services check BSN and the like, with their own codes.
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    bsn = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="Optional; 9 digits, 11-test."
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class PersonCreateSerializer(PersonInputSerializer):
    role = serializers.ChoiceField(choices=HouseholdRole.choices, default=HouseholdRole.MAIN)


class PersonUpdateSerializer(PersonInputSerializer):
    role = serializers.ChoiceField(choices=HouseholdRole.choices, required=False)
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Why recorded details change (kept in the history, AVG art. 16). Required "
        "when a recorded name, date of birth, BSN, phone or e-mail is replaced or removed "
        "(400 `reason_required`); not when an empty one is filled in.",
    )
    version = serializers.IntegerField(help_text="The version you last read; 409 if it moved on.")


class CaseSummarySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    director_name = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "team",
            "registered_at",
            "closed_at",
            "director_name",
        ]

    def get_director_name(self, case: Case) -> str | None:
        return str(case.director.user) if case.director else None


class HouseholdListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    team = TeamRefSerializer(read_only=True)
    address = serializers.CharField(source="address_line", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    open_case = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = ["id", "reference", "team", "address", "member_count", "open_case"]

    @extend_schema_field(CaseSummarySerializer(allow_null=True))
    def get_open_case(self, household: Household) -> dict | None:
        open_cases = household.open_cases
        return CaseSummarySerializer(open_cases[0]).data if open_cases else None


class HouseholdDetailSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    team = TeamRefSerializer(read_only=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", default=None)
    address = serializers.CharField(source="address_line", read_only=True)
    members = PersonSerializer(many=True, read_only=True)
    cases = CaseSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "version",
            "reference",
            "team",
            "neighbourhood",
            "postcode",
            "house_number",
            "house_number_suffix",
            "street",
            "city",
            "address",
            "created_at",
            "members",
            "cases",
        ]


class HouseholdAddressSerializer(serializers.Serializer):
    """Fields left out keep their current value."""

    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    house_number = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    house_number_suffix = serializers.CharField(max_length=10, required=False, allow_blank=True)
    street = serializers.CharField(max_length=150, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Why the address changes (kept in the history, AVG art. 16). Required when a "
        "recorded part is replaced or removed (400 `reason_required`).",
    )
    version = serializers.IntegerField(help_text="The version you last read; 409 if it moved on.")


class HouseholdSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        allow_blank=True,
        help_text="Reference (HH-12, C-7), postcode, BSN, name or street. In the body, never in "
        "the URL, because it may hold personal data.",
    )


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(
        choices=["registration", "status", "director", "contact", "assessment", "plan"]
    )
    title = serializers.CharField()
    detail = serializers.CharField()
    by = serializers.CharField()
    case_id = serializers.IntegerField()


def _household_list_queryset(households: QuerySet[Household]) -> QuerySet[Household]:
    open_cases = Case.objects.filter(status__in=OPEN_STATES).select_related("director__user")
    return (
        households.select_related("team")
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(Prefetch("cases", queryset=open_cases, to_attr="open_cases"))
        # An aggregate drops the model's default ordering; pages need a stable one.
        .order_by("-created_at", "-pk")
    )


def household_detail(*, user: Any, pk: int) -> Household:
    """The household with what its detail shows, if ``user`` may see it (else 404)."""
    household_get(user=user, pk=pk)  # the same check, and the read's access log entry
    households = (
        households_visible_to(user=user)
        .select_related("team", "neighbourhood")
        .prefetch_related(
            "members", Prefetch("cases", queryset=Case.objects.select_related("director__user"))
        )
    )
    return visible_get(households, pk)


def _merged(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    # PATCH semantics: the services take the whole record, so fill in what was left out.
    return {name: given.get(name, value) for name, value in current.items()}


@extend_schema_view(
    list=extend_schema(
        summary="Households you may see",
        responses={200: HouseholdListSerializer(many=True), **error_responses(401)},
    ),
    retrieve=extend_schema(
        summary="A household: members, address, team and cases",
        responses={200: HouseholdDetailSerializer, **error_responses(401, 404)},
    ),
    partial_update=extend_schema(
        summary="Change the address",
        request=HouseholdAddressSerializer,
        responses={200: HouseholdDetailSerializer, **error_responses(400, 401, 404, 409)},
    ),
)
class HouseholdViewSet(viewsets.GenericViewSet):
    lookup_value_converter = "int"
    queryset = Household.objects.none()  # for the schema; every request uses the selectors
    serializer_class = HouseholdListSerializer

    def get_queryset(self) -> Any:
        return _household_list_queryset(households_visible_to(user=self.request.user))

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(HouseholdListSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        household = household_detail(user=request.user, pk=pk)
        return Response(HouseholdDetailSerializer(household).data)

    def partial_update(self, request: Request, pk: int) -> Response:
        household = household_get(user=request.user, pk=pk)
        data = validated(HouseholdAddressSerializer, request)
        current = {
            "postcode": household.postcode,
            "house_number": household.house_number,
            "house_number_suffix": household.house_number_suffix,
            "street": household.street,
            "city": household.city,
        }
        services.household_update(
            actor=request.user,
            household=household,
            expected_version=data["version"],
            reason=data.get("reason", ""),
            **_merged(current, data),
        )
        household = household_detail(user=request.user, pk=pk)
        return Response(HouseholdDetailSerializer(household).data)

    @extend_schema(
        summary="Search households you may see",
        description="The query travels in the body, so names and BSNs never end up in URLs or "
        "access logs. Paginated with `?page=`.",
        request=HouseholdSearchSerializer,
        responses={200: HouseholdListSerializer(many=True), **error_responses(400, 401)},
    )
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        data = validated(HouseholdSearchSerializer, request)
        households = households_search(user=request.user, query=data["q"])
        page = self.paginate_queryset(_household_list_queryset(households))
        return self.get_paginated_response(HouseholdListSerializer(page, many=True).data)

    @extend_schema(
        summary="Add a person to the household",
        request=PersonCreateSerializer,
        responses={201: PersonSerializer, **error_responses(400, 401, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def persons(self, request: Request, pk: int) -> Response:
        household = household_get(user=request.user, pk=pk)
        data = validated(PersonCreateSerializer, request)
        person = services.person_add(actor=request.user, household=household, **data)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Everything that happened around the household, newest first",
        responses={200: TimelineEntrySerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: int) -> Response:
        household = household_get(user=request.user, pk=pk)
        entries = household_timeline(user=request.user, household=household)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(TimelineEntrySerializer(page, many=True).data)

    @extend_schema(
        summary="ZRM scores per life domain over time",
        parameters=[
            OpenApiParameter(
                "person",
                int,
                required=False,
                description="A household member's id; without it, the household as a whole.",
            )
        ],
        responses={200: ZrmProgressSerializer, **error_responses(400, 401, 404)},
    )
    @action(detail=True, methods=["get"], url_path="zrm-progress", pagination_class=None)
    def zrm_progress(self, request: Request, pk: int) -> Response:
        household = household_get(user=request.user, pk=pk)
        # An id: positive and within the database's 64-bit integers (a larger number made the
        # query itself fail, a 500, where it is a bad request).
        person_id = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=ID_MAX
        ).run_validation(request.query_params.get("person") or None)
        series = zrm_progress(household=household, person_id=person_id)
        return Response(ZrmProgressSerializer(zrm_progress_data(person_id, series)).data)


class PersonDetailView(GenericAPIView):
    serializer_class = PersonSerializer

    @extend_schema(
        summary="Change a person's details",
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, **error_responses(400, 401, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        person = visible_get(persons_visible_to(user=request.user), pk)
        data = validated(PersonUpdateSerializer, request)
        current = {
            "role": person.role,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "bsn": person.bsn,
            "phone": person.phone,
            "email": person.email,
        }
        person = services.person_update(
            actor=request.user,
            person=person,
            expected_version=data["version"],
            reason=data.get("reason", ""),
            **_merged(current, data),
        )
        return Response(PersonSerializer(person).data)
