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
from wijkteam.monitoring.dashboard import (
    Dashboard,
    dashboard_compute,
    dashboard_period_parse,
    dashboard_require,
    dashboard_scope_default,
    dashboard_scope_parse,
)
from wijkteam.monitoring.indicators import LEVELS

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


# The dashboard ------------------------------------------------------------------------------------


class DashboardItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text=WITHHELD)


class DashboardIndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    numerator = serializers.CharField()
    denominator = serializers.CharField()
    period_rule = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text=f"This period. {WITHHELD}")
    previous = serializers.FloatField(allow_null=True, help_text=f"The period before. {WITHHELD}")
    change = serializers.FloatField(
        allow_null=True, help_text=f"This period minus the one before. {WITHHELD}"
    )
    breakdown = DashboardItemSerializer(many=True)
    suppressed = serializers.ListField(
        child=serializers.CharField(),
        help_text="The fields withheld (`value`, `previous`, `change`, `breakdown.<key>`).",
    )


class DashboardTeamFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text=WITHHELD)
    suppressed = serializers.BooleanField()


class DashboardTeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    figures = DashboardTeamFigureSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=list(LEVELS))
    scope = serializers.IntegerField(allow_null=True, help_text="Null for the municipality.")
    scope_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    previous_start = serializers.DateField()
    previous_end = serializers.DateField()
    exact = serializers.BooleanField(
        help_text="True for a team member's own team: exact counts, nothing withheld."
    )
    disclosure_threshold = serializers.IntegerField()
    indicators = DashboardIndicatorSerializer(many=True)
    teams = DashboardTeamSerializer(
        many=True, help_text="The comparison between teams (at the municipality level)."
    )


class DashboardQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=list(LEVELS), required=False)
    scope = serializers.IntegerField(min_value=1, required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)


def _dashboard_data(dashboard: Dashboard) -> dict:
    indicators = []
    for card in dashboard.cards:
        indicator = card.indicator
        indicators.append(
            {
                "key": card.key,
                "label": str(indicator.label),
                "definition": str(indicator.definition),
                "numerator": str(indicator.numerator),
                "denominator": str(indicator.denominator),
                "period_rule": str(indicator.period_rule),
                "unit": indicator.unit,
                "value": api_value(card.value),
                "previous": api_value(card.previous),
                "change": api_value(card.change),
                "breakdown": [
                    {"key": item.key, "label": item.label, "value": api_value(item.value)}
                    for item in card.breakdown
                ],
                "suppressed": card.suppressed,
            }
        )
    teams = [
        {
            "id": team.pk,
            "name": team.name,
            "figures": [
                {
                    "indicator": key,
                    "value": api_value(value),
                    "suppressed": isinstance(value, Suppressed),
                }
                for key, value in team.values.items()
            ],
        }
        for team in dashboard.teams
    ]
    return {
        "level": dashboard.scope.level,
        "scope": dashboard.scope.pk,
        "scope_name": dashboard.scope_name,
        "start": dashboard.period.start,
        "end": dashboard.period.end,
        "previous_start": dashboard.previous_period.start,
        "previous_end": dashboard.previous_period.end,
        "exact": dashboard.exact,
        "disclosure_threshold": threshold(),
        "indicators": indicators,
        "teams": teams,
    }


class DashboardView(GenericAPIView):
    serializer_class = DashboardSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        summary="The monitoring dashboard: every indicator for the municipality, a team, a "
        "team area or a neighbourhood, for a year, quarter or month, with the previous period "
        "and the change; at the municipality level also per team. Outside the user's own team "
        "withheld figures are null and listed in `suppressed`. For policy advisors and team "
        "members. Defaults: the own team (policy advisor: the municipality), this year.",
        parameters=[
            OpenApiParameter("level", str, enum=list(LEVELS)),
            OpenApiParameter("scope", int, description="The id of the team, area or neighbourhood"),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int, description="1–4: a quarter of the year"),
            OpenApiParameter("month", int, description="1–12: a month of the year"),
        ],
        responses={200: DashboardSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        dashboard_require(user=request.user)
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data.get("level"):
            scope = dashboard_scope_parse(level=data["level"], pk=data.get("scope"))
        else:
            scope = dashboard_scope_default(user=request.user)
        when = dashboard_period_parse(
            year=data.get("year"), quarter=data.get("quarter"), month=data.get("month")
        )
        dashboard = dashboard_compute(user=request.user, scope=scope, period=when)
        return Response(DashboardSerializer(_dashboard_data(dashboard)).data)
