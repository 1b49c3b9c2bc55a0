"""A Schalkwijk 1 case with an active plan and one goal, directed by the ``world``'s director;
the team's coordinator; an expert member of Oost 2; and a conference of Schalkwijk 1 today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, CaseConference
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.conferences import services
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.plans.models import Goal
from wijkteam.plans.services import goal_add
from wijkteam.teams.models import Function, Membership
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


@dataclass
class Conf:
    case: Case
    goal: Goal
    coordinator: User
    oost_expert: Membership
    conference: CaseConference


@pytest.fixture
def conf(world) -> Conf:
    household = HouseholdFactory(team=world.schalkwijk)
    PersonFactory(household=household, given_name="Zoë", family_name="Overleg-Testhuis")
    case = case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.PLAN_ACTIVE,
        household=household,
    )
    goal = goal_add(
        actor=world.director.user, case=case, domain="finances", description="Grip op geld"
    )
    coordinator = MembershipFactory(
        team=world.schalkwijk, user=UserFactory(username="coordinator"), is_coordinator=True
    ).user
    oost_expert = MembershipFactory(
        team=world.oost,
        user=UserFactory(username="mee-oost"),
        function=Function.MEE_CONSULTANT,
        is_expert=True,
    )
    conference = services.conference_create(
        actor=world.director.user,
        team=world.schalkwijk,
        held_on=timezone.localdate(),
        starts_at=time(13, 30),
        duration_minutes=90,
        attendees=[world.director, world.colleague],
    )
    return Conf(case, goal, coordinator, oost_expert, conference)


@pytest.fixture
def oost_case(world) -> Case:
    outsider = world.outsider
    return case_in_state(actor=outsider.user, director=outsider, status=Status.PLAN_ACTIVE)
