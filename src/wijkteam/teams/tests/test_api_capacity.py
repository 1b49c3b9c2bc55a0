"""The capacity and norms of a team in the API: for its coordinator, with 409 on a stale
version and structured 400s."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.teams.models import TeamNorm


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def _body(version, **values):
    body = {
        "caseload_norm": 20,
        "fulltime_hours": 36,
        "first_contact_working_days": 5,
        "plan_term_days": 42,
        "expected_version": version,
    }
    body.update(values)
    return body


def test_capacity_of_the_team(api, world, coordinator):
    case_in_state(actor=world.director.user, director=world.director, status="intake")
    response = api(coordinator.user).get(f"/api/teams/{world.schalkwijk.pk}/capacity/")
    assert response.status_code == 200
    body = response.json()
    assert (body["team"], body["open_cases"], body["norm"]["is_default"]) == (
        world.schalkwijk.pk,
        1,
        True,
    )
    director = next(m for m in body["members"] if m["membership"] == world.director.pk)
    assert (director["load"], director["status"]) == (1, "under")
    assert body["waiting"]["in_intake"] == 1


def test_norms_read_and_set_with_the_version(api, world, coordinator):
    client = api(coordinator.user)
    url = f"/api/teams/{world.schalkwijk.pk}/norms/"
    assert client.get(url).json()["version"] == 0
    response = client.put(url, _body(0, caseload_norm=18), format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["version"], response.json()["caseload_norm"]) == (1, 18)
    assert client.get(url).json()["is_default"] is False
    stale = client.put(url, _body(0, caseload_norm=30), format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert TeamNorm.objects.get().caseload_norm == 18


def test_bad_norms_are_a_structured_400(api, world, coordinator):
    url = f"/api/teams/{world.schalkwijk.pk}/norms/"
    response = api(coordinator.user).put(url, _body(0, plan_term_days=0), format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (
        "invalid_norm",
        "plan_term_days",
    )
    response = api(coordinator.user).put(url, {"caseload_norm": "veel"}, format="json")
    assert response.status_code == 400


def test_others_are_refused(api, world, coordinator):
    for user in (world.director.user, world.outsider.user, world.backoffice):
        client = api(user)
        assert client.get(f"/api/teams/{world.schalkwijk.pk}/capacity/").status_code == 403
        url = f"/api/teams/{world.schalkwijk.pk}/norms/"
        assert client.get(url).status_code == 403
        assert client.put(url, _body(0), format="json").status_code == 403
    assert APIClient().get(f"/api/teams/{world.schalkwijk.pk}/capacity/").status_code == 401
    assert not TeamNorm.objects.exists()
