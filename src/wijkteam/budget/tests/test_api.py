from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from wijkteam.budget.models import SpendingRequest, SpendingStatus


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_budgets_list_and_overview(api, world, bud):
    bud.request("100", "Fiets")
    client = api(world.colleague.user)
    [listed] = client.get("/api/budgets/").json()["results"]
    assert (listed["id"], listed["remaining"]) == (bud.budget.pk, "1000.00")
    body = client.get(f"/api/budgets/{bud.budget.pk}/").json()
    assert body["pending"] == "100.00" and body["ledger"] == []
    assert body["pending_requests"][0]["household_reference"] == bud.household.reference
    assert api(world.outsider.user).get(f"/api/budgets/{bud.budget.pk}/").status_code == 404


def test_request_approve_and_refuse(api, world, bud):
    response = api(world.director.user).post(
        "/api/spending-requests/",
        {"household": bud.household.pk, "case": bud.case.pk, "amount": "250.00", "purpose": "Bed"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    spending = response.json()
    assert (spending["status"], spending["needs_municipality"]) == ("requested", False)
    approved = api(bud.coordinator).post(
        f"/api/spending-requests/{spending['id']}/approve/",
        {"expected_version": spending["version"]},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    other = bud.request("60")
    refused = api(bud.coordinator).post(
        f"/api/spending-requests/{other.pk}/refuse/",
        {"expected_version": other.version, "reason": "Voorliggend"},
        format="json",
    )
    assert refused.json()["status"] == SpendingStatus.REFUSED


def test_over_the_budget_is_a_structured_409(api, bud):
    first = bud.request("800")
    SpendingRequest.objects.filter(pk=first.pk).update(status=SpendingStatus.APPROVED)
    late = bud.request("250")
    response = api(bud.coordinator).post(
        f"/api/spending-requests/{late.pk}/approve/",
        {"expected_version": late.version},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["extra"]) == ("budget_exceeded", {"remaining": "200.00"})


def test_refusals_by_role_and_visibility(api, world, bud):
    spending = bud.request("450")
    body = {"expected_version": spending.version}
    url = f"/api/spending-requests/{spending.pk}/approve/"
    assert api(bud.coordinator).post(url, body, format="json").status_code == 403
    assert api(world.outsider.user).post(url, body, format="json").status_code == 404
    hidden = api(world.outsider.user).post(
        "/api/spending-requests/",
        {"household": bud.household.pk, "amount": "10", "purpose": "x"},
        format="json",
    )
    assert hidden.status_code == 404
    invalid = api(world.director.user).post(
        "/api/spending-requests/",
        {"household": bud.household.pk, "amount": "-1", "purpose": "x"},
        format="json",
    )
    assert (invalid.status_code, invalid.json()["field"]) == (400, "amount")
    assert SpendingRequest.objects.get().amount == Decimal("450")
