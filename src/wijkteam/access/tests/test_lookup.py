"""Hit or no-hit: other teams and the back office may ask whether someone is known."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkteam.access.selectors import known_lookup
from wijkteam.audit.models import AccessLogEntry
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.households.tests.factories import PersonFactory

BSN = "999999990"


@pytest.fixture
def household(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    household = case.household
    household.postcode, household.house_number = "2035AB", 12
    household.save()
    PersonFactory(household=household, given_name="Zephyrina", bsn=BSN)
    world.schalkwijk.phone, world.schalkwijk.email = "023 511 00 00", "schalkwijk1@example.org"
    world.schalkwijk.save()
    return household


@pytest.fixture
def backoffice(world):
    world.backoffice.groups.add(Group.objects.get(name="Backoffice"))
    return world.backoffice


def test_another_team_hears_hit_and_the_teams_contact_nothing_more(world, household):
    result = known_lookup(user=world.outsider.user, bsn=BSN)
    assert result.hit is True
    [team] = result.teams
    assert (team.name, team.phone, team.email) == (
        "Schalkwijk 1",
        "023 511 00 00",
        "schalkwijk1@example.org",
    )
    assert known_lookup(user=world.outsider.user, postcode="2035 ab", house_number=12).hit
    assert not known_lookup(user=world.outsider.user, postcode="2035AB", house_number=13).hit


def test_every_question_is_logged_with_the_household_and_without_the_question(world, household):
    from wijkteam.audit.context import access_context

    with access_context(actor=world.outsider.user, origin="test"):
        known_lookup(user=world.outsider.user, bsn=BSN)
        known_lookup(user=world.outsider.user, bsn="111222333")
    hit, miss = AccessLogEntry.objects.filter(event="known_lookup").order_by("id")
    assert (hit.household_id, hit.result_count, hit.actor_id) == (
        household.pk,
        1,
        world.outsider.user.pk,
    )
    assert (miss.household_id, miss.result_count) == (None, 0)
    for entry in (hit, miss):
        assert BSN not in str(entry.__dict__) and "111222333" not in str(entry.__dict__)


def test_the_back_office_may_ask_and_the_policy_advisor_may_not(world, household, backoffice):
    assert known_lookup(user=backoffice, bsn=BSN).hit
    with pytest.raises(Forbidden):
        known_lookup(user=world.policy, bsn=BSN)


def test_a_question_needs_an_address_or_a_valid_bsn(world):
    with pytest.raises(DomainError) as empty:
        known_lookup(user=world.outsider.user)
    assert empty.value.field == "postcode"
    with pytest.raises(DomainError) as invalid:
        known_lookup(user=world.outsider.user, bsn="123456789")
    assert invalid.value.field == "bsn"


def test_the_lookup_page_answers_by_post_and_keeps_what_was_typed(world, household, client):
    client.force_login(world.outsider.user)
    url = reverse("access:lookup")
    assert client.get(url).status_code == 200
    hit = client.post(url, {"bsn": BSN}).content.decode()
    assert "Schalkwijk 1" in hit and "Zephyrina" not in hit
    refused = client.post(url, {"postcode": "20", "house_number": "12"})
    assert refused.status_code == 200
    assert 'value="20"' in refused.content.decode()
    client.force_login(world.policy)
    assert client.get(url).status_code == 403


def api(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_answers_hit_and_no_hit(world, household):
    client = api(world.outsider.user)
    response = client.post("/api/known-lookups/", {"bsn": BSN}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "hit": True,
        "teams": [
            {"name": "Schalkwijk 1", "phone": "023 511 00 00", "email": "schalkwijk1@example.org"}
        ],
    }
    response = client.post("/api/known-lookups/", {"bsn": "123"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "bsn"
    assert api(world.policy).post("/api/known-lookups/", {"bsn": BSN}).status_code == 403


def test_the_api_known_card_and_emergency_access(world, household):
    colleague = api(world.colleague.user)
    card = colleague.get(f"/api/households/{household.pk}/known/")
    assert card.status_code == 200
    assert card.json()["director_name"] == str(world.director.user)
    assert colleague.get(f"/api/households/{household.pk}/").status_code == 404
    refused = colleague.post(
        f"/api/households/{household.pk}/emergency-access/", {"reason": "kort"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    opened = colleague.post(
        f"/api/households/{household.pk}/emergency-access/",
        {"reason": "Crisis, regisseur met verlof"},
        format="json",
    )
    assert opened.status_code == 201
    assert colleague.get(f"/api/households/{household.pk}/").status_code == 200
    outsider = api(world.outsider.user)
    assert outsider.get(f"/api/households/{household.pk}/known/").status_code == 404
    assert (
        outsider.post(
            f"/api/households/{household.pk}/emergency-access/",
            {"reason": "Crisis, regisseur met verlof"},
            format="json",
        ).status_code
        == 404
    )
    assert api(world.colleague.user).get("/api/emergency-accesses/").status_code == 403
