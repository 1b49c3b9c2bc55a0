"""A household of Schalkwijk 1 whose case the ``world``'s director directs, with a person the
advice is for, a ground to share with the back office for an advice, and two back-office
consultants (the ``world``'s and a colleague)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.backoffice import services
from wijkteam.backoffice.models import Advice
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.models import Household, Person
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.teams.tests.factories import UserFactory


def grouped(user: User, role: str = Role.BACK_OFFICE) -> User:
    # get_or_create: a transactional test flushes the groups the migrations made.
    user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[role])[0])
    return user


@dataclass
class BackOffice:
    household: Household
    person: Person
    case: Case
    consultant: User
    colleague: User

    def advice(self, *, send: bool = True, category: str = "wmo_01", **kwargs) -> Advice:
        today = timezone.localdate()
        values = {
            "actor": self.case.director.user,
            "case": self.case,
            "person": self.person,
            "category": category,
            "provision": "Hulp bij het huishouden, 3 uur per week",
            "reasons": "Na de heupoperatie kan mevrouw niet stofzuigen of boodschappen doen.",
            "tried": "Buurvrouw hielp twee maanden; algemene voorziening was vol.",
            "requested_on": today - timedelta(days=20),
            "applied_on": today - timedelta(days=3),
            "send": send,
        }
        values.update(kwargs)
        return services.advice_create(**values)


@pytest.fixture
def bo(world) -> BackOffice:
    household = HouseholdFactory(team=world.schalkwijk, postcode="2035AB")
    person = PersonFactory(household=household, given_name="Wilhelmina", family_name="Kroos")
    case = case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.PLAN_ACTIVE,
        household=household,
    )
    SharingGroundFactory(
        household=household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        recorded_by=world.director.user,
    )
    consultant = grouped(world.backoffice)
    colleague = grouped(UserFactory(username="wmo2", email="wmo2@haarlem.example.org"))
    return BackOffice(household, person, case, consultant, colleague)
