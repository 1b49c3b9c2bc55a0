"""The life cycle of a case: the transition table, exactly, through the services."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.cases import services
from wijkteam.cases.lifecycle import (
    ENDED_STATES,
    OPEN_STATES,
    REASONS,
    TRANSITIONS,
    CloseReason,
    ReopenReason,
    Status,
    StopReason,
    TransferReason,
    Transition,
    allowed_transitions,
)
from wijkteam.cases.models import Case, DirectorAssignment, StatusChange
from wijkteam.cases.selectors import team_inbox
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.selectors import households_visible_to
from wijkteam.plans.models import Goal, Performer
from wijkteam.plans.services import action_add, goal_add
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.zrm.models import Assessment

# A valid reason for every transition that takes one, so only the state decides.
VALID_REASON = {
    Transition.STOP: StopReason.DECLINED,
    Transition.TRANSFER: TransferReason.SPECIALIST,
    Transition.CLOSE: CloseReason.GOALS_REACHED,
    Transition.REOPEN: ReopenReason.RELAPSE,
}

# The life cycle as the issue describes it, written out here so a change to the table in code
# has to be a change to this specification too.
EXPECTED_TABLE = {
    ("registered", "start_intake"): "intake",
    ("registered", "transfer"): "transferred",
    ("registered", "stop"): "stopped",
    ("intake", "activate_plan"): "plan_active",
    ("intake", "transfer"): "transferred",
    ("intake", "stop"): "stopped",
    ("plan_active", "close"): "closed",
    ("plan_active", "transfer"): "transferred",
    ("plan_active", "stop"): "stopped",
    ("closed", "reopen"): "intake",
    ("stopped", "reopen"): "intake",
}
ALL_PAIRS = list(itertools.product(Status.values, Transition.values))
ALLOWED = sorted(EXPECTED_TABLE)
REFUSED = [pair for pair in ALL_PAIRS if pair not in EXPECTED_TABLE]


def apply(world, case: Case, transition: str, *, reason: str | None = None) -> Case:
    """Take ``transition`` through its own service, with everything else valid."""
    actor = world.director.user
    reason = VALID_REASON.get(transition, "") if reason is None else reason
    if transition == Transition.START_INTAKE:
        return services.case_start_intake(
            actor=actor, case=case, director=world.director, expected_version=case.version
        )
    if transition == Transition.ACTIVATE_PLAN:
        return services.case_activate_plan(actor=actor, case=case, expected_version=case.version)
    if transition == Transition.CLOSE:
        goals = Goal.objects.filter(plan__case=case)
        return services.case_close(
            actor=actor,
            case=case,
            expected_version=case.version,
            reason=reason,
            outcomes={goal.pk: "reached" for goal in goals},
            closing_scores={"finances": 4},
        )
    if transition == Transition.TRANSFER:
        SharingGroundFactory(household=case.household, recorded_by=actor)  # consent to refer
        return services.case_transfer(
            actor=actor, case=case, expected_version=case.version, reason=reason
        )
    if transition == Transition.STOP:
        return services.case_stop(
            actor=actor, case=case, expected_version=case.version, reason=reason
        )
    if transition == Transition.REOPEN:
        return services.case_reopen(
            actor=actor, case=case, expected_version=case.version, reason=reason
        )
    raise AssertionError(transition)


def ready_for(world, case: Case, transition: str) -> None:
    """What a transition needs besides the state: activating a plan needs an action."""
    if transition == Transition.ACTIVATE_PLAN and case.status == Status.INTAKE:
        goal = goal_add(actor=world.director.user, case=case, domain="housing", description="Wonen")
        action_add(
            actor=world.director.user,
            goal=goal,
            description="Zelf bellen",
            step=1,
            performer=Performer.RESIDENT,
        )


def test_the_table_in_code_is_the_specified_table():
    assert dict(TRANSITIONS) == EXPECTED_TABLE
    assert len(ALL_PAIRS) == 36 and len(REFUSED) == 25
    assert allowed_transitions(Status.REGISTERED) == ["start_intake", "transfer", "stop"]
    assert allowed_transitions(Status.TRANSFERRED) == []


@pytest.mark.parametrize(("status", "transition"), ALLOWED)
def test_every_allowed_move_works_and_is_recorded(world, status, transition):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    ready_for(world, case, transition)
    before = StatusChange.objects.filter(case=case).count()
    started = timezone.now()

    moved = apply(world, case, transition)

    assert moved.status == EXPECTED_TABLE[(status, transition)]
    assert Case.objects.get(pk=case.pk).status == moved.status
    assert StatusChange.objects.filter(case=case).count() == before + 1
    change = StatusChange.objects.filter(case=case).last()
    assert change.transition == transition
    assert change.from_status == status
    assert change.to_status == moved.status
    assert change.by == world.director.user
    assert started <= change.at <= timezone.now()
    assert change.reason == VALID_REASON.get(transition, "")


@pytest.mark.parametrize(("status", "transition"), REFUSED)
def test_every_move_not_in_the_table_is_refused(world, status, transition):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    history = list(StatusChange.objects.filter(case=case).values_list("pk", flat=True))

    with pytest.raises(ConflictError) as error:
        apply(world, case, transition)

    assert error.value.code == "illegal_transition"
    assert error.value.field == "transition"
    assert Case.objects.get(pk=case.pk).status == status
    assert list(StatusChange.objects.filter(case=case).values_list("pk", flat=True)) == history


@pytest.mark.parametrize(("status", "transition"), REFUSED)
def test_the_generic_entry_refuses_the_same_moves(world, status, transition):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    with pytest.raises(ConflictError) as error:
        services.case_transition(
            actor=world.director.user,
            case=case,
            transition=transition,
            expected_version=case.version,
            reason=VALID_REASON.get(transition, ""),
        )
    assert error.value.code == "illegal_transition"


@pytest.mark.parametrize("transition", [Transition.START_INTAKE, Transition.CLOSE])
def test_the_generic_entry_sends_moves_that_need_more_to_their_own_service(world, transition):
    status = Status.REGISTERED if transition == Transition.START_INTAKE else Status.PLAN_ACTIVE
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    with pytest.raises(DomainError) as error:
        services.case_transition(
            actor=world.director.user,
            case=case,
            transition=transition,
            expected_version=case.version,
            reason=VALID_REASON.get(transition, ""),
        )
    assert error.value.code == "use_specific_step"
    assert Case.objects.get(pk=case.pk).status == status


@pytest.mark.parametrize(
    ("status", "transition"),
    [(source, transition) for (source, transition) in ALLOWED if transition in REASONS],
)
@pytest.mark.parametrize("reason", ["", "   ", "no_such_reason"])
def test_a_move_that_needs_a_reason_refuses_a_missing_or_unknown_one(
    world, status, transition, reason
):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    assessments = Assessment.objects.filter(case=case).count()

    with pytest.raises(DomainError) as error:
        apply(world, case, transition, reason=reason)

    assert error.value.code == "reason_required"
    assert error.value.field == "reason"
    assert Case.objects.get(pk=case.pk).status == status
    # Closing is all or nothing: no closing ZRM is left behind by a refused close.
    assert Assessment.objects.filter(case=case).count() == assessments


@pytest.mark.parametrize(
    ("transition", "wrong_reason"),
    [
        (Transition.STOP, CloseReason.GOALS_REACHED),
        (Transition.TRANSFER, StopReason.MOVED),
        (Transition.CLOSE, ReopenReason.RELAPSE),
        (Transition.REOPEN, TransferReason.SPECIALIST),
    ],
)
def test_a_reason_of_another_transition_is_refused(world, transition, wrong_reason):
    status = next(source for (source, move) in ALLOWED if move == transition)
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    with pytest.raises(DomainError) as error:
        apply(world, case, transition, reason=wrong_reason)
    assert error.value.code == "reason_required"


def test_the_note_is_kept_with_the_change(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    services.case_stop(
        actor=world.colleague.user,
        case=case,
        expected_version=case.version,
        reason=StopReason.UNREACHABLE,
        note="  Drie keer langs geweest  ",
    )
    change = StatusChange.objects.filter(case=case).last()
    assert (change.reason, change.note, change.by) == (
        StopReason.UNREACHABLE,
        "Drie keer langs geweest",
        world.colleague.user,
    )


def test_the_whole_history_is_appended_in_order(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    case = services.case_reopen(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=ReopenReason.NEW_QUESTION,
    )
    moves = list(case.status_changes.values_list("transition", "from_status", "to_status"))
    assert moves == [
        ("register", "", "registered"),
        ("start_intake", "registered", "intake"),
        ("activate_plan", "intake", "plan_active"),
        ("close", "plan_active", "closed"),
        ("reopen", "closed", "intake"),
    ]


@pytest.mark.parametrize("status", sorted(ENDED_STATES))
def test_closed_at_is_set_on_every_end_state(world, status):
    started = timezone.now()
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    assert case.closed_at is not None
    assert started <= case.closed_at <= timezone.now()
    assert case.status_changed_at == case.closed_at


@pytest.mark.parametrize("status", sorted(OPEN_STATES))
def test_closed_at_is_empty_on_open_states(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    assert case.closed_at is None


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED])
def test_reopen_clears_closed_at_and_brings_back_the_last_director(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    assert not DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).exists()

    case = services.case_reopen(
        actor=world.colleague.user,
        case=case,
        expected_version=case.version,
        reason=ReopenReason.RELAPSE,
    )

    assert case.status == Status.INTAKE
    assert case.closed_at is None
    assert case.director == world.director
    current = DirectorAssignment.objects.get(case=case, ended_at__isnull=True)
    assert current.membership == world.director
    assert current.by == world.colleague.user


def test_reopen_is_possible_until_the_term_ends(world, settings):
    settings.WIJKTEAM_REOPEN_DAYS = 10
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=9))
    case.refresh_from_db()

    case = services.case_reopen(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=ReopenReason.RELAPSE,
    )
    assert case.status == Status.INTAKE


@pytest.mark.parametrize("status", [Status.CLOSED, Status.STOPPED])
def test_reopen_is_refused_after_the_term(world, settings, status):
    settings.WIJKTEAM_REOPEN_DAYS = 10
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=11))
    case.refresh_from_db()

    with pytest.raises(ConflictError) as error:
        services.case_reopen(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=ReopenReason.RELAPSE,
        )

    assert error.value.code == "reopen_term_passed"
    assert "10" in str(error.value.message)
    assert Case.objects.get(pk=case.pk).status == status


def test_reopen_term_follows_the_setting(world, settings):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=11))
    case.refresh_from_db()
    settings.WIJKTEAM_REOPEN_DAYS = 30

    case = services.case_reopen(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=ReopenReason.RELAPSE,
    )
    assert case.status == Status.INTAKE


def test_reopen_is_refused_when_the_last_director_left_the_team(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    world.director.is_active = False
    world.director.save()

    with pytest.raises(DomainError) as error:
        services.case_reopen(
            actor=world.colleague.user,
            case=case,
            expected_version=case.version,
            reason=ReopenReason.RELAPSE,
        )

    assert error.value.code == "invalid_director"
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED


def test_reopen_uses_the_director_after_a_hand_over(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    case = services.case_hand_over(
        actor=world.director.user,
        case=case,
        to=world.colleague,
        expected_director_id=world.director.pk,
        reason="Schulden staan voorop",
    )
    case = services.case_stop(
        actor=world.colleague.user,
        case=case,
        expected_version=case.version,
        reason=StopReason.DECLINED,
    )
    world.director.is_active = False  # the first director leaving does not matter any more
    world.director.save()

    case = services.case_reopen(
        actor=world.colleague.user,
        case=case,
        expected_version=case.version,
        reason=ReopenReason.RELAPSE,
    )
    assert case.director == world.colleague


def test_reopen_is_refused_while_the_household_has_another_open_case(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    other = services.registration_create(
        actor=world.director.user, question="Nieuwe vraag", household=case.household
    )

    with pytest.raises(ConflictError) as error:
        services.case_reopen(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=ReopenReason.RELAPSE,
        )

    assert error.value.code == "open_case_exists"
    assert error.value.extra["open_case_id"] == other.pk
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
    assert StatusChange.objects.filter(case=case).last().transition == "close"


def test_a_move_on_a_stale_version_is_refused(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    seen = case.version
    Case.objects.filter(pk=case.pk).update(urgency=2, version=seen + 1)  # someone else edited

    with pytest.raises(ConflictError) as error:
        services.case_stop(
            actor=world.director.user, case=case, expected_version=seen, reason=StopReason.MOVED
        )
    assert error.value.code == "stale_version"
    assert Case.objects.get(pk=case.pk).status == Status.INTAKE


def test_a_move_on_a_state_that_changed_meanwhile_is_refused(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    stale = Case.objects.get(pk=case.pk)
    services.case_stop(
        actor=world.director.user, case=case, expected_version=case.version, reason="moved"
    )
    with pytest.raises(ConflictError):
        services.case_stop(
            actor=world.director.user, case=stale, expected_version=None, reason="declined"
        )
    assert StatusChange.objects.filter(case=case, transition="stop").count() == 1


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.INTAKE, Status.PLAN_ACTIVE])
def test_transfer_to_another_team_moves_the_household_to_its_inbox(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    household = case.household
    SharingGroundFactory(
        household=household, party=Party.OTHER_TEAM, purpose=Purpose.DIRECTION_TRANSFER
    )

    moved = services.case_transfer(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=TransferReason.OTHER_TEAM,
        to_team=world.oost,
    )

    assert moved.status == Status.TRANSFERRED
    assert moved.team == world.schalkwijk  # the history stays where it happened
    household.refresh_from_db()
    assert household.team == world.oost
    new_case = Case.objects.get(household=household, status=Status.REGISTERED)
    assert new_case.team == world.oost
    assert new_case.question == case.question
    assert new_case.status_changes.get().transition == "register"
    assert list(team_inbox(user=world.outsider.user, team=world.oost)) == [new_case]
    assert household in households_visible_to(user=world.outsider.user)
    assert household not in households_visible_to(user=world.director.user)
    assert not DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).exists()


@pytest.mark.parametrize("to_team", [None, "own"])
def test_transfer_to_another_team_needs_another_team(world, to_team):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        services.case_transfer(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=TransferReason.OTHER_TEAM,
            to_team=world.schalkwijk if to_team == "own" else None,
        )
    assert (error.value.code, error.value.field) == ("team_required", "to_team")
    assert Case.objects.get(pk=case.pk).status == Status.INTAKE


def test_transfer_to_specialist_care_keeps_the_household_in_the_team(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    SharingGroundFactory(household=case.household)
    services.case_transfer(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=TransferReason.SPECIALIST,
    )
    case.household.refresh_from_db()
    assert case.household.team == world.schalkwijk
    assert not case.household.cases.filter(status__in=OPEN_STATES).exists()


@pytest.mark.parametrize("status", [Status.STOPPED, Status.TRANSFERRED])
def test_an_ended_case_has_no_current_director(world, status):
    case = case_in_state(actor=world.director.user, director=world.director, status=status)
    assert DirectorAssignment.objects.filter(case=case).count() == 1
    assert not DirectorAssignment.objects.filter(case=case, ended_at__isnull=True).exists()


def test_a_case_stopped_before_intake_cannot_be_reopened_and_says_why(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    case = services.case_stop(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason="answered",
    )
    with pytest.raises(ConflictError) as error:
        services.case_reopen(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=ReopenReason.RELAPSE,
        )
    assert error.value.code == "invalid_director"
    assert Case.objects.get(pk=case.pk).status == Status.STOPPED


def test_reopening_opens_the_goals_again_and_the_close_keeps_their_outcomes(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    assert set(Goal.objects.filter(plan__case=case).values_list("outcome", flat=True)) != {""}
    case = services.case_reopen(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=ReopenReason.RELAPSE,
    )
    assert set(Goal.objects.filter(plan__case=case).values_list("outcome", flat=True)) == {""}
    closing_revision = case.plan.revisions.order_by("-number").first()
    assert all(goal["outcome"] for goal in closing_revision.snapshot["goals"])
