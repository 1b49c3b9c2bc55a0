"""A network of three municipalities with one respondent each, a network coordinator, and an
open 1-meting after a closed 0-meting."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.knowledgenetwork.models import Network, Participant, Question, Round
from wijkteam.knowledgenetwork.services import AnswerInput, participant_member_add
from wijkteam.knowledgenetwork.tests.factories import (
    NetworkFactory,
    ParticipantFactory,
    RoundFactory,
)
from wijkteam.teams.tests.factories import UserFactory


def coordinator_make(username: str = "kk-coordinator") -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[Role.NETWORK_COORDINATOR])[0])
    return user


def option_id(number: int, letter: str) -> int:
    return Question.objects.get(number=number).options.get(letter=letter).pk


def complete(**overrides: str) -> dict[int, AnswerInput]:
    """An answer to every closed question: option a, or the letters given as ``q<n>="bc"``."""
    given = {}
    for question in Question.objects.exclude(kind="text").prefetch_related("options"):
        letters = overrides.get(f"q{question.number}", "a")
        options = {option.letter: option for option in question.options.all()}
        chosen = [options[letter] for letter in letters]
        other = "toelichting" if any(option.is_other for option in chosen) else ""
        given[question.number] = AnswerInput(
            options=[option.pk for option in chosen], other_text=other
        )
    return given


@dataclass
class Net:
    network: Network
    haarlem: Participant
    zaanstad: Participant
    alkmaar: Participant
    haarlem_user: User
    zaanstad_user: User
    alkmaar_user: User
    coordinator: User
    closed: Round
    open: Round


@pytest.fixture
def net(db) -> Net:
    network = NetworkFactory(name="Kenniskring test")
    haarlem = ParticipantFactory(network=network, name="Haarlem", cbs_code="0392")
    zaanstad = ParticipantFactory(network=network, name="Zaanstad", cbs_code="0479")
    alkmaar = ParticipantFactory(network=network, name="Alkmaar", cbs_code="0361")
    users = {}
    for participant in (haarlem, zaanstad, alkmaar):
        users[participant.name] = UserFactory(username=f"kk-{participant.cbs_code}")
        participant_member_add(participant=participant, user=users[participant.name])
    return Net(
        network=network,
        haarlem=haarlem,
        zaanstad=zaanstad,
        alkmaar=alkmaar,
        haarlem_user=users["Haarlem"],
        zaanstad_user=users["Zaanstad"],
        alkmaar_user=users["Alkmaar"],
        coordinator=coordinator_make(),
        closed=RoundFactory(network=network, number=0, is_open=False),
        open=RoundFactory(network=network, number=1),
    )
