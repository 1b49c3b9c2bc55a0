"""The demo's knowledge network (Kenniskring, seed 003): six municipalities of Noord-Holland,
a closed 0-meting that all of them answered and an open 1-meting that some have answered.

The answers are fixed (no randomness) and loosely follow the state of affairs of appendix 3 of
the seed: Haarlem and Zaanstad have teams at work, Beverwijk is developing its vision, Hilversum
and Purmerend have no social team yet. The persona ``kenniskring`` coordinates the network and
answers for Haarlem, whose 1-meting is still to do. The other municipalities' respondents are
demo users without a usable password.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.accounts.models import User
from wijkteam.knowledgenetwork.models import Network, Question, Response, Round
from wijkteam.knowledgenetwork.services import (
    AnswerInput,
    network_get_or_create,
    participant_add,
    participant_member_add,
    response_save,
)

NETWORK = "Kenniskring Noord-Holland (demo)"
COORDINATOR = "kenniskring"
PARTICIPANTS = (
    ("Haarlem", "0392"),
    ("Zaanstad", "0479"),
    ("Alkmaar", "0361"),
    ("Beverwijk", "0375"),
    ("Hilversum", "0402"),
    ("Purmerend", "0439"),
)

# Per municipality and round: question number -> (option letters, "namelijk" text, text).
_TEAMS_AT_WORK = {
    1: ("d", "", ""),
    2: ("b", "", ""),
    3: ("ae", "", "Laagdrempelige, integrale ondersteuning dicht bij de bewoner."),
    4: ("ab", "", ""),
    5: ("c", "per wijk", ""),
    6: ("a", "zwaarwegend advies, geen mandaat", ""),
    7: ("c", "", ""),
    8: ("a", "", ""),
    9: ("", "", "Experimenteel: pilotbudget; regulier vanaf volgend jaar."),
    10: ("c", "", ""),
    11: ("a", "", ""),
    12: ("b", "", ""),
    13: ("c", "", ""),
    14: ("b", "", ""),
    15: ("acg", "", ""),
    16: ("ab", "", ""),
    20: ("", "", "Uitwisseling over zelfsturing en privacy."),
}
_VISION = {
    1: ("b", "", ""),
    2: ("a", "", ""),
    3: ("a", "", ""),
    4: ("a", "", ""),
    5: ("a", "", ""),
    6: ("c", "nog niet bepaald", ""),
    7: ("d", "nog in verkenning", ""),
    8: ("a", "", ""),
    10: ("d", "nog niet bepaald", ""),
    11: ("b", "", ""),
    12: ("d", "nog geen team", ""),
    13: ("a", "", ""),
    14: ("b", "", ""),
    15: ("b", "", ""),
    16: ("b", "", ""),
}
_NO_TEAM = {**_VISION, 1: ("a", "", ""), 2: ("a", "", ""), 14: ("c", "", "")}

ROUND_0 = {
    "0392": _TEAMS_AT_WORK,
    "0479": _TEAMS_AT_WORK,
    "0361": {**_TEAMS_AT_WORK, 1: ("c", "", ""), 12: ("a", "", "")},
    "0375": _VISION,
    "0402": _NO_TEAM,
    "0439": _NO_TEAM,
}
# In the 1-meting, Zaanstad and Alkmaar submitted, Beverwijk saved a draft (it moved on to
# preparing policy), Haarlem, Hilversum and Purmerend have not answered yet.
ROUND_1 = {
    "0479": {**_TEAMS_AT_WORK, 12: ("a", "", "")},
    "0361": {**_TEAMS_AT_WORK, 15: ("abf", "", "")},
}
ROUND_1_DRAFT = {"0375": {**_VISION, 1: ("c", "", "")}}


def _answers(plan: dict, questions: dict[int, Question]) -> dict[int, AnswerInput]:
    given = {}
    for number, (letters, other_text, text) in plan.items():
        options = {option.letter: option.pk for option in questions[number].options.all()}
        given[number] = AnswerInput(
            options=[options[letter] for letter in letters], other_text=other_text, text=text
        )
    return given


def _respondent(username: str) -> User:
    user, _created = User.objects.get_or_create(username=username)
    if _created:
        user.set_unusable_password()
        user.save()
    return user


def demo_knowledge_network_build() -> Network:
    """(Re)build the network; its responses are answered afresh."""
    network = network_get_or_create(name=NETWORK)
    coordinator = User.objects.get(username=COORDINATOR)
    coordinator.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.NETWORK_COORDINATOR]))
    Response.objects.filter(round__network=network).delete()
    Round.objects.filter(network=network).delete()
    today = timezone.localdate()
    # The 0-meting is open while the demo answers it, and closed (in the past) afterwards.
    round_0 = Round.objects.create(
        network=network,
        number=0,
        name="0-meting",
        opens_on=today - timedelta(days=150),
        is_open=True,
    )
    round_1 = Round.objects.create(
        network=network,
        number=1,
        name="1-meting",
        opens_on=today - timedelta(days=14),
        closes_on=today + timedelta(days=42),
        is_open=True,
    )
    questions = {q.number: q for q in Question.objects.prefetch_related("options")}
    respondents = {}
    for name, code in PARTICIPANTS:
        participant = participant_add(network=network, name=name, cbs_code=code)
        user = coordinator if code == "0392" else _respondent(f"kk.{code}")
        participant_member_add(participant=participant, user=user)
        respondents[code] = user
    for plans, round, submit in (
        (ROUND_0, round_0, True),
        (ROUND_1, round_1, True),
        (ROUND_1_DRAFT, round_1, False),
    ):
        for code, plan in plans.items():
            response_save(
                actor=respondents[code],
                round=round,
                answers=_answers(plan, questions),
                submit=submit,
                expected_version=0,
            )
    Round.objects.filter(pk=round_0.pk).update(is_open=False, closes_on=today - timedelta(days=90))
    return network
