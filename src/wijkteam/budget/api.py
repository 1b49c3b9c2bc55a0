"""REST API of the custom-solutions budget: budgets with their year overview, and spending
requests (ask, approve, refuse). The same rules as the pages: the services decide."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.budget import services
from wijkteam.budget.models import SpendingRequest, TeamBudget
from wijkteam.budget.selectors import (
    budget_get,
    budget_overview,
    budget_remaining,
    budgets_visible_to,
    budgets_with_totals,
    spending_request_get,
)
from wijkteam.cases.models import Case
from wijkteam.core.api import error_responses, validated
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.households.selectors import household_get
from wijkteam.teams.models import Team


class TeamBudgetSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    remaining = serializers.SerializerMethodField()

    class Meta:
        model = TeamBudget
        fields = [
            "id",
            "version",
            "team",
            "team_name",
            "year",
            "amount",
            "coordinator_limit",
            "remaining",
        ]

    def get_remaining(self, budget: TeamBudget) -> str:
        return str(budget_remaining(budget=budget))


class LedgerRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    household_reference = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    purpose = serializers.CharField()
    decided_by = serializers.CharField()


class PendingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    requested_at = serializers.DateTimeField()
    household_reference = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    purpose = serializers.CharField()
    requested_by = serializers.CharField()
    needs_municipality = serializers.BooleanField()
    may_decide = serializers.BooleanField(help_text="Whether you may approve or refuse it.")


class BudgetOverviewSerializer(TeamBudgetSerializer):
    approved = serializers.DecimalField(max_digits=12, decimal_places=2)
    pending = serializers.DecimalField(max_digits=12, decimal_places=2)
    ledger = LedgerRowSerializer(many=True)
    pending_requests = PendingRowSerializer(many=True)

    class Meta(TeamBudgetSerializer.Meta):
        fields = [
            *TeamBudgetSerializer.Meta.fields,
            "approved",
            "pending",
            "ledger",
            "pending_requests",
        ]


class SpendingRequestSerializer(serializers.ModelSerializer):
    household_reference = serializers.CharField(read_only=True)

    class Meta:
        model = SpendingRequest
        fields = [
            "id",
            "version",
            "budget",
            "household",
            "household_reference",
            "case",
            "amount",
            "purpose",
            "status",
            "needs_municipality",
            "requested_at",
            "decided_at",
            "decision_reason",
        ]


class SpendingRequestCreateSerializer(serializers.Serializer):
    household = serializers.IntegerField(help_text="Id of a household whose file you see.")
    case = serializers.IntegerField(
        required=False, allow_null=True, help_text="Optional: a case of that household."
    )
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="In euros.")
    purpose = serializers.CharField(
        max_length=1000, help_text="What the money is for; do not name anyone."
    )


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, help_text="Required to refuse."
    )
    expected_version = serializers.IntegerField(
        help_text="The version you last read; 409 `stale_version` if it moved on."
    )


class BudgetSetSerializer(serializers.Serializer):
    team = serializers.IntegerField(help_text="Id of the team.")
    year = serializers.IntegerField(help_text="The calendar year, e.g. 2026.")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="In euros.")
    coordinator_limit = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="Up to this amount per request the team coordinator approves; above it the "
        "municipality.",
    )


class BudgetListView(GenericAPIView):
    serializer_class = TeamBudgetSerializer
    queryset = TeamBudget.objects.none()  # for the schema; requests go through the selectors

    @extend_schema(
        summary="Set (or change) a team's budget for a year: the municipality or the functional "
        "administrator. Lowering it below what is already approved is refused (409).",
        request=BudgetSetSerializer,
        responses={200: TeamBudgetSerializer, **error_responses(400, 401, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        if not services.may_set_budgets(user=request.user):
            raise Forbidden(
                _("Only the municipality or the functional administrator sets budgets."),
                code="not_allowed",
            )
        data = validated(BudgetSetSerializer, request)
        team = Team.objects.filter(pk=data["team"]).first()
        if team is None:
            raise DomainError(_("Choose a team."), code="invalid_team", field="team")
        budget = services.budget_set(
            actor=request.user,
            team=team,
            year=data["year"],
            amount=data["amount"],
            coordinator_limit=data["coordinator_limit"],
        )
        budget = budgets_with_totals(TeamBudget.objects.filter(pk=budget.pk)).get()
        return Response(TeamBudgetSerializer(budget).data)

    @extend_schema(
        summary="Budgets you can see: your teams', every team's for the municipality",
        responses={200: TeamBudgetSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        budgets = budgets_with_totals(budgets_visible_to(user=request.user)).order_by(
            "-year", "team__name"
        )
        page = self.paginate_queryset(budgets)
        return self.get_paginated_response(TeamBudgetSerializer(page, many=True).data)


class BudgetDetailView(GenericAPIView):
    serializer_class = BudgetOverviewSerializer
    queryset = TeamBudget.objects.none()

    @extend_schema(
        summary="A budget's year overview: totals, ledger (household references, never names) "
        "and requests waiting for a decision",
        responses={200: BudgetOverviewSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        overview = budget_overview(user=request.user, budget=budget_get(user=request.user, pk=pk))
        data = TeamBudgetSerializer(overview.budget).data
        data.update(
            approved=str(overview.approved),
            pending=str(overview.pending),
            ledger=LedgerRowSerializer(overview.ledger, many=True).data,
            pending_requests=PendingRowSerializer(overview.pending_requests, many=True).data,
        )
        return Response(data)


class SpendingRequestCreateView(GenericAPIView):
    serializer_class = SpendingRequestSerializer
    queryset = SpendingRequest.objects.none()

    @extend_schema(
        summary="Request money from the budget of the household's team for this year",
        request=SpendingRequestCreateSerializer,
        responses={201: SpendingRequestSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = validated(SpendingRequestCreateSerializer, request)
        household = household_get(user=request.user, pk=data["household"])
        case = None
        if data.get("case") is not None:
            case = Case.objects.filter(household=household, pk=data["case"]).first()
            if case is None:
                raise DomainError(
                    _("Choose a case of this household."), code="invalid_case", field="case"
                )
        spending = services.spending_request_create(
            actor=request.user,
            household=household,
            amount=data["amount"],
            purpose=data["purpose"],
            case=case,
        )
        return Response(SpendingRequestSerializer(spending).data, status=status.HTTP_201_CREATED)


class _DecisionView(GenericAPIView):
    serializer_class = SpendingRequestSerializer
    queryset = SpendingRequest.objects.none()
    approve = True

    def post(self, request: Request, pk: int) -> Response:
        spending = spending_request_get(user=request.user, pk=pk)
        data = validated(DecisionSerializer, request)
        decide = (
            services.spending_request_approve if self.approve else services.spending_request_refuse
        )
        spending = decide(
            actor=request.user,
            request=spending,
            reason=data.get("reason", ""),
            expected_version=data["expected_version"],
        )
        return Response(SpendingRequestSerializer(spending).data)


class SpendingRequestApproveView(_DecisionView):
    approve = True

    @extend_schema(
        summary="Approve a request: the team coordinator up to the coordinator limit, the "
        "municipality (back office) above it. 409 `budget_exceeded` when the budget does not "
        "hold it, also when someone approved another request at the same moment.",
        request=DecisionSerializer,
        responses={200: SpendingRequestSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class SpendingRequestRefuseView(_DecisionView):
    approve = False

    @extend_schema(
        summary="Refuse a request, with a reason (the same people who approve)",
        request=DecisionSerializer,
        responses={200: SpendingRequestSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)
