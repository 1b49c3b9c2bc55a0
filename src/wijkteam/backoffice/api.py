"""REST API between the team and the back office: advices (write, send, withdraw, decide), the
household's back-office contact, and breakthrough requests. The same rules as the pages: the
services decide, the selectors say who sees what."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.accounts.models import User
from wijkteam.backoffice import selectors, services
from wijkteam.backoffice.models import (
    CATEGORY_CHOICES,
    Advice,
    AdviceDecision,
    AdviceStatus,
    BackOfficeContact,
    Breakthrough,
    BreakthroughStatus,
    Outcome,
)
from wijkteam.cases.selectors import case_get
from wijkteam.core.api import error_responses, validated
from wijkteam.core.errors import DomainError, Forbidden


class TermSerializer(serializers.Serializer):
    due = serializers.DateField()
    days_left = serializers.IntegerField(help_text="Negative when the term has passed.")
    state = serializers.ChoiceField(choices=["open", "overdue", "met", "late"])


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.__str__", read_only=True)

    class Meta:
        model = AdviceDecision
        fields = ["id", "outcome", "reason", "decided_by", "decided_at", "is_current"]


class AdviceSerializer(serializers.ModelSerializer):
    """An advice in a list: references, never names."""

    reference = serializers.CharField(read_only=True)
    household_reference = serializers.CharField(source="household.reference", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = Advice
        fields = [
            "id",
            "reference",
            "version",
            "case",
            "case_reference",
            "household",
            "household_reference",
            "category",
            "category_label",
            "provision",
            "status",
            "requested_on",
            "applied_on",
            "decision_due",
            "sent_at",
            "decided_at",
        ]


class PersonSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    bsn = serializers.CharField(help_text="Only for the back office, which decides on it.")


class ContactUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.CharField()


def _contact_user(contact: BackOfficeContact | None) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {"id": contact.user_id, "name": str(contact.user), "email": contact.user.email}


class AdviceDetailSerializer(AdviceSerializer):
    """One advice with what it says, its terms, decisions and the household's contact."""

    person = PersonSummarySerializer(allow_null=True)
    reasons = serializers.CharField()
    tried = serializers.CharField()
    withdrawal_reason = serializers.CharField()
    investigation_term = TermSerializer(allow_null=True)
    decision_term = TermSerializer(allow_null=True)
    decisions = DecisionSerializer(many=True)
    contact = ContactUserSerializer(allow_null=True)

    class Meta(AdviceSerializer.Meta):
        fields = [
            *AdviceSerializer.Meta.fields,
            "person",
            "reasons",
            "tried",
            "withdrawal_reason",
            "investigation_term",
            "decision_term",
            "decisions",
            "contact",
        ]


def _term(term: Any) -> dict[str, Any] | None:
    if term is None:
        return None
    return {"due": term.due, "days_left": term.days_left, "state": term.state}


def advice_detail_data(advice: Advice, *, user: User) -> dict[str, Any]:
    data = AdviceSerializer(advice).data
    person = advice.person
    advice_terms = selectors.advice_terms(advice=advice)
    data.update(
        person=(
            {
                "id": person.pk,
                "name": person.display_name,
                "date_of_birth": person.date_of_birth,
                "bsn": person.bsn if services.is_back_office(user=user) else "",
            }
            if person
            else None
        ),
        reasons=advice.reasons,
        tried=advice.tried,
        withdrawal_reason=advice.withdrawal_reason,
        investigation_term=_term(advice_terms.investigation),
        decision_term=_term(advice_terms.decision),
        decisions=DecisionSerializer(
            advice.decisions.select_related("decided_by").order_by("decided_at", "pk"), many=True
        ).data,
        contact=_contact_user(selectors.contact_current(household=advice.household)),
    )
    return data


class AdviceCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="Id of an open case you direct or work on.")
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    provision = serializers.CharField(max_length=300)
    person = serializers.IntegerField(
        required=False, allow_null=True, help_text="Optional: the household member it is for."
    )
    reasons = serializers.CharField(max_length=4000)
    tried = serializers.CharField(max_length=4000, help_text="What was tried at lower steps.")
    requested_on = serializers.DateField(help_text="Date of the request for help (melding).")
    applied_on = serializers.DateField(help_text="Date of the application (aanvraag).")
    send = serializers.BooleanField(
        default=False, help_text="Send it to the back office at once; otherwise a draft."
    )
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Team coordinator only: the reason to send without a ground for sharing.",
    )


class VersionSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        help_text="The version you last read; 409 `stale_version` if it moved on."
    )


class AdviceSendSerializer(VersionSerializer):
    override_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AdviceWithdrawSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=1000)


class DecisionCreateSerializer(VersionSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField(max_length=2000, help_text="Required, for every outcome.")


def _advices_listed(request: Request):
    advices = selectors.advices_visible_to(user=request.user)
    state = request.query_params.get("state", "")
    if state == "waiting":
        advices = advices.filter(status=AdviceStatus.SENT).order_by("decision_due", "sent_at", "pk")
    elif state == "decided":
        advices = advices.exclude(status__in=(AdviceStatus.SENT, AdviceStatus.DRAFT)).order_by(
            "-decided_at", "-pk"
        )
    else:
        advices = advices.order_by("-created_at", "-pk")
    return selectors.advices_with_reference(
        advices, query=request.query_params.get("reference", "")
    )


class AdviceListView(GenericAPIView):
    serializer_class = AdviceSerializer
    queryset = Advice.objects.none()  # for the schema; requests go through the selectors

    @extend_schema(
        summary="Advices you can see: the back office every sent one, the team those of the "
        "households whose file they see (drafts too). References only, never names.",
        parameters=[
            OpenApiParameter("state", str, enum=["waiting", "decided"], required=False),
            OpenApiParameter(
                "reference", str, required=False, description="ADV-, HH- or C- reference"
            ),
        ],
        responses={200: AdviceSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(_advices_listed(request))
        return self.get_paginated_response(AdviceSerializer(page, many=True).data)

    @extend_schema(
        summary="Write an advice on a case; `send: true` sends it to the back office at once "
        "(409 `sharing_refused` without a ground for sharing)",
        request=AdviceCreateSerializer,
        responses={201: AdviceDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(AdviceCreateSerializer, request)
        case = case_get(user=request.user, pk=data["case"])
        person = None
        if data.get("person") is not None:
            person = case.household.members.filter(pk=data["person"]).first()
            if person is None:
                raise DomainError(
                    _("Choose a member of this household."), code="invalid_person", field="person"
                )
        advice = services.advice_create(
            actor=request.user,
            case=case,
            person=person,
            category=data["category"],
            provision=data["provision"],
            reasons=data["reasons"],
            tried=data["tried"],
            requested_on=data["requested_on"],
            applied_on=data["applied_on"],
            send=data["send"],
            override_reason=data.get("override_reason", ""),
        )
        return Response(
            advice_detail_data(advice, user=request.user), status=status.HTTP_201_CREATED
        )


class AdviceDetailView(GenericAPIView):
    serializer_class = AdviceDetailSerializer
    queryset = Advice.objects.none()

    @extend_schema(
        summary="One advice: what it says, for whom, its statutory terms, decisions and the "
        "household's back-office contact",
        responses={200: AdviceDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        advice = selectors.advice_get(user=request.user, pk=pk)
        return Response(advice_detail_data(advice, user=request.user))


class AdviceSendView(GenericAPIView):
    serializer_class = AdviceDetailSerializer
    queryset = Advice.objects.none()

    @extend_schema(
        summary="Send a draft advice to the back office (409 `sharing_refused` without a "
        "ground, `already_sent` once sent)",
        request=AdviceSendSerializer,
        responses={200: AdviceDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        advice = selectors.advice_get_for_team(user=request.user, pk=pk)
        data = validated(AdviceSendSerializer, request)
        advice = services.advice_send(
            actor=request.user,
            advice=advice,
            expected_version=data["expected_version"],
            override_reason=data.get("override_reason", ""),
        )
        return Response(advice_detail_data(advice, user=request.user))


class AdviceWithdrawView(GenericAPIView):
    serializer_class = AdviceDetailSerializer
    queryset = Advice.objects.none()

    @extend_schema(
        summary="Withdraw a sent advice that is not decided, with a reason",
        request=AdviceWithdrawSerializer,
        responses={200: AdviceDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        advice = selectors.advice_get_for_team(user=request.user, pk=pk)
        data = validated(AdviceWithdrawSerializer, request)
        advice = services.advice_withdraw(
            actor=request.user,
            advice=advice,
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return Response(advice_detail_data(advice, user=request.user))


def _back_office_only(request: Request) -> None:
    if not services.is_back_office(user=request.user):
        raise Forbidden(_("Only the municipal back office can do this."), code="not_allowed")


class AdviceDecideView(GenericAPIView):
    serializer_class = DecisionSerializer
    queryset = AdviceDecision.objects.none()

    @extend_schema(
        summary="Decide on an advice (back office): granted, partly granted or refused, with "
        "the reason. A later decision replaces the current one. 409 `stale_version` when "
        "someone else decided in the meantime.",
        request=DecisionCreateSerializer,
        responses={201: DecisionSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _back_office_only(request)
        advice = selectors.advice_get(user=request.user, pk=pk)
        data = validated(DecisionCreateSerializer, request)
        decision = services.advice_decide(
            actor=request.user,
            advice=advice,
            outcome=data["outcome"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class ContactHistorySerializer(serializers.Serializer):
    name = serializers.CharField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    assigned_by = serializers.CharField()


class HouseholdContactSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    household_reference = serializers.CharField()
    contact = ContactUserSerializer(allow_null=True)
    history = ContactHistorySerializer(many=True)


class ContactAssignSerializer(serializers.Serializer):
    user = serializers.IntegerField(
        required=False, allow_null=True, help_text="A back-office consultant; yourself if left out."
    )


def _contact_data(household: Any) -> dict[str, Any]:
    history = list(
        BackOfficeContact.objects.filter(household=household)
        .select_related("user", "assigned_by")
        .order_by("started_at", "pk")
    )
    current = next((row for row in history if row.ended_at is None), None)
    return {
        "household": household.pk,
        "household_reference": household.reference,
        "contact": _contact_user(current),
        "history": [
            {
                "name": str(row.user),
                "started_at": row.started_at,
                "ended_at": row.ended_at,
                "assigned_by": str(row.assigned_by),
            }
            for row in history
        ],
    }


class HouseholdContactView(GenericAPIView):
    serializer_class = HouseholdContactSerializer
    queryset = BackOfficeContact.objects.none()

    @extend_schema(
        summary="The household's back-office contact and its history: for who sees the file, "
        "and for the back office when it is involved",
        responses={200: HouseholdContactSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        household = selectors.household_for_contact(user=request.user, pk=pk)
        return Response(_contact_data(household))

    @extend_schema(
        summary="Make yourself (or another consultant) the household's back-office contact "
        "(back office)",
        request=ContactAssignSerializer,
        responses={200: HouseholdContactSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _back_office_only(request)
        household = selectors.household_for_back_office(user=request.user, pk=pk)
        data = validated(ContactAssignSerializer, request)
        user = None
        if data.get("user") is not None:
            user = User.objects.filter(pk=data["user"], is_active=True).first()
            if user is None or not services.is_back_office(user=user):
                raise DomainError(
                    _("Choose a consultant of the back office."), code="invalid_user", field="user"
                )
        services.back_office_contact_assign(actor=request.user, household=household, user=user)
        return Response(_contact_data(household))


class BreakthroughSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    household_reference = serializers.CharField(source="household.reference", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    addressed_to = serializers.SerializerMethodField()
    filed_by = serializers.CharField(source="filed_by.__str__", read_only=True)
    events = serializers.SerializerMethodField()

    class Meta:
        model = Breakthrough
        fields = [
            "id",
            "reference",
            "version",
            "case",
            "case_reference",
            "household",
            "household_reference",
            "blocking_rule",
            "solution",
            "reasons",
            "status",
            "resolution",
            "addressed_to",
            "filed_by",
            "filed_at",
            "events",
        ]

    def get_addressed_to(self, breakthrough: Breakthrough) -> str | None:
        return str(breakthrough.addressed_to) if breakthrough.addressed_to_id else None

    def get_events(self, breakthrough: Breakthrough) -> list[dict[str, Any]]:
        if not self.context.get("events"):
            return []
        return [
            {
                "from_status": event.from_status,
                "to_status": event.to_status,
                "note": event.note,
                "by": str(event.by),
                "at": event.at,
            }
            for event in breakthrough.events.select_related("by")
        ]


class BreakthroughCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="Id of an open case you direct or work on.")
    blocking_rule = serializers.CharField(max_length=2000)
    solution = serializers.CharField(max_length=2000)
    reasons = serializers.CharField(max_length=2000)
    override_reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class BreakthroughTransitionSerializer(VersionSerializer):
    to_status = serializers.ChoiceField(choices=BreakthroughStatus.choices)
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="The resolution, or why it is rejected (required for those).",
    )


class BreakthroughListView(GenericAPIView):
    serializer_class = BreakthroughSerializer
    queryset = Breakthrough.objects.none()

    @extend_schema(
        summary="Breakthrough requests you can see: the back office all, the team those of the "
        "households whose file they see",
        responses={200: BreakthroughSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        requests = selectors.breakthroughs_visible_to(user=request.user).order_by(
            "-filed_at", "-pk"
        )
        page = self.paginate_queryset(requests)
        return self.get_paginated_response(BreakthroughSerializer(page, many=True).data)

    @extend_schema(
        summary="File a breakthrough request on a case, to the household's back-office contact "
        "(409 `sharing_refused` without a ground for sharing)",
        request=BreakthroughCreateSerializer,
        responses={201: BreakthroughSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(BreakthroughCreateSerializer, request)
        case = case_get(user=request.user, pk=data.pop("case"))
        breakthrough = services.breakthrough_file(actor=request.user, case=case, **data)
        return Response(
            BreakthroughSerializer(breakthrough, context={"events": True}).data,
            status=status.HTTP_201_CREATED,
        )


class BreakthroughDetailView(GenericAPIView):
    serializer_class = BreakthroughSerializer
    queryset = Breakthrough.objects.none()

    @extend_schema(
        summary="One breakthrough request with its history",
        responses={200: BreakthroughSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        breakthrough = selectors.breakthrough_get(user=request.user, pk=pk)
        return Response(BreakthroughSerializer(breakthrough, context={"events": True}).data)


class BreakthroughTransitionView(GenericAPIView):
    serializer_class = BreakthroughSerializer
    queryset = Breakthrough.objects.none()

    @extend_schema(
        summary="Take a breakthrough request a step (back office): submitted → in progress → "
        "resolved or rejected. 409 `illegal_transition` or `stale_version`.",
        request=BreakthroughTransitionSerializer,
        responses={200: BreakthroughSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        _back_office_only(request)
        breakthrough = selectors.breakthrough_get(user=request.user, pk=pk)
        data = validated(BreakthroughTransitionSerializer, request)
        breakthrough = services.breakthrough_transition(
            actor=request.user,
            breakthrough=breakthrough,
            to_status=data["to_status"],
            note=data.get("note", ""),
            expected_version=data["expected_version"],
        )
        return Response(BreakthroughSerializer(breakthrough, context={"events": True}).data)
