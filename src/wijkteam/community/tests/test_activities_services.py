"""The rules of collective activities: who may run them, where, which signals, participation,
the life of an activity (one table) and the link from a plan action at step 2 or 3 only."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.community.models import (
    ActivitySignal,
    ActivityStatus,
    SignalStatus,
    SignalStatusChange,
)
from wijkteam.community.selectors.activities import (
    activities_linkable,
    activities_visible_to,
    activity_route_counts,
)
from wijkteam.community.services import activities as services
from wijkteam.community.services.activities import ACTIVITY_TRANSITIONS
from wijkteam.community.services.signals import signal_transition
from wijkteam.community.tests.test_activities_support import (
    activity,
    community_worker,
    signal,
    theme,
)
from wijkteam.core.disclosure import Suppressed
from wijkteam.core.errors import ConflictError, DomainError, Forbidden
from wijkteam.plans.models import Action, Performer
from wijkteam.plans.services import action_add
from wijkteam.socialmap.services import provision_create


@pytest.fixture
def worker(world):
    return community_worker(world).user


def _provision(world, name="Buurtkamer Meerwijk", active=True):
    return provision_create(
        actor=None,
        municipality=world.schalkwijk.area.municipality,
        name=name,
        provider="Stichting Buurt (test)",
        kind="collective",
        domains=["social_network"],
        is_active=active,
    )


def test_the_transition_table_is_explicit():
    assert ACTIVITY_TRANSITIONS == {
        (ActivityStatus.PLANNED, "start"): ActivityStatus.RUNNING,
        (ActivityStatus.PLANNED, "end"): ActivityStatus.ENDED,
        (ActivityStatus.RUNNING, "end"): ActivityStatus.ENDED,
    }


def test_community_worker_creates_an_activity_and_takes_up_its_signal(world, worker):
    found = signal(world)
    meerwijk = found.neighbourhood
    provision = _provision(world)
    made = activity(
        world,
        worker,
        neighbourhoods=[meerwijk],
        themes=[theme()],
        signals=[found],
        provisions=[provision],
        starts_on=date(2026, 4, 1),
    )
    assert made.status == ActivityStatus.PLANNED
    assert list(made.neighbourhoods.all()) == [meerwijk]
    assert list(made.provisions.all()) == [provision]
    link = ActivitySignal.objects.get(activity=made)
    assert link.signal == found and link.added_by == worker
    found.refresh_from_db()
    assert found.status == SignalStatus.TAKEN_UP
    assert SignalStatusChange.objects.filter(signal=found, to_status="taken_up").count() == 1


def test_the_coordinator_may_run_activities_too(world):
    from wijkteam.teams.tests.factories import MembershipFactory, UserFactory

    coordinator = MembershipFactory(
        team=world.schalkwijk, user=UserFactory(username="coord"), is_coordinator=True
    )
    assert activity(world, coordinator.user).team == world.schalkwijk


@pytest.mark.parametrize("who", ["director", "colleague", "outsider"])
def test_other_team_members_may_not(world, who):
    with pytest.raises(Forbidden):
        activity(world, getattr(world, who).user)


def test_policy_advisor_reads_but_may_not_run(world, worker):
    from django.contrib.auth.models import Group

    from wijkteam.access.roles import ROLE_GROUPS, Role

    group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[Role.POLICY_ADVISOR])
    world.policy.groups.add(group)
    made = activity(world, worker)
    assert list(activities_visible_to(user=world.policy)) == [made]
    with pytest.raises(Forbidden):
        activity(world, world.policy)


def test_reading_is_for_the_team(world, worker):
    made = activity(world, worker)
    assert list(activities_visible_to(user=world.colleague.user)) == [made]
    assert list(activities_visible_to(user=world.outsider.user)) == []
    assert list(activities_visible_to(user=world.backoffice)) == []


def test_neighbourhoods_must_lie_in_the_team_area(world, worker):
    parkwijk = world.oost.area.neighbourhoods.get()
    with pytest.raises(DomainError) as refused:
        activity(world, worker, neighbourhoods=[parkwijk])
    assert refused.value.field == "neighbourhoods"


def test_signals_of_another_team_are_refused(world, worker):
    other = signal(world, team=world.oost, neighbourhood="parkwijk")
    with pytest.raises(DomainError) as refused:
        activity(world, worker, signals=[other])
    assert refused.value.code == "signal_other_team"
    other.refresh_from_db()
    assert other.status == SignalStatus.NEW


def test_a_closed_signal_must_be_reopened_first(world, worker):
    found = signal(world)
    signal_transition(actor=worker, signal=found, move="close", closure="no_action", note="Al")
    with pytest.raises(DomainError) as refused:
        activity(world, worker, signals=[found])
    assert refused.value.code == "signal_closed"


def test_a_request_to_the_municipality_says_what_is_asked(world, worker):
    with pytest.raises(DomainError) as refused:
        activity(world, worker, kind="municipality_request", name="Bankjes")
    assert refused.value.field == "description"
    made = activity(
        world,
        worker,
        kind="municipality_request",
        name="Bankjes",
        description="Bankjes langs het wandelpad, voor ouderen die nu thuis blijven.",
    )
    assert made.kind == "municipality_request"


def test_name_kind_and_dates_are_checked(world, worker):
    with pytest.raises(DomainError) as refused:
        activity(world, worker, name="  ")
    assert refused.value.field == "name"
    with pytest.raises(DomainError) as refused:
        activity(world, worker, kind="party")
    assert refused.value.field == "kind"
    with pytest.raises(DomainError) as refused:
        activity(world, worker, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))
    assert refused.value.field == "ends_on"


def test_an_inactive_provision_is_not_linked(world, worker):
    gone = _provision(world, active=False)
    with pytest.raises(DomainError) as refused:
        activity(world, worker, provisions=[gone])
    assert refused.value.field == "provisions"


def test_update_checks_the_version(world, worker):
    made = activity(world, worker)
    services.activity_update(
        actor=worker, activity=made, expected_version=made.version, name="Koffie & zo"
    )
    assert made.name == "Koffie & zo"
    with pytest.raises(ConflictError) as refused:
        services.activity_update(actor=worker, activity=made, expected_version=0, name="Oud")
    assert refused.value.code == "stale_version"


def test_linking_a_signal_later_takes_it_up(world, worker):
    made = activity(world, worker)
    found = signal(world)
    services.activity_link_signal(actor=worker, activity=made, signal=found)
    services.activity_link_signal(actor=worker, activity=made, signal=found)  # no double
    assert ActivitySignal.objects.filter(activity=made).count() == 1
    found.refresh_from_db()
    assert found.status == SignalStatus.TAKEN_UP


def test_provisions_link_and_unlink(world, worker):
    made = activity(world, worker)
    provision = _provision(world)
    services.activity_link_provisions(actor=worker, activity=made, provisions=[provision])
    assert list(made.provisions.all()) == [provision]
    services.activity_unlink_provision(actor=worker, activity=made, provision=provision)
    assert not made.provisions.exists()


def test_participation_is_appended_and_starts_the_activity(world, worker):
    made = activity(world, worker)
    services.participation_add(
        actor=worker, activity=made, on=date(2026, 4, 7), participants=12, new_participants=4
    )
    services.participation_add(
        actor=worker, activity=made, on=date(2026, 4, 14), participants=15, volunteers=2
    )
    made.refresh_from_db()
    assert made.status == ActivityStatus.RUNNING
    assert [p.participants for p in made.participations.all()] == [12, 15]


def test_more_new_participants_than_participants_is_refused(world, worker):
    made = activity(world, worker)
    with pytest.raises(DomainError) as refused:
        services.participation_add(
            actor=worker, activity=made, on=date(2026, 4, 7), participants=3, new_participants=4
        )
    assert refused.value.field == "new_participants"


def test_ending_needs_the_outcome_and_why_when_not_reached(world, worker):
    made = activity(world, worker)
    with pytest.raises(DomainError) as refused:
        services.activity_end(
            actor=worker, activity=made, outcome="not_reached", expected_version=made.version
        )
    assert refused.value.field == "outcome_note"
    with pytest.raises(ConflictError):
        services.activity_end(
            actor=worker, activity=made, outcome="reached", expected_version=made.version + 5
        )
    services.activity_end(
        actor=worker,
        activity=made,
        outcome="partly",
        outcome_note="",
        ends_on=date(2026, 6, 30),
        expected_version=made.version,
    )
    assert made.status == ActivityStatus.ENDED and made.outcome == "partly"
    with pytest.raises(ConflictError) as refused:
        services.activity_start(actor=worker, activity=made, expected_version=made.version)
    assert refused.value.code == "invalid_transition"
    with pytest.raises(ConflictError):
        services.participation_add(actor=worker, activity=made, on=date(2026, 7, 1), participants=1)


# The plan action's link ----------------------------------------------------------------------


def _goal(world):
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    return case.plan.goals.get()


def _add(world, goal, made, step=2):
    return action_add(
        actor=world.director.user,
        goal=goal,
        description="Meedoen met de koffieochtend",
        step=step,
        performer=Performer.VOLUNTEER_ORGANISATION,
        step_reason="Netwerk is klein",
        collective_activity=made,
    )


@pytest.mark.parametrize("step", [2, 3])
def test_a_plan_action_at_step_2_or_3_links_an_activity(world, worker, step):
    made = activity(world, worker)
    action = _add(world, _goal(world), made, step=step)
    assert action.collective_activity == made


@pytest.mark.parametrize("step", [1, 4])
def test_a_plan_action_at_step_1_or_4_may_not(world, worker, step):
    made = activity(world, worker)
    with pytest.raises(DomainError) as refused:
        _add(world, _goal(world), made, step=step)
    assert refused.value.field == "collective_activity"
    assert refused.value.code == "collective_activity_step"


def test_the_database_refuses_step_1_too(world, worker):
    made = activity(world, worker)
    action = _add(world, _goal(world), made)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(step=1)


def test_another_teams_activity_is_refused(world):
    oost_worker = community_worker(world, "ow-oost")
    oost_worker.team = world.oost
    oost_worker.save()
    made = activity(world, oost_worker.user, team=world.oost)
    with pytest.raises(DomainError) as refused:
        _add(world, _goal(world), made)
    assert refused.value.code == "collective_activity_other_team"


def test_an_ended_activity_is_not_offered_nor_linked(world, worker):
    made = activity(world, worker)
    assert activities_linkable(team_id=world.schalkwijk.pk) == [made]
    services.activity_end(
        actor=worker, activity=made, outcome="reached", expected_version=made.version
    )
    assert activities_linkable(team_id=world.schalkwijk.pk) == []
    with pytest.raises(DomainError) as refused:
        _add(world, _goal(world), made)
    assert refused.value.code == "collective_activity_ended"


def test_route_counts_are_suppressed_below_the_threshold(world, worker):
    made = activity(world, worker, signals=[signal(world)])
    _add(world, _goal(world), made)
    counts = activity_route_counts(activity=made)
    assert isinstance(counts.actions, Suppressed) and str(counts.actions) != "1"
    assert isinstance(counts.households, Suppressed)
    assert counts.signals == 1


def test_route_counts_show_at_the_threshold(world, worker, settings):
    settings.WIJKTEAM_DISCLOSURE_THRESHOLD = 3
    made = activity(world, worker)
    for _ in range(3):
        _add(world, _goal(world), made)
    counts = activity_route_counts(activity=made)
    assert counts.actions == 3 and counts.households == 3
