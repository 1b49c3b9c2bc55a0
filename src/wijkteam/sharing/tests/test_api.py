"""The REST API for grounds for sharing."""

from __future__ import annotations

from datetime import date, timedelta

from rest_framework.test import APIClient

from wijkteam.sharing.models import SharingGround
from wijkteam.sharing.tests.factories import SharingGroundFactory

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(case) -> str:
    return f"/api/households/{case.household_id}/sharing-grounds/"


CONSENT = {
    "party": "specialist_care",
    "party_name": "GGZ Kennemerland",
    "purpose": "referral",
    "basis": "consent",
    "consent_given_on": YESTERDAY,
    "consent_scope": "Plan en ZRM",
}


def test_list_and_record(world, case):
    client = api_as(world.director.user)
    person = case.household.members.get()
    created = client.post(url(case), {**CONSENT, "consent_by": person.pk}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["party"] == "specialist_care" and body["consent_by"] == person.pk
    assert body["is_active"] is True and body["version"] == 1
    assert body["recorded_by"] == str(world.director.user)

    listed = client.get(url(case))
    assert listed.status_code == 200
    assert [ground["id"] for ground in listed.json()["results"]] == [body["id"]]


def test_a_refused_ground_is_a_400_at_its_field(world, case):
    client = api_as(world.director.user)
    response = client.post(url(case), {**CONSENT, "consent_scope": ""}, format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("required", "consent_scope")
    response = client.post(url(case), {**CONSENT, "party": "police"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "party" in response.json()["fields"]
    assert not SharingGround.objects.exists()


def test_consent_by_cannot_probe_other_households(world, case):
    from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory

    stranger = PersonFactory(household=HouseholdFactory(team=world.oost))
    client = api_as(world.director.user)
    for person_id in (stranger.pk, 999_999):
        response = client.post(url(case), {**CONSENT, "consent_by": person_id}, format="json")
        assert response.status_code == 400
        assert (response.json()["code"], response.json()["field"]) == (
            "invalid_person",
            "consent_by",
        )


def test_withdraw_and_a_stale_withdrawal(world, case):
    ground = SharingGroundFactory(household=case.household)
    client = api_as(world.director.user)
    path = f"/api/sharing-grounds/{ground.pk}/withdraw/"
    done = client.post(path, {"reason": "Ingetrokken", "expected_version": 1}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["is_active"] is False and done.json()["version"] == 2

    stale = SharingGroundFactory(household=case.household)
    SharingGround.objects.filter(pk=stale.pk).update(version=3)
    response = client.post(
        f"/api/sharing-grounds/{stale.pk}/withdraw/",
        {"reason": "Ingetrokken", "expected_version": 1},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"


def test_outsiders_get_404(world, case):
    ground = SharingGroundFactory(household=case.household)
    for user in (world.outsider.user, world.colleague.user, world.policy):
        client = api_as(user)
        assert client.get(url(case)).json() == {
            "code": "not_found",
            "detail": "Not found.",
            "field": None,
            "extra": {},
        }
        assert client.post(url(case), CONSENT, format="json").status_code == 404
        response = client.post(
            f"/api/sharing-grounds/{ground.pk}/withdraw/",
            {"reason": "x", "expected_version": 1},
            format="json",
        )
        assert response.status_code == 404
    missing = api_as(world.director.user).get("/api/households/999999/sharing-grounds/")
    assert missing.status_code == 404
    ground.refresh_from_db()
    assert ground.withdrawn_at is None


def test_the_resident_gives_and_withdraws_consent_but_records_no_legal_task(case, resident):
    client = api_as(resident)
    created = client.post(url(case), CONSENT, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["consent_by"] == resident.resident_account.person.pk
    task = {
        "party": "back_office",
        "purpose": "provision_advice",
        "basis": "legal_task",
        "legal_task": "wmo_2_3_2",
    }
    refused = client.post(url(case), task, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "resident_consent_only"
    withdrawn = client.post(
        f"/api/sharing-grounds/{created.json()['id']}/withdraw/",
        {"expected_version": 1},
        format="json",
    )
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["is_active"] is False
    assert client.get(url(case)).json()["count"] == 1


def test_unauthenticated_is_401(case):
    assert APIClient().get(url(case)).status_code == 401
