"""Writes on plans: goals, actions under stepped care, revisions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.plans.models import Action, ActionStatus, Goal, Performer, PlanRevision, Step
from wijkteam.plans.services import (
    action_add,
    action_set_status,
    goal_add,
    plan_revision_create,
    plan_revision_record,
    step_reason_required,
)


@pytest.fixture
def case(world):
    return case_in_state(actor=world.director.user, director=world.director, status="intake")


@pytest.fixture
def goal(world, case) -> Goal:
    return goal_add(
        actor=world.director.user, case=case, domain="finances", description="Rust in de schulden"
    )


def act(world, goal, step, **kwargs) -> Action:
    kwargs.setdefault("description", f"Actie op trede {step}")
    kwargs.setdefault("performer", Performer.RESIDENT)
    return action_add(actor=world.director.user, goal=goal, step=step, **kwargs)


# Goals ---------------------------------------------------------------------------------------


def test_a_goal_is_kept_in_the_residents_words(world, case):
    goal = goal_add(
        actor=world.colleague.user,
        case=case,
        domain="housing",
        description="  Ik wil hier kunnen blijven wonen  ",
    )
    assert (goal.domain, goal.description, goal.created_by) == (
        "housing",
        "Ik wil hier kunnen blijven wonen",
        world.colleague.user,
    )
    assert goal.plan == case.plan


@pytest.mark.parametrize(
    ("domain", "description", "code", "field"),
    [
        ("astrology", "Doel", "invalid_domain", "domain"),
        ("finances", "", "required", "description"),
        ("finances", "   ", "required", "description"),
    ],
)
def test_a_goal_needs_a_domain_and_words(world, case, domain, description, code, field):
    with pytest.raises(DomainError) as error:
        goal_add(actor=world.director.user, case=case, domain=domain, description=description)
    assert (error.value.code, error.value.field) == (code, field)
    assert not Goal.objects.exists()


def test_a_goal_for_a_member_of_the_household(world, case):
    member = PersonFactory(household=case.household)
    goal = goal_add(
        actor=world.director.user, case=case, domain="time_use", description="Dag", person=member
    )
    assert goal.person == member


def test_a_goal_for_someone_outside_the_household_is_refused(world, case):
    stranger = PersonFactory(household__team=world.schalkwijk)
    with pytest.raises(DomainError) as error:
        goal_add(
            actor=world.director.user,
            case=case,
            domain="time_use",
            description="Dag",
            person=stranger,
        )
    assert (error.value.code, error.value.field) == ("invalid_person", "person")
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    "status", [Status.REGISTERED, Status.CLOSED, Status.STOPPED, Status.TRANSFERRED]
)
def test_the_plan_cannot_be_changed_outside_intake_and_active(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    goals = Goal.objects.count()
    with pytest.raises(ConflictError) as error:
        goal_add(actor=world.director.user, case=case, domain="finances", description="Doel")
    assert error.value.code == "plan_not_editable"
    assert Goal.objects.count() == goals


def test_actions_and_their_status_are_frozen_once_closed(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    goal = Goal.objects.get(plan__case=case)
    action = goal.actions.get()
    goal = Goal.objects.get(pk=goal.pk)  # as a later request would load it
    with pytest.raises(ConflictError) as error:
        act(world, goal, 1)
    assert error.value.code == "plan_not_editable"
    with pytest.raises(ConflictError):
        action_set_status(
            actor=world.director.user,
            action=Action.objects.get(pk=action.pk),
            status=ActionStatus.DONE,
            expected_version=action.version,
        )
    assert Action.objects.get(pk=action.pk).status == ActionStatus.PLANNED


@pytest.mark.parametrize("status", [Status.INTAKE, Status.PLAN_ACTIVE])
def test_the_plan_can_be_changed_during_intake_and_while_active(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    goal = goal_add(actor=world.director.user, case=case, domain="housing", description="Wonen")
    act(world, goal, 1)
    assert goal.actions.count() == 1


# Stepped care --------------------------------------------------------------------------------


def test_the_first_action_at_step_one_needs_no_reason(world, goal):
    assert step_reason_required(goal=goal, step=1) is False
    action = act(world, goal, 1)
    assert (action.step, action.step_reason, action.is_fast_track) == (1, "", False)


@pytest.mark.parametrize("step", [2, 3, 4])
def test_the_first_action_above_step_one_needs_a_reason(world, goal, step):
    assert step_reason_required(goal=goal, step=step) is True
    for reason in ("", "   "):
        with pytest.raises(DomainError) as error:
            act(world, goal, step, step_reason=reason)
        assert (error.value.code, error.value.field) == ("step_reason_required", "step_reason")
    assert not goal.actions.exists()

    action = act(world, goal, step, step_reason="  Geen netwerk beschikbaar  ")
    assert action.step_reason == "Geen netwerk beschikbaar"


def test_after_step_three_another_step_three_needs_no_reason_but_step_four_does(world, goal):
    act(world, goal, 3, step_reason="Schuldhulp is een algemene voorziening")

    assert step_reason_required(goal=goal, step=3) is False
    assert step_reason_required(goal=goal, step=2) is False
    assert step_reason_required(goal=goal, step=4) is True
    act(world, goal, 3)
    act(world, goal, 1)  # going down never needs a reason
    with pytest.raises(DomainError) as error:
        act(world, goal, 4)
    assert error.value.code == "step_reason_required"
    act(world, goal, 4, step_reason="Beschermingsbewind nodig")
    assert list(goal.actions.values_list("step", flat=True)) == [1, 3, 3, 4]


def test_steps_tried_for_another_goal_do_not_count(world, case, goal):
    act(world, goal, 3, step_reason="Reden")
    other = goal_add(actor=world.director.user, case=case, domain="housing", description="Wonen")
    assert step_reason_required(goal=other, step=3) is True


def test_the_fast_track_goes_straight_to_step_four_with_a_reason(world, goal):
    action = act(world, goal, 4, is_fast_track=True, step_reason="Huisuitzetting morgen")
    assert (action.step, action.is_fast_track, action.step_reason) == (
        4,
        True,
        "Huisuitzetting morgen",
    )


def test_the_fast_track_always_needs_its_reason(world, goal):
    act(world, goal, 4, step_reason="Eerder al specialistisch")
    assert step_reason_required(goal=goal, step=4) is False
    with translation.override("en"), pytest.raises(DomainError) as error:
        act(world, goal, 4, is_fast_track=True)
    assert (error.value.code, error.value.field) == ("step_reason_required", "step_reason")
    assert "fast track" in str(error.value.message)


@pytest.mark.parametrize("step", [1, 2, 3])
def test_the_fast_track_is_only_step_four(world, goal, step):
    with pytest.raises(DomainError) as error:
        act(world, goal, step, is_fast_track=True, step_reason="Spoed")
    assert (error.value.code, error.value.field) == ("fast_track_step", "step")
    assert not goal.actions.exists()


def test_the_database_refuses_a_fast_track_below_step_four_and_steps_out_of_range(world, goal):
    base = {
        "goal": goal,
        "description": "Direct",
        "performer": Performer.PROFESSIONAL,
        "created_by": world.director.user,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(step=3, is_fast_track=True, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(step=5, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(step=0, **base)


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"step": 0}, "invalid_step", "step"),
        ({"step": 5}, "invalid_step", "step"),
        ({"step": 1, "performer": "robot"}, "invalid_performer", "performer"),
        ({"step": 1, "description": "  "}, "required", "description"),
        ({"step": 1, "due_date": "yesterday"}, "date_in_past", "due_date"),
    ],
)
def test_an_action_needs_a_valid_step_performer_description_and_due_date(
    world, goal, kwargs, code, field
):
    if kwargs.get("due_date") == "yesterday":
        kwargs["due_date"] = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError) as error:
        act(world, goal, **kwargs)
    assert (error.value.code, error.value.field) == (code, field)
    assert not goal.actions.exists()


def test_an_action_keeps_who_does_it_and_when(world, goal):
    due = timezone.localdate() + timedelta(days=14)
    action = act(
        world,
        goal,
        2,
        performer=Performer.NETWORK_PERSON,
        performer_name=" Buurvrouw ",
        due_date=due,
        step_reason="Zus helpt met post",
    )
    action.refresh_from_db()
    assert (action.performer, action.performer_name, action.due_date, action.status) == (
        "network_person",
        "Buurvrouw",
        due,
        "planned",
    )
    assert action.created_by == world.director.user


def test_action_status_changes_on_the_version_seen(world, goal):
    action = act(world, goal, 1)
    seen = action.version
    action_set_status(
        actor=world.director.user,
        action=action,
        status=ActionStatus.IN_PROGRESS,
        expected_version=seen,
    )
    with pytest.raises(ConflictError) as error:
        action_set_status(
            actor=world.colleague.user,
            action=Action.objects.get(pk=action.pk),
            status=ActionStatus.CANCELLED,
            expected_version=seen,
        )
    assert error.value.code == "stale_version"
    with pytest.raises(DomainError) as error:
        action_set_status(
            actor=world.director.user, action=action, status="forgotten", expected_version=None
        )
    assert error.value.code == "invalid_status"
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS


# Activating and revisions --------------------------------------------------------------------


def test_an_empty_plan_cannot_be_activated(world, case):
    with pytest.raises(DomainError) as error:
        case_services.case_activate_plan(
            actor=world.director.user, case=case, expected_version=case.version
        )
    assert error.value.code == "plan_empty"

    goal_add(actor=world.director.user, case=case, domain="finances", description="Alleen doel")
    with pytest.raises(DomainError) as error:
        case_services.case_activate_plan(
            actor=world.director.user, case=case, expected_version=case.version
        )
    assert error.value.code == "plan_empty"
    assert case.plan.revisions.count() == 0


def test_activating_records_the_first_revision(world, case, goal):
    act(world, goal, 1)
    case = case_services.case_activate_plan(
        actor=world.director.user, case=case, expected_version=case.version
    )
    revision = case.plan.revisions.get()
    assert revision.number == 1
    assert [g["id"] for g in revision.snapshot["goals"]] == [goal.pk]


def test_revisions_are_numbered_and_keep_the_plan_as_it_was(world, case, goal):
    first_action = act(world, goal, 1, description="Zelf budget bijhouden")
    one = plan_revision_create(actor=world.director.user, plan=case.plan, note="  Intake  ")
    second_goal = goal_add(
        actor=world.director.user, case=case, domain="social_network", description="Contacten"
    )
    two = plan_revision_create(actor=world.colleague.user, plan=case.plan)
    action_set_status(
        actor=world.director.user,
        action=first_action,
        status=ActionStatus.DONE,
        expected_version=first_action.version,
    )
    three = plan_revision_create(actor=world.director.user, plan=case.plan)

    assert [r.number for r in PlanRevision.objects.filter(plan=case.plan)] == [1, 2, 3]
    assert (one.note, one.created_by, two.created_by) == (
        "Intake",
        world.director.user,
        world.colleague.user,
    )
    one.refresh_from_db()
    assert one.snapshot == {
        "goals": [
            {
                "id": goal.pk,
                "domain": "finances",
                "description": "Rust in de schulden",
                "person_id": None,
                "outcome": "",
                "actions": [
                    {
                        "id": first_action.pk,
                        "description": "Zelf budget bijhouden",
                        "step": 1,
                        "performer": "resident",
                        "performer_name": "",
                        "due_date": None,
                        "status": "planned",
                        "step_reason": "",
                        "is_fast_track": False,
                    }
                ],
            }
        ]
    }
    assert [g["id"] for g in two.snapshot["goals"]] == [goal.pk, second_goal.pk]
    assert three.snapshot["goals"][0]["actions"][0]["status"] == "done"
    assert two.snapshot["goals"][0]["actions"][0]["status"] == "planned"


def test_revisions_of_different_plans_are_numbered_apart(world, case, goal):
    other = case_in_state(actor=world.director.user, director=world.director, status="intake")
    plan_revision_create(actor=world.director.user, plan=case.plan)
    assert plan_revision_create(actor=world.director.user, plan=other.plan).number == 1
    assert plan_revision_create(actor=world.director.user, plan=case.plan).number == 2


def test_the_database_refuses_two_revisions_with_one_number(world, case):
    plan_revision_create(actor=world.director.user, plan=case.plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanRevision.objects.create(
            plan=case.plan, number=1, snapshot={}, created_by=world.director.user
        )


def test_a_revision_by_hand_only_while_the_plan_can_change(world, case, goal):
    revision = plan_revision_record(actor=world.director.user, case=case, note="Casusoverleg")
    assert (revision.number, revision.note) == (1, "Casusoverleg")
    stopped = case_services.case_stop(
        actor=world.director.user, case=case, expected_version=case.version, reason="moved"
    )
    with pytest.raises(ConflictError) as error:
        plan_revision_record(actor=world.director.user, case=stopped)
    assert error.value.code == "plan_not_editable"


def test_step_enum_is_the_four_steps():
    assert Step.values == [1, 2, 3, 4]
