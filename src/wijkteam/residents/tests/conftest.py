"""A resident of a household whose case the ``world``'s director directs, with a plan, ZRM
scores over time and consent to refer to specialist care; and a resident of another household
of the same team, who must see nothing of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.models import HouseholdRole, Person
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.plans.models import Performer
from wijkteam.plans.services import action_add, goal_add
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.sharing.models import SharingGround
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.teams.tests.factories import UserFactory
from wijkteam.zrm.models import AssessmentKind
from wijkteam.zrm.services import assessment_create

RESIDENT_BSN = "999999990"  # a test number: passes the 11-test, belongs to nobody


@dataclass
class Residents:
    case: Case
    person: Person
    user: User  # logs in as ``person``
    consent: SharingGround  # consent to refer to specialist care
    other_case: Case
    other_user: User  # a resident of ``other_case``'s household


@pytest.fixture
def residents(world) -> Residents:
    director = world.director
    household = HouseholdFactory(team=world.schalkwijk)
    person = PersonFactory(
        household=household,
        role=HouseholdRole.MAIN,
        given_name="Sanne",
        family_name="Demo-Jansen",
        bsn=RESIDENT_BSN,
    )
    case = case_in_state(
        actor=director.user, director=director, status=Status.PLAN_ACTIVE, household=household
    )
    goal = case.plan.goals.get()
    action_add(
        actor=director.user,
        goal=goal,
        description="Met de buurvrouw boodschappen doen",
        step=2,
        performer=Performer.NETWORK_PERSON,
        performer_name="Buurvrouw Els",
        due_date=timezone.localdate() + timedelta(days=30),
        step_reason="Alleen lukt het niet",
    )
    goal_add(actor=director.user, case=case, domain="housing", description="Een rustig huis")
    today = timezone.localdate()
    for days_ago, kind, score in (
        (60, AssessmentKind.INTAKE, 2),
        (10, AssessmentKind.FOLLOW_UP, 4),
    ):
        assessment_create(
            actor=director.user,
            case=case,
            kind=kind,
            assessed_on=today - timedelta(days=days_ago),
            scores={"finances": score, "housing": 3},
        )
    consent = SharingGroundFactory(household=household, recorded_by=director.user)
    user = ResidentAccountFactory(
        person=person,
        user=UserFactory(username="bewoner", first_name="Sanne", last_name="Demo-Jansen"),
    ).user

    other_household = HouseholdFactory(team=world.schalkwijk)
    other_person = PersonFactory(household=other_household, given_name="Piet")
    other_case = case_in_state(
        actor=world.colleague.user,
        director=world.colleague,
        status=Status.PLAN_ACTIVE,
        household=other_household,
    )
    other_user = ResidentAccountFactory(
        person=other_person, user=UserFactory(username="anderebewoner")
    ).user
    return Residents(
        case=case,
        person=person,
        user=user,
        consent=consent,
        other_case=other_case,
        other_user=other_user,
    )
