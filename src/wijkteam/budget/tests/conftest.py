"""A household of Schalkwijk 1 whose case the ``world``'s director directs, the team's
coordinator, a back-office consultant (the municipality), and the team's budget for this year:
€ 1.000, of which the coordinator approves up to € 300 per request."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.budget import services
from wijkteam.budget.models import SpendingRequest, TeamBudget
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.models import Household
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


@dataclass
class Budget:
    household: Household
    case: Case
    coordinator: User
    municipality: User
    admin: User
    budget: TeamBudget

    def request(self, amount: str, purpose: str = "Wasmachine", **kwargs) -> SpendingRequest:
        return services.spending_request_create(
            actor=kwargs.pop("actor", self.case.director.user),
            household=self.household,
            amount=Decimal(amount),
            purpose=purpose,
            **kwargs,
        )


def grouped(user: User, role: str) -> User:
    # get_or_create: a transactional test flushes the groups the migrations made.
    user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[role])[0])
    return user


@pytest.fixture
def bud(world) -> Budget:
    household = HouseholdFactory(team=world.schalkwijk, postcode="2035AB")
    case = case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.PLAN_ACTIVE,
        household=household,
    )
    coordinator = MembershipFactory(
        team=world.schalkwijk, user=UserFactory(username="coordinator"), is_coordinator=True
    ).user
    municipality = grouped(world.backoffice, Role.BACK_OFFICE)
    admin = grouped(UserFactory(username="beheerder"), Role.FUNCTIONAL_ADMIN)
    budget = services.budget_set(
        actor=municipality,
        team=world.schalkwijk,
        year=timezone.localdate().year,
        amount=Decimal("1000"),
        coordinator_limit=Decimal("300"),
    )
    return Budget(household, case, coordinator, municipality, admin, budget)
