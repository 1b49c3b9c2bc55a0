"""Monitoring in the API: the same selectors as the pages.

A withheld figure is ``null`` and its field name is listed in the row's ``suppressed`` (for a
ZRM domain: ``zrm.<domain>.mean``); a ``null`` that is not listed means there is no figure
(no inhabitants to divide by). Never a count below the disclosure threshold, never a person.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wijkteam.core.api import error_responses
from wijkteam.core.disclosure import Suppressed, api_value, threshold
from wijkteam.core.domains import LifeDomain
from wijkteam.monitoring.area_analysis import (
    MUNICIPALITY,
    NEIGHBOURHOOD,
    TEAM_AREA,
    AreaAnalysis,
    AreaRow,
    area_analysis,
    area_analysis_require,
    period_default,
)

FIGURES = (
    "registrations",
    "rate",
    "rate_ratio",
    "multi_domain_share",
    "multi_domain_difference",
)
WITHHELD = "Null when withheld (then named in `suppressed`)."


class ZrmFigureSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=LifeDomain.choices)
    mean = serializers.FloatField(
        allow_null=True, help_text=f"Average intake ZRM score (1–5). {WITHHELD}"
    )
    difference = serializers.FloatField(
        allow_null=True,
        help_text="The mean minus the municipality's; null for the municipality itself. "
        + WITHHELD,
    )


class AreaRowSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[NEIGHBOURHOOD, TEAM_AREA, MUNICIPALITY])
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    team_area = serializers.CharField(help_text="For a neighbourhood: its team area's name.")
    inhabitants = serializers.IntegerField(help_text="Reference data of the neighbourhoods.")
    guideline = serializers.ChoiceField(
        choices=["", "below", "above"],
        help_text="Team areas: `below` or `above` the guideline for the inhabitants of one "
        "team (WIJKTEAM_AREA_MIN_INHABITANTS–WIJKTEAM_AREA_MAX_INHABITANTS); empty within it.",
    )
    registrations = serializers.IntegerField(
        allow_null=True, help_text=f"Registrations in the period. {WITHHELD}"
    )
    rate = serializers.FloatField(
        allow_null=True, help_text=f"Registrations per 1,000 inhabitants. {WITHHELD}"
    )
    rate_ratio = serializers.FloatField(
        allow_null=True, help_text=f"The rate as a multiple of the municipality's. {WITHHELD}"
    )
    multi_domain_share = serializers.FloatField(
        allow_null=True,
        help_text="Percentage of the registrations with problems on several life domains. "
        + WITHHELD,
    )
    multi_domain_difference = serializers.FloatField(
        allow_null=True, help_text=f"Percentage points above the municipality. {WITHHELD}"
    )
    top_themes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Up to 3 theme names, most households first; only themes of at least the "
        "disclosure threshold of households.",
    )
    zrm = ZrmFigureSerializer(many=True)
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text="The fields withheld because a count behind them is below the disclosure "
        "threshold, or could be worked out from other figures.",
    )


class AreaAnalysisSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    disclosure_threshold = serializers.IntegerField()
    municipality = AreaRowSerializer(allow_null=True)
    team_areas = AreaRowSerializer(many=True)
    neighbourhoods = AreaRowSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)

    def validate(self, data: dict) -> dict:
        default_start, default_end = period_default()
        data.setdefault("start", default_start)
        data.setdefault("end", default_end)
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": _("The end lies before the start.")})
        return data


def _row_data(row: AreaRow) -> dict:
    suppressed = [name for name in FIGURES if isinstance(getattr(row, name), Suppressed)]
    zrm = []
    for figure in row.zrm:
        if isinstance(figure.mean, Suppressed):
            suppressed.append(f"zrm.{figure.domain}.mean")
        if isinstance(figure.difference, Suppressed):
            suppressed.append(f"zrm.{figure.domain}.difference")
        zrm.append(
            {
                "domain": figure.domain,
                "mean": api_value(figure.mean),
                "difference": api_value(figure.difference),
            }
        )
    return {
        "level": row.level,
        "pk": row.pk,
        "code": row.code,
        "name": row.name,
        "team_area": row.team_area,
        "inhabitants": row.inhabitants,
        "guideline": row.guideline,
        **{name: api_value(getattr(row, name)) for name in FIGURES},
        "top_themes": row.top_themes,
        "zrm": zrm,
        "suppressed": suppressed,
    }


def _analysis_data(analysis: AreaAnalysis, threshold: int) -> dict:
    return {
        "start": analysis.start,
        "end": analysis.end,
        "disclosure_threshold": threshold,
        "municipality": _row_data(analysis.municipality) if analysis.municipality else None,
        "team_areas": [_row_data(row) for row in analysis.team_areas],
        "neighbourhoods": [_row_data(row) for row in analysis.neighbourhoods],
    }


class AreaAnalysisView(GenericAPIView):
    serializer_class = AreaAnalysisSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        summary="The area analysis (wijkanalyse): per team area and neighbourhood and for the "
        "municipality, registrations in the period, per 1,000 inhabitants, the share with "
        "problems on several life domains, top themes and the average intake ZRM per domain, "
        "each compared with the municipality; team areas outside the guideline flagged. "
        "Aggregates only: withheld figures are null and listed in `suppressed`. For policy "
        "advisors and team members. Default period: the last 12 months up to today.",
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD, included"),
        ],
        responses={200: AreaAnalysisSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        area_analysis_require(user=request.user)
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        analysis = area_analysis(user=request.user, **period.validated_data)
        data = _analysis_data(analysis, threshold())
        return Response(AreaAnalysisSerializer(data).data)
