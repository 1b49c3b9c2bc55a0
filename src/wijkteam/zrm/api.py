"""REST API for ZRM assessments: list and record them on a case, and the matrix itself."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.cases.selectors import case_get
from wijkteam.core.api import VisibleRelatedField, error_responses, validated
from wijkteam.core.domains import LifeDomain
from wijkteam.households.models import Person
from wijkteam.households.selectors import persons_visible_to
from wijkteam.zrm import matrix
from wijkteam.zrm.models import Assessment, AssessmentKind
from wijkteam.zrm.selectors import ScorePoint
from wijkteam.zrm.services import assessment_create

SCORES_HELP = (
    "Per life domain (e.g. `finances`) a score from 1 to 5; domains left out were not scored "
    "this time."
)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
class ScoresField(serializers.DictField):
    """``{domain: score}``; the service checks domains and the 1–5 range with its own codes."""

    child = serializers.IntegerField(allow_null=True)


class AssessmentSerializer(serializers.ModelSerializer):
    scores = serializers.SerializerMethodField(help_text=SCORES_HELP)
    created_by = serializers.StringRelatedField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "kind",
            "assessed_on",
            "person",
            "note",
            "scores",
            "created_at",
            "created_by",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_scores(self, assessment: Assessment) -> dict[str, int]:
        return {score.domain: score.score for score in assessment.scores.all()}


class AssessmentCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AssessmentKind.choices, default=AssessmentKind.INTAKE)
    assessed_on = serializers.DateField(required=False, allow_null=True, help_text="Default today.")
    person = VisibleRelatedField(
        selector=persons_visible_to,
        model=Person,
        required=False,
        allow_null=True,
        help_text="A household member; without it, the household as a whole.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    scores = ScoresField(help_text=SCORES_HELP)


class ScorePointSerializer(serializers.Serializer):
    assessed_on = serializers.DateField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    kind = serializers.ChoiceField(choices=AssessmentKind.choices)


class DomainSeriesSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    label = serializers.CharField()
    points = ScorePointSerializer(many=True)


class ZrmProgressSerializer(serializers.Serializer):
    person = serializers.IntegerField(allow_null=True)
    domains = DomainSeriesSerializer(many=True)


def zrm_progress_data(person_id: int | None, series: dict[str, list[ScorePoint]]) -> dict:
    """The selector's series per domain, in catalogue order, as the serializer expects it."""
    return {
        "person": person_id,
        "domains": [
            {"domain": domain, "label": str(label), "points": series.get(domain, [])}
            for domain, label in LifeDomain.choices
        ],
    }


class LevelSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    label = serializers.CharField()
    description = serializers.CharField()


class MatrixDomainSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    label = serializers.CharField()
    levels = LevelSerializer(many=True)


class CaseAssessmentsView(GenericAPIView):
    serializer_class = AssessmentSerializer
    queryset = Assessment.objects.none()  # for the schema; requests go through case_get

    @extend_schema(
        summary="ZRM assessments of a case, oldest first",
        responses={200: AssessmentSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        assessments = (
            case.assessments.select_related("created_by")
            .prefetch_related("scores")
            .order_by("assessed_on", "created_at", "pk")
        )
        page = self.paginate_queryset(assessments)
        return self.get_paginated_response(AssessmentSerializer(page, many=True).data)

    @extend_schema(
        summary="Record a ZRM assessment",
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer, **error_responses(400, 401, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = validated(AssessmentCreateSerializer, request)
        assessment = assessment_create(actor=request.user, case=case, **data)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class ZrmMatrixView(GenericAPIView):
    serializer_class = MatrixDomainSerializer
    pagination_class = None
    queryset = Assessment.objects.none()  # for the schema; the matrix is not in the database

    @extend_schema(
        summary="The ZRM matrix: what each score means per life domain",
        responses={200: MatrixDomainSerializer(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        domains = [
            {
                "domain": domain,
                "label": str(label),
                "levels": [
                    {
                        "score": score,
                        "label": str(level),
                        "description": str(matrix.DESCRIPTIONS[domain][score]),
                    }
                    for score, level in matrix.LEVELS.items()
                ],
            }
            for domain, label in LifeDomain.choices
        ]
        return Response(MatrixDomainSerializer(domains, many=True).data)
