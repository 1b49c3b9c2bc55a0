from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.budget import services
from wijkteam.budget.models import SpendingRequest, SpendingStatus
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


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


def test_the_list_of_budgets_does_not_grow_in_queries_with_its_rows(api, world, bud):
    approved = bud.request("300", "Schoolspullen")
    services.spending_request_approve(
        actor=bud.coordinator, request=approved, expected_version=approved.version
    )
    client = api(bud.municipality)
    web = Client()
    web.force_login(bud.municipality)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as in_api:
            assert client.get("/api/budgets/").status_code == 200
        with CaptureQueriesContext(connection) as on_page:
            assert web.get(reverse("budget:index")).status_code == 200
        return len(in_api), len(on_page)

    queries()  # the first request warms what is cached per process
    with_one = queries()
    for year in (2020, 2021, 2022):
        services.budget_set(
            actor=bud.municipality, team=world.oost, year=year, amount=Decimal("50"),
            coordinator_limit=Decimal("5"),
        )  # fmt: skip
    assert queries() == with_one
    listed = client.get("/api/budgets/").json()["results"]
    assert {row["id"]: row["remaining"] for row in listed}[bud.budget.pk] == "700.00"
    # A member's list joins the team's memberships: the sum must not count a row twice.
    MembershipFactory(team=world.schalkwijk, user=UserFactory())
    web.force_login(world.colleague.user)
    assert "€ 700,00" in web.get(reverse("budget:index")).text


def test_the_municipality_sets_a_budget_through_the_api(api, world, bud):
    bud.request("100", "Fiets", actor=world.director.user)
    spending = SpendingRequest.objects.get()
    services.spending_request_approve(
        actor=bud.coordinator, request=spending, expected_version=spending.version
    )
    client = api(bud.municipality)
    body = {"team": world.schalkwijk.pk, "year": bud.budget.year, "coordinator_limit": "250"}
    response = client.post("/api/budgets/", {**body, "amount": "1500"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["amount"], response.json()["remaining"]) == ("1500.00", "1400.00")
    bud.budget.refresh_from_db()
    assert (bud.budget.amount, bud.budget.coordinator_limit) == (Decimal("1500"), Decimal("250"))

    # Below what is already approved: refused, and nothing changes.
    response = client.post("/api/budgets/", {**body, "amount": "50"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"]
    response = client.post("/api/budgets/", {**body, "team": 999999, "amount": "10"}, format="json")
    assert (response.status_code, response.json()["field"]) == (400, "team")
    bud.budget.refresh_from_db()
    assert bud.budget.amount == Decimal("1500")


def test_a_team_member_cannot_set_a_budget(api, world, bud):
    body = {"team": world.schalkwijk.pk, "year": 2030, "amount": "1", "coordinator_limit": "1"}
    response = api(bud.coordinator).post("/api/budgets/", body, format="json")
    assert response.status_code == 403
    assert not bud.budget.team.budgets.filter(year=2030).exists()
