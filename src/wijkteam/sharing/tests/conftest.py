"""Personas for grounds for sharing, on top of the shared ``world``: a case in intake directed
by the director persona, the team coordinator of Schalkwijk 1 (on the case, so they see it), a
coordinator of Oost 2, and a resident of the household who logs in."""

from __future__ import annotations

import pytest

from wijkteam.cases import services as case_services
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.models import Membership
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def case(world) -> Case:
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    PersonFactory(household=case.household, given_name="Fatima", family_name="El Amrani")
    return case


@pytest.fixture
def coordinator(world, case) -> Membership:
    membership = MembershipFactory(
        team=world.schalkwijk, user=UserFactory(username="coordinator"), is_coordinator=True
    )
    case_services.case_add_member(actor=world.director.user, case=case, membership=membership)
    return membership


@pytest.fixture
def oost_coordinator(world) -> Membership:
    return MembershipFactory(
        team=world.oost, user=UserFactory(username="coordinator-oost"), is_coordinator=True
    )


@pytest.fixture
def resident(case):
    person = case.household.members.get()
    return ResidentAccount.objects.create(user=UserFactory(username="bewoner"), person=person).user
