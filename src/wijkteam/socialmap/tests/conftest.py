"""The ``world``'s Haarlem with a small social map: a debt buddy project for the whole
municipality (step 2), a neighbourhood centre in Schalkwijk 1 (step 3), a language café in
Parkwijk (Oost 2, step 3) and the municipality's debt counselling (step 4); and the functional
administrator who keeps it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood
from wijkteam.socialmap import services
from wijkteam.socialmap.models import Provision
from wijkteam.teams.tests.factories import UserFactory


def grouped(user: User, role: str) -> User:
    # get_or_create: a transactional test flushes the groups the migrations made.
    user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[role])[0])
    return user


def provision_make(**fields) -> Provision:
    values = {
        "name": "Schuldhulpmaatje",
        "provider": "Stichting Maatjes (demo)",
        "kind": "volunteer",
        "domains": ["finances"],
    }
    values.update(fields)
    return services.provision_create(actor=None, **values)


@dataclass
class Map:
    admin: User
    buddy: Provision
    centre: Provision
    cafe: Provision
    counselling: Provision


@pytest.fixture
def smap(world) -> Map:
    admin = grouped(UserFactory(username="beheerder"), Role.FUNCTIONAL_ADMIN)
    buddy = provision_make(
        description="Een vrijwilliger helpt de post en betalingen op orde te brengen.",
        conditions="Gratis",
    )
    centre = provision_make(
        name="Buurtcentrum De Ringvaart",
        provider="Welzijn Haarlem (demo)",
        kind="collective",
        domains=["social_network", "social_participation", "time_use"],
        areas=[world.schalkwijk.area],
        conditions="Gratis, vrije inloop",
    )
    cafe = provision_make(
        name="Taalcafé",
        provider="Bibliotheek (demo)",
        kind="general",
        domains=["work_education", "social_participation"],
        neighbourhoods=[Neighbourhood.objects.get(code="parkwijk")],
    )
    counselling = provision_make(
        name="Schuldhulpverlening",
        provider="Gemeente Haarlem (demo)",
        kind="tailored",
        domains=["finances"],
        conditions="Aanmelding via het wijkteam; intakegesprek binnen 3 weken",
    )
    return Map(admin, buddy, centre, cafe, counselling)
