"""Reads on cases: visibility, the caseload, the team inbox and the household timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkteam.cases import services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, ContactKind, Urgency
from wijkteam.cases.selectors import (
    case_get,
    caseload_for,
    cases_visible_to,
    household_timeline,
    team_inbox,
)
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.plans.services import plan_revision_create
from wijkteam.zrm.services import assessment_create


def new_case(world, status="registered", director=None, **kwargs):
    return case_in_state(
        actor=world.director.user,
        director=director or world.director,
        status=status,
        **kwargs,
    )


# Visibility ----------------------------------------------------------------------------------


def test_cases_are_visible_to_who_works_on_them_only(world):
    schalkwijk = new_case(world, "intake")
    oost = new_case(world, director=world.outsider)

    assert set(cases_visible_to(user=world.director.user)) == {schalkwijk}
    # A colleague in the same team who is not on the case: need-to-know, not shown.
    assert not cases_visible_to(user=world.colleague.user).exists()
    assert set(cases_visible_to(user=world.outsider.user)) == {oost}
    for user in (world.backoffice, world.policy, AnonymousUser()):
        assert not cases_visible_to(user=user).exists()


def test_case_get_hides_what_the_user_may_not_see(world):
    case = new_case(world, "intake")
    assert case_get(user=world.director.user, pk=case.pk) == case
    for user in (world.colleague.user, world.outsider.user, world.backoffice, world.policy):
        with pytest.raises(NotFoundOrHidden):
            case_get(user=user, pk=case.pk)
    with pytest.raises(NotFoundOrHidden):
        case_get(user=world.director.user, pk=case.pk + 1000)


def test_a_former_member_no_longer_sees_the_teams_cases(world):
    case = new_case(world, "intake")
    world.colleague.is_active = False
    world.colleague.save()
    with pytest.raises(NotFoundOrHidden):
        case_get(user=world.colleague.user, pk=case.pk)


# Caseload ------------------------------------------------------------------------------------


def test_the_caseload_holds_the_open_cases_one_directs_or_works_on(world):
    directed = new_case(world, "intake")
    active = new_case(world, "plan_active")
    by_colleague = new_case(world, "intake", director=world.colleague)
    member_of = new_case(world, "plan_active", director=world.colleague)
    services.case_add_member(actor=world.director.user, case=member_of, membership=world.director)
    new_case(world, "registered")  # in the inbox, nobody's yet
    new_case(world, "closed")
    new_case(world, "stopped")
    new_case(world, "transferred")

    assert set(caseload_for(user=world.director.user)) == {directed, active, member_of}
    assert set(caseload_for(user=world.colleague.user)) == {by_colleague, member_of}
    assert list(caseload_for(user=world.cjg_coach.user)) == []
    assert list(caseload_for(user=world.outsider.user)) == []


def test_a_case_with_several_members_appears_once(world):
    case = new_case(world, "intake")
    services.case_add_member(actor=world.director.user, case=case, membership=world.colleague)
    services.case_add_member(actor=world.director.user, case=case, membership=world.cjg_coach)
    assert list(caseload_for(user=world.director.user)) == [case]


def test_the_caseload_follows_a_hand_over(world):
    case = new_case(world, "intake")
    services.case_hand_over(
        actor=world.director.user,
        case=case,
        to=world.colleague,
        expected_director_id=world.director.pk,
        reason="Verlof",
    )
    assert list(caseload_for(user=world.colleague.user)) == [case]
    # A warm hand-over: the former director stays on the case as a member.
    assert list(caseload_for(user=world.director.user)) == [case]
    assert case.members.filter(membership=world.director).exists()


def test_the_caseload_puts_the_most_urgent_and_oldest_first(world):
    cases = [new_case(world, "intake") for _ in range(3)]
    now = timezone.now()
    Case.objects.filter(pk=cases[0].pk).update(urgency=Urgency.NORMAL, registered_at=now)
    Case.objects.filter(pk=cases[1].pk).update(urgency=Urgency.CRISIS, registered_at=now)
    Case.objects.filter(pk=cases[2].pk).update(
        urgency=Urgency.NORMAL, registered_at=now - timedelta(days=2)
    )
    assert list(caseload_for(user=world.director.user)) == [cases[1], cases[2], cases[0]]


# Inbox ---------------------------------------------------------------------------------------


def test_the_inbox_orders_by_urgency_then_longest_waiting(world):
    now = timezone.now()
    plan = [
        ("normal_new", Urgency.NORMAL, 0),
        ("crisis_new", Urgency.CRISIS, 0),
        ("high_old", Urgency.HIGH, 5),
        ("normal_old", Urgency.NORMAL, 9),
        ("crisis_old", Urgency.CRISIS, 3),
        ("high_new", Urgency.HIGH, 1),
    ]
    made = {}
    for name, urgency, days in plan:
        case = new_case(world)
        Case.objects.filter(pk=case.pk).update(
            urgency=urgency, registered_at=now - timedelta(days=days)
        )
        made[name] = case
    new_case(world, "intake")  # taken out of the inbox already

    inbox = list(team_inbox(user=world.colleague.user, team=world.schalkwijk))

    assert inbox == [
        made[name]
        for name in ("crisis_old", "crisis_new", "high_old", "high_new", "normal_old", "normal_new")
    ]


def test_the_inbox_is_empty_for_who_is_not_in_the_team(world):
    new_case(world)
    assert list(team_inbox(user=world.outsider.user, team=world.schalkwijk)) == []
    assert list(team_inbox(user=world.backoffice, team=world.schalkwijk)) == []
    assert list(team_inbox(user=world.director.user, team=world.oost)) == []


def test_the_inbox_holds_only_registrations_of_that_team(world):
    ours = new_case(world)
    theirs = new_case(world, director=world.outsider)
    teams = (world.schalkwijk, world.oost)
    assert [list(team_inbox(user=world.director.user, team=t)) for t in teams] == [
        [ours],
        [],
    ]
    assert list(team_inbox(user=world.outsider.user, team=world.oost)) == [theirs]


# Timeline ------------------------------------------------------------------------------------


def history(world, *, rounds: int):
    """A household with ``rounds`` of every kind of event on one case."""
    actor = world.director.user
    case = new_case(world, "plan_active")
    # Both stay on the case as direction goes back and forth, so both keep seeing it.
    services.case_add_member(actor=actor, case=case, membership=world.colleague)
    for round_ in range(rounds):
        services.contact_add(
            actor=actor,
            case=case,
            kind=ContactKind.HOME_VISIT,
            date=timezone.localdate() - timedelta(days=round_),
            note=f"Bezoek {round_}",
        )
        assessment_create(
            actor=actor,
            case=case,
            kind="follow_up",
            assessed_on=timezone.localdate() - timedelta(days=round_),
            scores={"finances": 3},
        )
        plan_revision_create(actor=actor, plan=case.plan, note=f"Bijgesteld {round_}")
        to = world.colleague if case.director == world.director else world.director
        case = services.case_hand_over(
            actor=actor, case=case, to=to, expected_director_id=case.director_id, reason="Ruil"
        )
    return case


def test_the_timeline_shows_every_kind_of_event_newest_first(world, english):
    case = history(world, rounds=1)
    entries = household_timeline(user=world.colleague.user, household=case.household)

    kinds = {entry.kind for entry in entries}
    assert kinds == {"registration", "status", "director", "contact", "assessment", "plan"}
    assert [entry.at for entry in entries] == sorted((e.at for e in entries), reverse=True)
    titles = [entry.title for entry in entries]
    assert "Question registered" in titles
    registration = next(e for e in entries if e.kind == "registration")
    assert registration.detail == case.question
    assert registration.case_id == case.pk
    assert sum(1 for e in entries if e.kind == "status") == 2  # intake, plan active
    assert sum(1 for e in entries if e.kind == "director") == 2  # first director, hand-over
    assert sum(1 for e in entries if e.kind == "plan") == 2  # activation, one by hand
    contact = next(e for e in entries if e.kind == "contact")
    assert (contact.title, contact.detail) == ("Home visit, 30 min", "Bezoek 0")


def test_the_timeline_spans_all_cases_of_the_household(world):
    first = new_case(world, "closed")
    second = new_case(world, "intake", household=first.household)
    entries = household_timeline(user=world.director.user, household=first.household)
    assert {entry.case_id for entry in entries} == {first.pk, second.pk}
    other = new_case(world, "intake")
    assert other.pk not in {entry.case_id for entry in entries}


@pytest.mark.parametrize("persona", ["outsider", "backoffice", "policy"])
def test_the_timeline_is_hidden_from_who_may_not_see_the_household(world, persona):
    case = history(world, rounds=1)
    user = getattr(world, persona)
    user = getattr(user, "user", user)
    with pytest.raises(NotFoundOrHidden):
        household_timeline(user=user, household=case.household)


def test_an_empty_household_has_an_empty_timeline(world):
    household = HouseholdFactory(team=world.schalkwijk)
    assert household_timeline(user=world.director.user, household=household) == []


def test_the_timeline_costs_the_same_queries_for_a_long_history(world):
    small = history(world, rounds=1).household
    large = history(world, rounds=12).household

    with CaptureQueriesContext(connection) as few:
        short_entries = household_timeline(user=world.director.user, household=small)
    with CaptureQueriesContext(connection) as many:
        long_entries = household_timeline(user=world.director.user, household=large)

    assert len(long_entries) > 4 * len(short_entries)
    assert len(many) == len(few)
    assert len(few) <= 6 + 4  # + the access log entry: emergency?, lock, last hash, insert


def test_the_timeline_status_entries_name_the_step_and_state(world, english):
    case = new_case(world, "stopped")
    entries = household_timeline(user=world.director.user, household=case.household)
    stop = entries[0]
    assert stop.kind == "status"
    assert stop.title == "Stop: Stopped"
    assert stop.case_id == case.pk
    assert case.status == Status.STOPPED


def test_a_contact_recorded_today_sorts_after_what_happened_before_it_today(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    contact = services.contact_add(actor=world.director.user, case=case)
    entries = household_timeline(user=world.director.user, household=case.household)
    kinds = [entry.kind for entry in entries]
    assert kinds.index("contact") < kinds.index("director")  # newest first
    assert entries[kinds.index("contact")].at == contact.created_at
