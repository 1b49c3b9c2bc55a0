"""The REST API for areas: reference data on team areas and their neighbourhoods."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.areas.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    TeamAreaFactory,
)


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_areas_with_neighbourhoods_team_and_population(world):
    response = api_as(world.policy).get("/api/areas/")
    assert response.status_code == 200
    areas = {a["name"]: a for a in response.json()["results"]}
    assert set(areas) == {"Schalkwijk 1", "Oost 2"}
    schalkwijk = areas["Schalkwijk 1"]
    assert schalkwijk["team"] == "Schalkwijk 1"
    assert schalkwijk["population"] == 10000
    assert [(n["name"], n["population"]) for n in schalkwijk["neighbourhoods"]] == [
        ("Boerhaavewijk", 6000),
        ("Meerwijk", 4000),
    ]


def test_areas_of_other_municipalities_are_not_listed(world):
    elsewhere = MunicipalityFactory(name="Heemstede", code="0397")
    TeamAreaFactory(municipality=elsewhere, name="Heemstede")
    names = {a["name"] for a in api_as(world.policy).get("/api/areas/").json()["results"]}
    assert "Heemstede" not in names


def test_area_list_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = api_as(world.policy)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/areas/").status_code == 200
    few = len(context.captured_queries)
    haarlem = world.schalkwijk.area.municipality
    for _number in range(5):
        area = TeamAreaFactory(municipality=haarlem)
        for _buurt in range(3):
            NeighbourhoodFactory(area=area)
    with django_assert_max_num_queries(few):
        client.get("/api/areas/")
