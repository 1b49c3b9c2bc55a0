"""REST API for plans: goals, actions under stepped care, revisions and their comparison."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.cases.selectors import case_get
from wijkteam.community.models import CollectiveActivity
from wijkteam.community.selectors.activities import activities_visible_to
from wijkteam.core.api import VisibleRelatedField, error_responses, validated
from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Person
from wijkteam.households.selectors import persons_visible_to
from wijkteam.plans import services
from wijkteam.plans.models import (
    Action,
    ActionStatus,
    Goal,
    Performer,
    Plan,
    PlanRevision,
    Step,
)
from wijkteam.plans.selectors import (
    action_get,
    goal_get,
    plan_revision_get,
    plan_revisions_compare,
)
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.selectors import provisions_visible_to

VERSION_HELP = "The version you last read; 409 `stale_version` if it moved on."


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = [
            "id",
            "version",
            "goal",
            "description",
            "step",
            "performer",
            "performer_name",
            "due_date",
            "status",
            "step_reason",
            "is_fast_track",
            "provision",
            "collective_activity",
            "created_at",
        ]


class GoalSerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "version",
            "domain",
            "description",
            "person",
            "outcome",
            "outcome_note",
            "created_at",
            "actions",
        ]


class PlanSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "version", "created_at", "goals"]


class GoalCreateSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    description = serializers.CharField(
        max_length=1000, allow_blank=True, help_text="The goal, in the resident's own words."
    )
    person = VisibleRelatedField(
        selector=persons_visible_to, model=Person, required=False, allow_null=True
    )


class ActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=1000, allow_blank=True)
    step = serializers.ChoiceField(
        choices=Step.choices,
        help_text="Stepped care, 1 own strength … 4 tailored/specialist. A step above every step "
        "tried for this goal needs `step_reason`.",
    )
    performer = serializers.ChoiceField(choices=Performer.choices)
    performer_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    step_reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    is_fast_track = serializers.BooleanField(
        default=False, help_text="Urgent, straight to step 4; needs `step_reason`."
    )
    provision = VisibleRelatedField(
        selector=provisions_visible_to,
        model=Provision,
        required=False,
        allow_null=True,
        help_text="Optional: id of an active provision of the social map (`/api/provisions/`); "
        "`step` must then be the provision's step.",
    )
    collective_activity = VisibleRelatedField(
        selector=activities_visible_to,
        model=CollectiveActivity,
        required=False,
        allow_null=True,
        help_text="Optional: id of a collective activity of the case's team that has not ended "
        "(`/api/collective-activities/`); only at step 2 or 3.",
    )


class ActionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    version = serializers.IntegerField(help_text=VERSION_HELP)


class PlanRevisionSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()

    class Meta:
        model = PlanRevision
        fields = ["id", "plan", "number", "note", "snapshot", "created_at", "created_by"]


class PlanRevisionCreateSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="What changed and why."
    )


class RevisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanRevision
        fields = ["id", "number", "created_at"]


class ItemChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["goal", "action"])
    id = serializers.IntegerField()
    change = serializers.ChoiceField(choices=["added", "removed", "changed"])
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    changed_fields = serializers.ListField(
        source="fields", child=serializers.CharField(), help_text="For `changed`: which fields."
    )


class PlanComparisonSerializer(serializers.Serializer):
    older = RevisionRefSerializer()
    newer = RevisionRefSerializer()
    changes = ItemChangeSerializer(many=True)


class RevisionIdsSerializer(serializers.Serializer):
    older = serializers.IntegerField(min_value=1)
    newer = serializers.IntegerField(min_value=1)


class CaseGoalsView(GenericAPIView):
    serializer_class = GoalSerializer

    @extend_schema(
        summary="Add a goal to the case's plan",
        request=GoalCreateSerializer,
        responses={201: GoalSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(GoalCreateSerializer, request)
        goal = services.goal_add(actor=request.user, case=case, **data)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalActionsView(GenericAPIView):
    serializer_class = ActionSerializer

    @extend_schema(
        summary="Add an action to a goal",
        request=ActionCreateSerializer,
        responses={201: ActionSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        goal = goal_get(user=request.user, pk=pk)
        data = validated(ActionCreateSerializer, request)
        action = services.action_add(actor=request.user, goal=goal, **data)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionDetailView(GenericAPIView):
    serializer_class = ActionSerializer

    @extend_schema(
        summary="Change an action's status",
        request=ActionUpdateSerializer,
        responses={200: ActionSerializer, **error_responses(400, 401, 404, 409)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        action = action_get(user=request.user, pk=pk)
        data = validated(ActionUpdateSerializer, request)
        action = services.action_set_status(
            actor=request.user,
            action=action,
            status=data["status"],
            expected_version=data["version"],
        )
        return Response(ActionSerializer(action).data)


class CasePlanRevisionsView(GenericAPIView):
    serializer_class = PlanRevisionSerializer
    queryset = PlanRevision.objects.none()  # for the schema; requests go through case_get

    @extend_schema(
        summary="Revisions of the case's plan, oldest first",
        responses={200: PlanRevisionSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        revisions = PlanRevision.objects.filter(plan__case=case).select_related("created_by")
        page = self.paginate_queryset(revisions.order_by("number"))
        return self.get_paginated_response(PlanRevisionSerializer(page, many=True).data)

    @extend_schema(
        summary="Keep the plan as it stands now as a new revision",
        request=PlanRevisionCreateSerializer,
        responses={201: PlanRevisionSerializer, **error_responses(400, 401, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(PlanRevisionCreateSerializer, request)
        revision = services.plan_revision_record(
            actor=request.user, case=case, note=data.get("note", "")
        )
        return Response(PlanRevisionSerializer(revision).data, status=status.HTTP_201_CREATED)


class PlanRevisionCompareView(GenericAPIView):
    serializer_class = PlanComparisonSerializer
    pagination_class = None

    @extend_schema(
        summary="What changed between two revisions of one plan",
        parameters=[
            OpenApiParameter("older", int, required=True, description="Revision id."),
            OpenApiParameter("newer", int, required=True, description="Revision id."),
        ],
        responses={200: PlanComparisonSerializer, **error_responses(400, 401, 404)},
    )
    def get(self, request: Request) -> Response:
        ids = RevisionIdsSerializer(data=request.query_params)
        ids.is_valid(raise_exception=True)
        older = plan_revision_get(user=request.user, pk=ids.validated_data["older"])
        newer = plan_revision_get(user=request.user, pk=ids.validated_data["newer"])
        changes = plan_revisions_compare(older=older, newer=newer)
        return Response(
            PlanComparisonSerializer(
                {"older": older, "newer": newer, "changes": [c.__dict__ for c in changes]}
            ).data
        )
