"""The REST API for teams: members as reference data, and the team inbox."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.cases import services as case_services
from wijkteam.cases.models import Urgency
from wijkteam.teams.models import Function
from wijkteam.teams.tests.factories import MembershipFactory, TeamFactory, UserFactory


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_teams_with_their_active_members(world):
    world.colleague.is_active = False
    world.colleague.save()
    response = api_as(world.director.user).get(f"/api/teams/{world.schalkwijk.pk}/")
    assert response.status_code == 200
    team = response.json()
    assert team["name"] == "Schalkwijk 1"
    members = {m["id"]: m for m in team["members"]}
    assert set(members) == {world.director.pk, world.cjg_coach.pk}
    coach = members[world.cjg_coach.pk]
    assert (coach["function"], coach["fte"], coach["is_expert"]) == (
        Function.CJG_COACH,
        "0.20",
        True,
    )
    assert coach["name"] == str(world.cjg_coach.user)
    listing = api_as(world.director.user).get("/api/teams/").json()
    assert {t["name"] for t in listing["results"]} == {"Schalkwijk 1", "Oost 2"}


def test_inbox_most_urgent_first_then_longest_waiting(world):
    actor = world.director.user
    normal = case_services.registration_create(actor=actor, question="a", postcode="2035AB")
    crisis = case_services.registration_create(
        actor=actor, question="b", postcode="2036AB", urgency=Urgency.CRISIS
    )
    later = case_services.registration_create(actor=actor, question="c", postcode="2035AC")
    inbox = api_as(world.colleague.user).get(f"/api/teams/{world.schalkwijk.pk}/inbox/").json()
    assert [c["id"] for c in inbox["results"]] == [crisis.pk, normal.pk, later.pk]


def test_inbox_of_another_team_is_empty_and_a_missing_team_is_404(world):
    case_services.registration_create(actor=world.director.user, question="a", postcode="2035AB")
    client = api_as(world.outsider.user)
    response = client.get(f"/api/teams/{world.schalkwijk.pk}/inbox/")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    response = client.get("/api/teams/99999/inbox/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_team_list_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = api_as(world.director.user)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/api/teams/").status_code == 200
    few = len(context.captured_queries)
    for _number in range(5):
        team = TeamFactory()
        for _member in range(3):
            MembershipFactory(team=team, user=UserFactory())
    with django_assert_max_num_queries(few):
        client.get("/api/teams/")
