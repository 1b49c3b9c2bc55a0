"""The schema documents what the API really answers (each found by the API fuzz test,
``test_api_fuzz.py``): the 404 of a page that does not exist, and times of day without an offset.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from wijkteam.audit.tests.conftest import token_client
from wijkteam.cases.models import CaseConference
from wijkteam.core.api import LOCAL_TIME_PATTERN


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def test_every_paginated_list_documents_the_404_of_a_missing_page(schema):
    lists = [
        (path, method, operation)
        for path, method, operation in _operations(schema)
        if any(p["in"] == "query" and p["name"] == "page" for p in operation.get("parameters", []))
    ]
    assert ("/api/households/", "get") in {(path, method) for path, method, _ in lists}
    for path, method, operation in lists:
        response = operation["responses"].get("404")
        assert response, (path, method)
        schema_ref = response["content"]["application/json"]["schema"]["$ref"]
        assert schema_ref == "#/components/schemas/Error", (path, method)


@pytest.mark.parametrize("page", ["99", "abc"])
def test_a_page_past_the_last_or_not_a_number_is_404(world, page):
    response = token_client(world.director.user).get(f"/api/households/?page={page}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_no_time_is_documented_with_an_offset_it_does_not_have(schema):
    conference = schema["components"]["schemas"]["Conference"]["properties"]["starts_at"]
    assert conference["pattern"] == LOCAL_TIME_PATTERN
    assert '"format": "time"' not in repr(schema).replace("'", '"')


def test_a_conference_answers_its_start_time_as_the_schema_says(world):
    conference = CaseConference.objects.create(
        team=world.schalkwijk,
        held_on=timezone.localdate() + timedelta(days=1),
        created_by=world.director.user,
    )
    response = token_client(world.director.user).get(f"/api/conferences/{conference.pk}/")
    assert response.status_code == 200
    assert re.match(LOCAL_TIME_PATTERN, response.json()["starts_at"])


@pytest.mark.parametrize("path", ["/api/households/-1/", "/api/nergens/"])
def test_an_api_path_that_matches_no_route_is_404_in_the_error_shape(world, path):
    response = token_client(world.director.user).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_page_that_matches_no_route_is_still_the_html_page(client, db):
    response = client.get("/nergens/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("person", ["-1360770044065170325504", "99999999999999999999", "0"])
def test_a_person_id_beyond_the_ids_is_a_bad_request_not_a_server_error(world, person):
    from wijkteam.cases.lifecycle import Status
    from wijkteam.cases.tests.factories import case_in_state

    case = case_in_state(actor=world.director.user, director=world.director, status=Status.INTAKE)
    response = token_client(world.director.user).get(
        f"/api/households/{case.household_id}/zrm-progress/?person={person}"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("team", ["99999999999999999999", "0"])
def test_a_team_id_beyond_the_ids_filters_to_nothing_or_is_refused(world, team):
    client = token_client(world.director.user)
    conferences = client.get(f"/api/conferences/?team={team}")
    assert conferences.status_code == 200
    assert conferences.json()["results"] == []
    signals = client.get(f"/api/neighbourhood-signals/?team={team}")
    assert signals.status_code == 400
    assert signals.json()["field"] == "team"
