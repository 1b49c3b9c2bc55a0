from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkteam.budget import services
from wijkteam.budget.models import SpendingRequest, SpendingStatus, TeamBudget
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.tests.factories import UserFactory


def test_the_list_shows_the_teams_budget_with_what_is_left(client, world, bud):
    client.force_login(world.colleague.user)
    response = client.get(reverse("budget:index"))
    assert response.status_code == 200
    assert "Schalkwijk 1" in response.text and "€ 1.000,00" in response.text
    assert reverse("budget:set") not in response.text


def test_the_household_page_links_to_the_request_form(client, world, bud):
    client.force_login(world.director.user)
    response = client.get(reverse("households:detail", args=[bud.household.pk]))
    assert reverse("budget:request_create", args=[bud.household.pk]) in response.text


def test_requesting_from_the_household_page(client, world, bud):
    client.force_login(world.director.user)
    url = reverse("budget:request_create", args=[bud.household.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"amount": "125,50", "purpose": "Bed", "case": bud.case.pk})
    assert response.status_code == 302
    spending = SpendingRequest.objects.get()
    assert (spending.amount, spending.case) == (Decimal("125.50"), bud.case)


def test_a_refused_request_keeps_what_was_typed(client, world, bud):
    client.force_login(world.director.user)
    url = reverse("budget:request_create", args=[bud.household.pk])
    response = client.post(url, {"amount": "0", "purpose": "Een nieuw bed voor de kinderen"})
    assert response.status_code == 400
    assert "Een nieuw bed voor de kinderen" in response.text
    assert _("The amount must be more than € 0.") in response.text
    assert not SpendingRequest.objects.exists()


def test_the_coordinator_approves_on_the_budget_page(client, bud):
    spending = bud.request("200", "Fiets")
    client.force_login(bud.coordinator)
    page = client.get(reverse("budget:detail", args=[bud.budget.pk]))
    assert reverse("budget:approve", args=[spending.pk]) in page.text
    assert "Fiets" in page.text  # what to decide on
    response = client.post(
        reverse("budget:approve", args=[spending.pk]),
        {f"r{spending.pk}-version": spending.version, f"r{spending.pk}-reason": ""},
    )
    assert response.status_code == 302
    spending.refresh_from_db()
    assert spending.status == SpendingStatus.APPROVED
    ledger = client.get(reverse("budget:detail", args=[bud.budget.pk])).text
    # Decided: the coordinator is not on the case, so the ledger shows the amount, not the
    # purpose (need-to-know).
    assert "€ 800,00" in ledger and "Fiets" not in ledger


def test_a_colleague_sees_the_request_but_no_form(client, world, bud):
    spending = bud.request("200")
    client.force_login(world.colleague.user)
    page = client.get(reverse("budget:detail", args=[bud.budget.pk]))
    assert page.status_code == 200 and spending.household_reference in page.text
    assert reverse("budget:approve", args=[spending.pk]) not in page.text
    response = client.post(
        reverse("budget:approve", args=[spending.pk]), {f"r{spending.pk}-version": 1}
    )
    assert response.status_code == 403


def test_a_colleague_is_not_told_why_a_request_was_refused(client, world, bud):
    spending = bud.request("200", "Fiets")
    services.spending_request_refuse(
        actor=bud.coordinator,
        request=spending,
        reason="Zoon is al eerder geholpen",
        expected_version=spending.version,
    )
    client.force_login(world.colleague.user)
    page = client.get(reverse("budget:detail", args=[bud.budget.pk])).text
    assert spending.household_reference in page and "Zoon is al eerder geholpen" not in page
    client.force_login(world.director.user)
    assert (
        "Zoon is al eerder geholpen"
        in client.get(reverse("budget:detail", args=[bud.budget.pk])).text
    )


def test_refusing_without_a_reason_keeps_the_form(client, bud):
    spending = bud.request("200")
    client.force_login(bud.coordinator)
    response = client.post(
        reverse("budget:refuse", args=[spending.pk]),
        {f"r{spending.pk}-version": spending.version, f"r{spending.pk}-reason": " "},
    )
    assert response.status_code == 400
    assert _("Say why the request is refused, without naming anyone.") in response.text


def test_over_the_budget_says_how_much_is_left(client, bud):
    TeamBudget.objects.filter(pk=bud.budget.pk).update(amount=Decimal("150"))
    spending = SpendingRequest.objects.create(
        budget=bud.budget, household=bud.household, amount=Decimal("200"), purpose="Bed",
        requested_by=bud.coordinator,
    )  # fmt: skip
    client.force_login(bud.coordinator)
    response = client.post(
        reverse("budget:approve", args=[spending.pk]),
        {f"r{spending.pk}-version": spending.version, f"r{spending.pk}-reason": "Nodig"},
    )
    assert response.status_code == 409
    assert "€ 150,00" in response.text
    assert "Nodig" in response.text  # what was typed stays


def test_the_municipality_sets_a_budget(client, world, bud):
    client.force_login(bud.municipality)
    url = reverse("budget:set")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"team": world.oost.pk, "year": 2027, "amount": "2500", "coordinator_limit": "250"},
    )
    assert response.status_code == 302
    assert TeamBudget.objects.get(team=world.oost, year=2027).amount == Decimal("2500")


def test_a_team_member_cannot_set_budgets(client, world, bud):
    client.force_login(bud.coordinator)
    assert client.get(reverse("budget:set")).status_code == 403


@pytest.mark.parametrize("name", ["index", "detail"])
def test_residents_get_no_budget_pages(client, bud, name):
    resident = UserFactory(username="bewoner")
    ResidentAccount.objects.create(user=resident, person=PersonFactory(household=bud.household))
    client.force_login(resident)
    args = [bud.budget.pk] if name == "detail" else []
    assert client.get(reverse(f"budget:{name}", args=args)).status_code == 403
