from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkteam.audit.models import AccessLogEntry
from wijkteam.budget import services
from wijkteam.budget.models import SpendingRequest, SpendingStatus, TeamBudget
from wijkteam.core.errors import ConflictError, DomainError, Forbidden, NotFoundOrHidden
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory

YEAR = timezone.localdate().year


def approve(bud, spending, actor=None, **kwargs):
    return services.spending_request_approve(
        actor=actor or bud.coordinator,
        request=spending,
        reason=kwargs.pop("reason", ""),
        expected_version=kwargs.pop("expected_version", spending.version),
    )


# Setting budgets --------------------------------------------------------------------------------


def test_the_municipality_and_the_functional_administrator_set_budgets(world, bud):
    budget = services.budget_set(
        actor=bud.admin, team=world.oost, year=YEAR, amount=Decimal("800"),
        coordinator_limit=Decimal("100"),
    )  # fmt: skip
    assert (budget.team, budget.year, budget.amount) == (world.oost, YEAR, Decimal("800"))
    changed = services.budget_set(
        actor=bud.municipality, team=world.oost, year=YEAR, amount=Decimal("900"),
        coordinator_limit=Decimal("150"),
    )  # fmt: skip
    assert changed.pk == budget.pk and changed.version == budget.version + 1
    assert TeamBudget.objects.filter(team=world.oost).count() == 1


def test_changing_a_budget_records_who_and_when(world, bud):
    long_ago = timezone.now() - timedelta(days=30)
    TeamBudget.objects.filter(pk=bud.budget.pk).update(set_at=long_ago)
    changed = services.budget_set(
        actor=bud.admin, team=world.schalkwijk, year=bud.budget.year, amount=Decimal("1200"),
        coordinator_limit=Decimal("300"),
    )  # fmt: skip
    assert changed.set_by == bud.admin
    assert changed.set_at > long_ago + timedelta(days=29)


@pytest.mark.parametrize("who", ["director", "coordinator", "policy"])
def test_team_members_and_others_do_not_set_budgets(world, bud, who):
    actor = {"director": world.director.user, "coordinator": bud.coordinator}.get(who, world.policy)
    with pytest.raises(Forbidden):
        services.budget_set(
            actor=actor, team=world.oost, year=YEAR, amount=Decimal("1"),
            coordinator_limit=Decimal("1"),
        )  # fmt: skip


def test_a_budget_cannot_go_below_what_is_approved(world, bud):
    approve(bud, bud.request("250"))
    with pytest.raises(ConflictError) as refused:
        services.budget_set(
            actor=bud.municipality, team=world.schalkwijk, year=YEAR, amount=Decimal("200"),
            coordinator_limit=Decimal("300"),
        )  # fmt: skip
    assert refused.value.code == "below_approved"
    assert refused.value.field == "amount"


def test_negative_amounts_and_odd_years_are_refused(world, bud):
    for amount, year, field in (("-1", YEAR, "amount"), ("10", 1999, "year")):
        with pytest.raises(DomainError) as refused:
            services.budget_set(
                actor=bud.municipality, team=world.oost, year=year, amount=Decimal(amount),
                coordinator_limit=Decimal("0"),
            )  # fmt: skip
        assert refused.value.field == field


# Requests ---------------------------------------------------------------------------------------


def test_who_sees_the_household_requests_from_its_teams_budget(bud):
    small = bud.request("120.50", case=bud.case)
    large = bud.request("450")
    assert small.budget == bud.budget and small.status == SpendingStatus.REQUESTED
    assert small.case == bud.case
    assert not small.needs_municipality
    assert large.needs_municipality


def test_the_coordinator_limit_itself_is_the_coordinators(bud):
    assert not bud.request("300").needs_municipality


def test_a_request_is_client_data_in_the_access_log(bud):
    spending = bud.request("50")
    entry = AccessLogEntry.objects.filter(
        event="spending_request_changed", object_id=spending.pk
    ).get()
    assert entry.household_id == bud.household.pk


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_who_does_not_see_the_household_cannot_request(world, bud, who):
    with pytest.raises(NotFoundOrHidden):
        bud.request("50", actor=getattr(world, who).user)


@pytest.mark.parametrize(
    ("amount", "purpose", "code", "field"),
    [
        ("0", "Wasmachine", "invalid_amount", "amount"),
        ("-5", "Wasmachine", "invalid_amount", "amount"),
        ("1.005", "Wasmachine", "invalid_amount", "amount"),
        ("10", "  ", "purpose_required", "purpose"),
        ("1000.01", "Wasmachine", "budget_exceeded", "amount"),
    ],
)
def test_invalid_requests_are_refused(bud, amount, purpose, code, field):
    with pytest.raises(DomainError) as refused:
        bud.request(amount, purpose)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not SpendingRequest.objects.exists()


def test_no_budget_for_the_year_no_request(world, bud):
    bud.budget.delete()
    with pytest.raises(ConflictError) as refused:
        bud.request("10")
    assert refused.value.code == "no_budget"


def test_a_case_of_another_household_is_refused(world, bud):
    from wijkteam.cases.tests.factories import case_in_state

    other = case_in_state(
        actor=world.director.user,
        director=world.director,
        status="intake",
        household=HouseholdFactory(team=world.schalkwijk),
    )
    with pytest.raises(DomainError) as refused:
        bud.request("10", case=other)
    assert refused.value.code == "invalid_case"


def test_the_database_refuses_an_amount_of_zero(bud):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpendingRequest.objects.create(
            budget=bud.budget,
            household=bud.household,
            amount=Decimal("0"),
            purpose="x",
            requested_by=bud.coordinator,
        )


# Deciding ---------------------------------------------------------------------------------------


def test_the_coordinator_approves_within_the_limit(bud):
    spending = approve(bud, bud.request("300"), reason="Past binnen de afspraken")
    assert spending.status == SpendingStatus.APPROVED
    assert spending.decided_by == bud.coordinator and spending.decided_at is not None
    assert spending.decision_reason == "Past binnen de afspraken"


@pytest.mark.parametrize("who", ["municipality", "director", "other_coordinator"])
def test_others_do_not_approve_within_the_limit(world, bud, who):
    actors = {
        "municipality": bud.municipality,
        "director": world.director.user,
        "other_coordinator": MembershipFactory(
            team=world.oost, user=UserFactory(), is_coordinator=True
        ).user,
    }
    with pytest.raises(Forbidden) as refused:
        approve(bud, bud.request("100"), actor=actors[who])
    assert refused.value.code == "not_allowed"


def test_an_inactive_coordinator_no_longer_decides(bud):
    bud.coordinator.memberships.update(is_active=False)
    with pytest.raises(Forbidden):
        approve(bud, bud.request("100"))


def test_above_the_limit_the_municipality_decides(bud):
    spending = bud.request("450")
    with pytest.raises(Forbidden) as refused:
        approve(bud, spending)
    assert "€ 300,00" in refused.value.message
    assert approve(bud, spending, actor=bud.municipality).status == SpendingStatus.APPROVED


def test_approval_never_exceeds_the_budget(english, bud):
    approve(bud, bud.request("800"), actor=bud.municipality)
    late = bud.request("250")
    with pytest.raises(ConflictError) as refused:
        approve(bud, late)
    assert refused.value.code == "budget_exceeded"
    assert refused.value.extra == {"remaining": "200.00"}
    assert "€ 200,00 is left" in refused.value.message
    late.refresh_from_db()
    assert late.status == SpendingStatus.REQUESTED
    assert approve(bud, bud.request("200")).status == SpendingStatus.APPROVED  # exactly to zero


def test_refused_and_withdrawn_requests_do_not_count(bud):
    refused = bud.request("300")
    services.spending_request_refuse(
        actor=bud.coordinator, request=refused, reason="Voorliggende voorziening",
        expected_version=refused.version,
    )  # fmt: skip
    withdrawn = bud.request("300")
    services.spending_request_withdraw(
        actor=bud.case.director.user, request=withdrawn, expected_version=withdrawn.version
    )
    approve(bud, bud.request("450"), actor=bud.municipality)
    assert approve(bud, bud.request("300")).status == SpendingStatus.APPROVED
    assert services.approved_total(budget=bud.budget) == Decimal("750")


def test_refusing_needs_a_reason(bud):
    spending = bud.request("50")
    with pytest.raises(DomainError) as refused:
        services.spending_request_refuse(
            actor=bud.coordinator, request=spending, reason=" ", expected_version=1
        )
    assert refused.value.field == "reason"


def test_a_decision_is_made_once(bud):
    spending = approve(bud, bud.request("50"))
    with pytest.raises(ConflictError) as refused:
        services.spending_request_refuse(
            actor=bud.coordinator, request=spending, reason="Toch niet",
            expected_version=spending.version,
        )  # fmt: skip
    assert refused.value.code == "already_decided"


def test_a_decision_on_an_older_version_is_refused(bud):
    spending = bud.request("50")
    with pytest.raises(ConflictError) as refused:
        approve(bud, spending, expected_version=spending.version + 1)
    assert refused.value.code == "stale_version"


def test_only_the_requester_withdraws(world, bud):
    spending = bud.request("50")
    with pytest.raises(Forbidden):
        services.spending_request_withdraw(
            actor=bud.coordinator, request=spending, expected_version=spending.version
        )


def test_erasing_a_household_keeps_the_money_in_the_ledger(world, bud):
    household = HouseholdFactory(team=world.schalkwijk)
    spending = services.spending_request_create(
        actor=world.director.user, household=household, amount=Decimal("100"), purpose="Bed"
    )
    approve(bud, spending)
    household.delete()
    spending.refresh_from_db()
    assert spending.household is None and spending.household_reference == "—"
    assert services.approved_total(budget=bud.budget) == Decimal("100")
