"""Reads on plans: comparing revisions, and goals, actions and revisions only for who may see."""

from __future__ import annotations

import pytest

from wijkteam.cases.services import case_add_member
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.plans.models import ActionStatus, Performer
from wijkteam.plans.selectors import (
    action_get,
    goal_get,
    plan_goals,
    plan_revision_get,
    plan_revisions_compare,
    plan_revisions_visible_to,
)
from wijkteam.plans.services import action_add, action_set_status, goal_add, plan_revision_create


@pytest.fixture
def case(world):
    return case_in_state(actor=world.director.user, director=world.director, status="intake")


def revise(world, case):
    return plan_revision_create(actor=world.director.user, plan=case.plan)


def test_comparing_a_revision_with_itself_finds_nothing(world, case):
    goal = goal_add(actor=world.director.user, case=case, domain="finances", description="Doel")
    action_add(actor=world.director.user, goal=goal, description="A", step=1, performer="resident")
    revision = revise(world, case)
    assert plan_revisions_compare(older=revision, newer=revision) == []


def test_comparing_finds_added_removed_and_changed_goals_and_actions(world, case):
    actor = world.director.user
    kept = goal_add(actor=actor, case=case, domain="finances", description="Rust in de schulden")
    changed_action = action_add(
        actor=actor, goal=kept, description="Budget", step=1, performer=Performer.RESIDENT
    )
    dropped_action = action_add(
        actor=actor, goal=kept, description="Bellen", step=1, performer=Performer.RESIDENT
    )
    dropped_goal = goal_add(actor=actor, case=case, domain="housing", description="Wonen")
    older = revise(world, case)

    action_set_status(
        actor=actor,
        action=changed_action,
        status=ActionStatus.DONE,
        expected_version=changed_action.version,
    )
    # There is no service to remove goals or actions yet; the snapshot logic must cope anyway.
    dropped_action_id, dropped_goal_id = dropped_action.pk, dropped_goal.pk
    dropped_action.delete()
    dropped_goal.delete()
    type(kept).objects.filter(pk=kept.pk).update(description="Schuldenvrij", outcome="partly")
    added_goal = goal_add(actor=actor, case=case, domain="time_use", description="Dagritme")
    added_action = action_add(
        actor=actor,
        goal=added_goal,
        description="Dagbesteding",
        step=3,
        performer=Performer.PROVISION,
        step_reason="Eigen netwerk is er niet",
    )
    newer = revise(world, case)

    changes = plan_revisions_compare(older=older, newer=newer)
    found = {(c.kind, c.id): c for c in changes}

    assert set(found) == {
        ("goal", kept.pk),
        ("goal", dropped_goal_id),
        ("goal", added_goal.pk),
        ("action", changed_action.pk),
        ("action", dropped_action_id),
        ("action", added_action.pk),
    }
    assert found[("goal", kept.pk)].change == "changed"
    assert found[("goal", kept.pk)].fields == ["description", "outcome"]
    assert found[("goal", kept.pk)].before["description"] == "Rust in de schulden"
    assert found[("goal", kept.pk)].after["description"] == "Schuldenvrij"
    assert found[("goal", dropped_goal_id)].change == "removed"
    assert found[("goal", dropped_goal_id)].after is None
    assert found[("goal", added_goal.pk)].change == "added"
    assert found[("goal", added_goal.pk)].before is None
    assert found[("action", changed_action.pk)].change == "changed"
    assert found[("action", changed_action.pk)].fields == ["status"]
    assert (
        found[("action", changed_action.pk)].before["status"],
        found[("action", changed_action.pk)].after["status"],
    ) == ("planned", "done")
    assert found[("action", dropped_action_id)].change == "removed"
    assert found[("action", added_action.pk)].change == "added"
    assert found[("action", added_action.pk)].after["goal_id"] == added_goal.pk
    # Goals are listed before actions, each in id order.
    assert [c.kind for c in changes] == ["goal"] * 3 + ["action"] * 3
    assert [c.id for c in changes[:3]] == sorted(c.id for c in changes[:3])


def test_comparing_the_other_way_round_swaps_added_and_removed(world, case):
    older = revise(world, case)
    goal = goal_add(actor=world.director.user, case=case, domain="finances", description="Doel")
    newer = revise(world, case)
    [forward] = plan_revisions_compare(older=older, newer=newer)
    [backward] = plan_revisions_compare(older=newer, newer=older)
    assert (forward.id, forward.change, backward.id, backward.change) == (
        goal.pk,
        "added",
        goal.pk,
        "removed",
    )


def test_revisions_of_different_plans_are_not_compared(world, case):
    other = case_in_state(actor=world.director.user, director=world.director, status="intake")
    with pytest.raises(DomainError) as error:
        plan_revisions_compare(older=revise(world, case), newer=revise(world, other))
    assert error.value.code == "different_plans"


def test_goals_actions_and_revisions_only_for_who_may_see_the_case(world, case):
    goal = goal_add(actor=world.director.user, case=case, domain="finances", description="Doel")
    action = action_add(
        actor=world.director.user, goal=goal, description="A", step=1, performer="resident"
    )
    revision = revise(world, case)

    case_add_member(actor=world.director.user, case=case, membership=world.colleague)
    assert goal_get(user=world.colleague.user, pk=goal.pk) == goal
    assert action_get(user=world.colleague.user, pk=action.pk) == action
    assert plan_revision_get(user=world.colleague.user, pk=revision.pk) == revision
    assert list(plan_revisions_visible_to(user=world.colleague.user)) == [revision]
    for user in (world.cjg_coach.user, world.outsider.user, world.backoffice, world.policy):
        with pytest.raises(NotFoundOrHidden):
            goal_get(user=user, pk=goal.pk)
        with pytest.raises(NotFoundOrHidden):
            action_get(user=user, pk=action.pk)
        with pytest.raises(NotFoundOrHidden):
            plan_revision_get(user=user, pk=revision.pk)
        assert not plan_revisions_visible_to(user=user).exists()


def test_plan_goals_come_with_their_actions_in_two_queries(world, case, django_assert_num_queries):
    for domain in ("finances", "housing", "time_use"):
        goal = goal_add(actor=world.director.user, case=case, domain=domain, description=domain)
        for step in (1, 1):
            action_add(
                actor=world.director.user,
                goal=goal,
                description="A",
                step=step,
                performer="resident",
            )
    with django_assert_num_queries(2):
        goals = list(plan_goals(case=case))
        assert [g.domain for g in goals] == ["finances", "housing", "time_use"]
        assert [len(g.actions.all()) for g in goals] == [2, 2, 2]
