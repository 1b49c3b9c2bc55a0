from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wijkteam.sharing.models import SharingGround


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def _body(bo, **values):
    today = timezone.localdate()
    body = {
        "case": bo.case.pk,
        "person": bo.person.pk,
        "category": "wmo_13",
        "provision": "Traplift",
        "reasons": "Kan de trap niet meer op",
        "tried": "Bed beneden gezet; niet houdbaar",
        "requested_on": (today - timedelta(days=12)).isoformat(),
        "applied_on": (today - timedelta(days=1)).isoformat(),
        "send": True,
    }
    body.update(values)
    return body


def test_advice_send_list_detail_and_decide(api, world, bo):
    created = api(world.director.user).post("/api/advices/", _body(bo), format="json")
    assert created.status_code == 201, created.json()
    advice = created.json()
    assert advice["status"] == "sent" and advice["person"]["bsn"] == ""  # the team needs no BSN
    assert advice["investigation_term"]["state"] == "met"
    back_office = api(bo.consultant)
    [listed] = back_office.get("/api/advices/?state=waiting").json()["results"]
    assert listed["id"] == advice["id"] and "person" not in listed
    detail = back_office.get(f"/api/advices/{advice['id']}/").json()
    assert detail["person"]["name"].endswith("Kroos")
    decided = back_office.post(
        f"/api/advices/{advice['id']}/decisions/",
        {"outcome": "refused", "reason": "Voorliggende voorziening", "expected_version": 2},
        format="json",
    )
    assert decided.status_code == 201, decided.json()
    stale = api(bo.colleague).post(
        f"/api/advices/{advice['id']}/decisions/",
        {"outcome": "granted", "reason": "Toch wel", "expected_version": 2},
        format="json",
    )
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    contact = api(world.director.user).get(
        f"/api/households/{bo.household.pk}/back-office-contact/"
    )
    assert contact.json()["contact"]["name"] == str(bo.consultant)


def test_draft_send_and_withdraw(api, world, bo):
    client = api(world.director.user)
    draft = client.post("/api/advices/", _body(bo, send=False), format="json").json()
    assert draft["status"] == "draft"
    assert api(bo.consultant).get(f"/api/advices/{draft['id']}/").status_code == 404
    sent = client.post(
        f"/api/advices/{draft['id']}/send/", {"expected_version": draft["version"]}, format="json"
    )
    assert sent.json()["status"] == "sent"
    withdrawn = client.post(
        f"/api/advices/{draft['id']}/withdraw/",
        {"expected_version": sent.json()["version"], "reason": "Dubbel ingediend"},
        format="json",
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_structured_refusals(api, world, bo):
    bad = api(world.director.user).post(
        "/api/advices/", _body(bo, applied_on="2000-01-01"), format="json"
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "applied_on")
    hidden = api(world.outsider.user).post("/api/advices/", _body(bo), format="json")
    assert hidden.status_code == 404
    SharingGround.objects.filter(household=bo.household).delete()
    refused = api(world.director.user).post("/api/advices/", _body(bo), format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "sharing_refused")
    assert (
        api(world.director.user).post("/api/advices/1/decisions/", {}, format="json").status_code
        == 403
    )


def test_breakthrough_create_and_transition(api, world, bo):
    created = api(world.director.user).post(
        "/api/breakthroughs/",
        {"case": bo.case.pk, "blocking_rule": "Regel", "solution": "Oplossing", "reasons": "Nodig"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    request = created.json()
    assert request["addressed_to"] is None
    moved = api(bo.consultant).post(
        f"/api/breakthroughs/{request['id']}/transition/",
        {"to_status": "in_progress", "expected_version": request["version"]},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    illegal = api(bo.consultant).post(
        f"/api/breakthroughs/{request['id']}/transition/",
        {"to_status": "submitted", "expected_version": moved.json()["version"]},
        format="json",
    )
    assert (illegal.status_code, illegal.json()["code"]) == (409, "illegal_transition")
    listed = api(world.director.user).get("/api/breakthroughs/").json()["results"]
    assert [row["status"] for row in listed] == ["in_progress"]
    assert api(world.outsider.user).get("/api/breakthroughs/").json()["results"] == []
