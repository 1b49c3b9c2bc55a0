"""Reads on teams: memberships, teams of a user, members and who fits a question."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.teams.models import FUNCTION_DOMAINS, Function
from wijkteam.teams.selectors import (
    members_suggested_for,
    memberships_of,
    team_members,
    teams_of,
    teams_with_members,
)
from wijkteam.teams.tests.factories import MembershipFactory


def test_memberships_and_teams_of_a_user_are_the_active_ones(world):
    MembershipFactory(team=world.oost, user=world.director.user, is_active=False)
    assert list(memberships_of(user=world.director.user)) == [world.director]
    assert list(teams_of(user=world.director.user)) == [world.schalkwijk]
    MembershipFactory(team=world.oost, user=world.colleague.user)
    assert set(teams_of(user=world.colleague.user)) == {world.schalkwijk, world.oost}


def test_users_without_a_team_have_no_memberships(world):
    for user in (world.backoffice, world.policy, AnonymousUser()):
        assert not memberships_of(user=user).exists()
        assert not teams_of(user=user).exists()


def test_team_members_are_active_with_their_open_caseload(world):
    MembershipFactory(team=world.schalkwijk, is_active=False)
    for status in ("intake", "plan_active", "closed"):
        case_in_state(actor=world.director.user, director=world.director, status=status)
    case_in_state(actor=world.director.user, director=world.colleague, status="intake")

    load = {m.pk: m.open_cases for m in team_members(team=world.schalkwijk)}

    assert load == {world.director.pk: 2, world.colleague.pk: 1, world.cjg_coach.pk: 0}


def test_suggestions_put_the_best_fitting_function_first_then_the_lightest_load(world):
    # Debts: the work & income colleague covers finances; the social worker covers everything;
    # the CJG coach covers neither.
    assert Function.WORK_INCOME_DEBT in {
        f for f, domains in FUNCTION_DOMAINS.items() if "finances" in domains
    }
    suggested = members_suggested_for(team=world.schalkwijk, domains=["finances", "work_education"])
    assert suggested[-1] == world.cjg_coach
    assert set(suggested[:2]) == {world.director, world.colleague}

    # With equal fit, the lighter caseload per fte comes first.
    case_in_state(actor=world.director.user, director=world.colleague, status="intake")
    suggested = members_suggested_for(team=world.schalkwijk, domains=["finances", "work_education"])
    assert suggested[:2] == [world.director, world.colleague]

    # A question on domestic relations fits the social worker and the CJG coach.
    suggested = members_suggested_for(team=world.schalkwijk, domains=["domestic_relations"])
    assert suggested[-1] == world.colleague


def test_teams_with_members_lists_active_members_only(world, django_assert_num_queries):
    MembershipFactory(team=world.oost, is_active=False)
    with django_assert_num_queries(2):
        teams = {t.name: {m.pk for m in t.active_members} for t in teams_with_members()}
    assert teams == {
        "Schalkwijk 1": {world.director.pk, world.colleague.pk, world.cjg_coach.pk},
        "Oost 2": {world.outsider.pk},
    }
