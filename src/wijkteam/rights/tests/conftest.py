"""A household of Schalkwijk 1 with two adults and an active plan directed by the ``world``'s
director: the main resident (with a BSN, phone, e-mail), and a partner whose details and whose
own goal and ZRM assessment must never appear in the main resident's export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from wijkteam.audit.context import access_context
from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.services import household_create, person_add
from wijkteam.plans.models import Performer
from wijkteam.plans.services import action_add, goal_add
from wijkteam.zrm.models import AssessmentKind
from wijkteam.zrm.services import assessment_create

# Distinctive values, so a search of a whole page or file proves they are there or not.
BSN = "999999990"
PARTNER_BSN = "111222333"
GIVEN_NAME = "Zephyrina"
FAMILY_NAME = "Quackenbosch"
PARTNER_NAME = "Balthasar"
PARTNER_PHONE = "0687654321"
PARTNER_GOAL = "Balthasar vindt werk als lasser"
PARTNER_ZRM_NOTE = "Balthasar slaapt slecht"
HOUSEHOLD_GOAL = "Samen rust in de schulden"
STREET = "Vlindertuinstraat"
QUESTION = "Vraag over de huurachterstand"
CONTACT_NOTE = "Huisbezoek: post samen geordend"


@dataclass
class File:
    household: Household
    person: Person
    partner: Person
    case: Case


def make_file(
    world, *, status: str = Status.PLAN_ACTIVE, bsn: str = BSN, partner_bsn: str = PARTNER_BSN
) -> File:
    actor = world.director.user
    with access_context(origin="test setup", actor=actor):
        household = household_create(
            actor=actor,
            team=world.schalkwijk,
            postcode="2035QX",
            house_number=7,
            street=STREET,
            city="Haarlem",
        )
        person = person_add(
            actor=actor,
            household=household,
            given_name=GIVEN_NAME,
            family_name=FAMILY_NAME,
            date_of_birth=date(1980, 5, 17),
            bsn=bsn,
            phone="0612345678",
            email="zephyrina@example.org",
        )
        partner = person_add(
            actor=actor,
            household=household,
            role=HouseholdRole.PARTNER,
            given_name=PARTNER_NAME,
            family_name=FAMILY_NAME,
            bsn=partner_bsn,
            phone=PARTNER_PHONE,
        )
        case = case_in_state(
            actor=actor, director=world.director, status=Status.INTAKE, household=household
        )
        Case.objects.filter(pk=case.pk).update(question=QUESTION)
        case.refresh_from_db()
        goal = goal_add(actor=actor, case=case, domain="finances", description=HOUSEHOLD_GOAL)
        action_add(
            actor=actor,
            goal=goal,
            description="Budget bijhouden",
            step=1,
            performer=Performer.RESIDENT,
        )
        partner_goal = goal_add(
            actor=actor,
            case=case,
            domain="work_education",
            description=PARTNER_GOAL,
            person=partner,
        )
        action_add(
            actor=actor,
            goal=partner_goal,
            description="Sollicitatiebrief",
            step=1,
            performer=Performer.RESIDENT,
        )
        assessment_create(
            actor=actor, case=case, kind=AssessmentKind.INTAKE, scores={"finances": 2}
        )
        assessment_create(
            actor=actor,
            case=case,
            kind=AssessmentKind.INTAKE,
            scores={"mental_health": 2},
            person=partner,
            note=PARTNER_ZRM_NOTE,
        )
        case = case_services.case_activate_plan(
            actor=actor, case=case, expected_version=case.version
        )
        case_services.contact_add(actor=actor, case=case, kind="home_visit", note=CONTACT_NOTE)
        if status == Status.CLOSED:
            case = case_services.case_close(
                actor=actor,
                case=case,
                expected_version=case.version,
                reason="goals_reached",
                outcomes={g.pk: "reached" for g in case.plan.goals.all()},
                closing_scores={"finances": 4},
            )
    return File(household=household, person=person, partner=partner, case=case)


@pytest.fixture
def file(world) -> File:
    return make_file(world)
