"""Collective activities in the API, and the plan action's ``collective_activity``."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.community.models import ActivityStatus, SignalStatus
from wijkteam.community.tests.test_activities_support import (
    activity,
    community_worker,
    signal,
    theme,
)


@pytest.fixture
def worker(world):
    return community_worker(world).user


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_create_read_and_patch(world, worker):
    found = signal(world)
    api = _api(worker)
    response = api.post(
        "/api/collective-activities/",
        {
            "team": world.schalkwijk.pk,
            "kind": "group",
            "name": "Koffieochtend Meerwijk",
            "signals": [found.pk],
            "neighbourhoods": [found.neighbourhood_id],
            "themes": [theme().pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["signals"] == [found.pk] and body["status"] == "planned"
    assert body["route"] == {
        "actions": None,
        "actions_suppressed": True,
        "households": None,
        "households_suppressed": True,
        "signals": 1,
    }
    found.refresh_from_db()
    assert found.status == SignalStatus.TAKEN_UP
    url = f"/api/collective-activities/{body['id']}/"
    stale = api.patch(url, {"version": body["version"] + 3, "name": "X"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    ok = api.patch(url, {"version": body["version"], "name": "Koffie & zo"}, format="json")
    assert ok.status_code == 200 and ok.json()["name"] == "Koffie & zo"
    listed = api.get("/api/collective-activities/", {"kind": "group"}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


def test_refusals_are_structured(world, worker):
    api = _api(worker)
    response = api.post(
        "/api/collective-activities/",
        {"team": world.schalkwijk.pk, "kind": "municipality_request", "name": "Bankjes"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "description"
    response = _api(world.director.user).post(
        "/api/collective-activities/",
        {"team": world.schalkwijk.pk, "kind": "group", "name": "Groep"},
        format="json",
    )
    assert response.status_code == 403


def test_other_team_gets_404(world, worker):
    made = activity(world, worker)
    response = _api(world.outsider.user).get(f"/api/collective-activities/{made.pk}/")
    assert response.status_code == 404


def test_participation_signal_link_and_end(world, worker):
    made = activity(world, worker)
    api = _api(worker)
    base = f"/api/collective-activities/{made.pk}/"
    bad = api.post(
        base + "participations/",
        {"on": "2026-04-07", "participants": 2, "new_participants": 3},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "new_participants"
    ok = api.post(base + "participations/", {"on": "2026-04-07", "participants": 8}, format="json")
    assert ok.status_code == 201
    found = signal(world)
    linked = api.post(base + "signals/", {"signal": found.pk}, format="json")
    assert linked.status_code == 200 and linked.json()["signals"] == [found.pk]
    made.refresh_from_db()
    assert made.status == ActivityStatus.RUNNING
    ended = api.post(base + "end/", {"outcome": "reached", "version": made.version}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    again = api.post(base + "end/", {"outcome": "reached", "version": made.version + 1})
    assert again.status_code == 409


def test_plan_action_takes_an_activity_at_step_2_only(world, worker):
    made = activity(world, worker)
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    goal = case.plan.goals.get()
    api = _api(world.director.user)
    body = {
        "description": "Meedoen met de koffieochtend",
        "step": 1,
        "performer": "volunteer_organisation",
        "collective_activity": made.pk,
    }
    refused = api.post(f"/api/goals/{goal.pk}/actions/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "collective_activity"
    body.update(step=2, step_reason="Klein netwerk")
    response = api.post(f"/api/goals/{goal.pk}/actions/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["collective_activity"] == made.pk
