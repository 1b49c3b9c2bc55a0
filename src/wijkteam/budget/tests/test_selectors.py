from __future__ import annotations

from decimal import Decimal

import pytest

from wijkteam.audit.models import AccessLogEntry
from wijkteam.budget import services
from wijkteam.budget.selectors import budget_overview, budgets_visible_to, spending_request_get
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.tests.factories import PersonFactory


@pytest.mark.parametrize("who", ["director", "colleague", "cjg_coach"])
def test_members_of_the_team_see_its_budget(world, bud, who):
    assert list(budgets_visible_to(user=getattr(world, who).user)) == [bud.budget]


def test_the_municipality_and_the_administrator_see_every_budget(world, bud):
    other = services.budget_set(
        actor=bud.admin, team=world.oost, year=bud.budget.year, amount=Decimal("10"),
        coordinator_limit=Decimal("5"),
    )  # fmt: skip
    for user in (bud.municipality, bud.admin):
        assert set(budgets_visible_to(user=user)) == {bud.budget, other}


def test_others_see_no_budget(world, bud):
    for user in (world.outsider.user, world.policy):
        assert not budgets_visible_to(user=user).exists()
        with pytest.raises(NotFoundOrHidden):
            budget_overview(user=user, budget=bud.budget)
    with pytest.raises(NotFoundOrHidden):
        spending_request_get(user=world.outsider.user, pk=bud.request("10").pk)


def test_the_year_overview_adds_up_and_names_no_one(world, bud):
    PersonFactory(household=bud.household, given_name="Zephyrina", family_name="Quackenbosch")
    approved = bud.request("300", "Schoolspullen")
    services.spending_request_approve(
        actor=bud.coordinator, request=approved, expected_version=approved.version
    )
    bud.request("450", "Inrichting")
    overview = budget_overview(user=world.colleague.user, budget=bud.budget)
    assert (overview.amount, overview.approved, overview.pending, overview.remaining) == (
        Decimal("1000"),
        Decimal("300"),
        Decimal("450"),
        Decimal("700"),
    )
    [row] = overview.ledger
    # The colleague is not on the household's case: the amount, not what it was for.
    assert (row.household_reference, row.amount, row.purpose) == (
        bud.household.reference,
        Decimal("300"),
        "",
    )
    [seen] = budget_overview(user=world.director.user, budget=bud.budget).ledger
    assert seen.purpose == "Schoolspullen"
    assert row.decided_by == str(bud.coordinator)
    assert "Zephyrina" not in repr(overview.ledger) + repr(overview.pending_requests)
    [waiting] = overview.pending_requests
    assert waiting.needs_municipality and not waiting.may_decide  # the colleague's view
    month = row.date.month if row.date.year == bud.budget.year else None
    assert dict(overview.by_month).get(month) == Decimal("300")


def test_who_may_decide_is_told_per_request(bud):
    bud.request("100")
    bud.request("450")
    by_coordinator = budget_overview(user=bud.coordinator, budget=bud.budget).pending_requests
    by_municipality = budget_overview(user=bud.municipality, budget=bud.budget).pending_requests
    assert [row.may_decide for row in by_coordinator] == [True, False]
    assert [row.may_decide for row in by_municipality] == [False, True]


def test_reading_the_ledger_is_logged(world, bud):
    bud.request("100")
    budget_overview(user=world.colleague.user, budget=bud.budget)
    entry = AccessLogEntry.objects.filter(event="budget_viewed").get()
    assert (entry.object_id, entry.result_count) == (bud.budget.pk, 1)


def test_why_a_request_was_refused_is_for_who_may_read_its_purpose(world, bud):
    refused = bud.request("100", "Schoolreis")
    services.spending_request_refuse(
        actor=bud.coordinator,
        request=refused,
        reason="Vader heeft schulden bij de school",
        expected_version=refused.version,
    )
    [seen] = budget_overview(user=world.director.user, budget=bud.budget).decided
    assert seen.decision_reason == "Vader heeft schulden bij de school"
    # The colleague (not on the case) and the coordinator (who decided, but does not see the
    # file) see that it was refused, not why.
    for user in (world.colleague.user, bud.coordinator):
        [row] = budget_overview(user=user, budget=bud.budget).decided
        assert (row.household_reference, row.amount, row.decision_reason) == (
            bud.household.reference,
            Decimal("100"),
            "",
        )
