from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.audit.context import access_context
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.models import Household
from wijkteam.households.services import household_create, person_add
from wijkteam.teams.tests.factories import UserFactory

# Distinctive values, so that a grep of the whole log can prove none of them is in it.
GIVEN_NAME = "Zephyrina"
FAMILY_NAME = "Quackenbosch"
BSN = "111222333"
POSTCODE = "2035QX"
STREET = "Vlindertuinstraat"


@dataclass
class Client:
    household: Household
    case: Case


@pytest.fixture
def client_file(world) -> Client:
    """A household of Schalkwijk 1 with a named member, a BSN, an address and an active plan."""
    actor = world.director.user
    with access_context(origin="test setup", actor=actor):
        household = household_create(
            actor=actor,
            team=world.schalkwijk,
            postcode=POSTCODE,
            house_number=7,
            street=STREET,
            city="Haarlem",
        )
        person_add(
            actor=actor,
            household=household,
            given_name=GIVEN_NAME,
            family_name=FAMILY_NAME,
            bsn=BSN,
        )
        case = case_in_state(
            actor=actor, director=world.director, status=Status.PLAN_ACTIVE, household=household
        )
    return Client(household=household, case=case)


@pytest.fixture
def log_officer(db) -> User:
    user = UserFactory(username="logbeheerder")
    user.groups.add(Group.objects.get(name="Logbeheerder"))
    return user


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client
