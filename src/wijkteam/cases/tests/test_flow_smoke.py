from datetime import date

import pytest

from wijkteam.cases import services
from wijkteam.cases.lifecycle import CloseReason, Status
from wijkteam.cases.services import PersonInput
from wijkteam.plans.models import Performer
from wijkteam.plans.services import action_add, goal_add
from wijkteam.zrm.services import assessment_create


def test_whole_flow_from_question_to_closed_case(world):
    actor = world.director.user
    case = services.registration_create(
        actor=actor,
        question="Huurachterstand",
        domains=["finances"],
        postcode="2035 ab",
        house_number=12,
        person=PersonInput(given_name="Test", family_name="Persoon", bsn="999999990"),
    )
    assert case.team == world.schalkwijk and case.status == Status.REGISTERED
    case = services.case_start_intake(
        actor=actor, case=case, director=world.director, expected_version=case.version
    )
    assessment_create(actor=actor, case=case, kind="intake", scores={"finances": 2})
    goal = goal_add(actor=actor, case=case, domain="finances", description="Rust in de schulden")
    action_add(
        actor=actor, goal=goal, description="Budget bijhouden", step=1, performer=Performer.RESIDENT
    )
    case = services.case_activate_plan(actor=actor, case=case, expected_version=case.version)
    services.contact_add(actor=actor, case=case, duration_minutes=45)
    case = services.case_close(
        actor=actor,
        case=case,
        expected_version=case.version,
        reason=CloseReason.GOALS_REACHED,
        outcomes={goal.pk: "reached"},
        closing_scores={"finances": 4},
        assessed_on=date.today(),
    )
    assert case.status == Status.CLOSED
    assert [c.to_status for c in case.status_changes.all()] == [
        "registered",
        "intake",
        "plan_active",
        "closed",
    ]
    assert case.plan.revisions.count() == 2


def test_second_open_case_is_refused(world):
    actor = world.director.user
    case = services.registration_create(
        actor=actor, question="Vraag", postcode="2035AB", house_number=1
    )
    with pytest.raises(services.ConflictError) as error:
        services.registration_create(actor=actor, question="Nog een", household=case.household)
    assert error.value.code == "open_case_exists"
