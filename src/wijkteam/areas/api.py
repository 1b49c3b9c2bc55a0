"""REST API for reference data on areas: team areas, their neighbourhoods and population."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from wijkteam.areas.models import Neighbourhood, TeamArea
from wijkteam.areas.selectors import areas_with_neighbourhoods
from wijkteam.core.api import error_responses


class NeighbourhoodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ["id", "name", "code", "population"]


class AreaSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.name")
    team = serializers.SerializerMethodField()
    population = serializers.SerializerMethodField()
    neighbourhoods = NeighbourhoodSerializer(many=True)

    class Meta:
        model = TeamArea
        fields = ["id", "name", "code", "municipality", "team", "population", "neighbourhoods"]

    def get_team(self, area: TeamArea) -> str | None:
        team = getattr(area, "team", None)  # an area may not have its team yet
        return team.name if team else None

    def get_population(self, area: TeamArea) -> int:
        # Summed from the prefetched neighbourhoods, so a list costs no extra query per area.
        return sum(neighbourhood.population for neighbourhood in area.neighbourhoods.all())


@extend_schema_view(
    list=extend_schema(
        summary="Team areas with their neighbourhoods and population",
        responses={200: AreaSerializer(many=True), **error_responses(401)},
    ),
    retrieve=extend_schema(
        summary="One team area", responses={200: AreaSerializer, **error_responses(401, 404)}
    ),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_converter = "int"
    serializer_class = AreaSerializer
    queryset = TeamArea.objects.none()  # for the schema; requests use the selector

    def get_queryset(self) -> Any:
        return areas_with_neighbourhoods()
