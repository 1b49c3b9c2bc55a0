"""Need-to-know, deny by default: who sees a household's file, and who only that it is known."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkteam.access.selectors import (
    household_known_get,
    households_known_search,
    households_known_to,
)
from wijkteam.cases import services
from wijkteam.cases.lifecycle import TransferReason
from wijkteam.cases.models import CaseConference
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.selectors import households_visible_to
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.sharing.tests.factories import SharingGroundFactory


def sees(membership_or_user, household) -> bool:
    user = getattr(membership_or_user, "user", membership_or_user)
    return households_visible_to(user=user).filter(pk=household.pk).exists()


@pytest.fixture
def active_case(world):
    return case_in_state(actor=world.director.user, director=world.director, status="plan_active")


def test_the_director_sees_the_file_and_a_colleague_only_that_it_is_known(world, active_case):
    household = active_case.household
    assert sees(world.director, household)
    assert not sees(world.colleague, household)
    assert not sees(world.cjg_coach, household)
    assert household in households_known_to(user=world.colleague.user)
    known = household_known_get(user=world.colleague.user, pk=household.pk)
    assert known.director_name == str(world.director.user)
    assert known.case_reference == active_case.reference
    assert known.visible is False


def test_a_member_assigned_to_the_case_sees_it(world, active_case):
    services.case_add_member(
        actor=world.director.user, case=active_case, membership=world.colleague
    )
    assert sees(world.colleague, active_case.household)


def test_a_registration_in_the_inbox_is_the_whole_teams(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="registered")
    for member in (world.director, world.colleague, world.cjg_coach):
        assert sees(member, case.household)
    assert not sees(world.outsider, case.household)
    # Once someone takes up the intake, it is theirs.
    services.case_start_intake(
        actor=world.colleague.user,
        case=case,
        expected_version=case.version,
        director=world.colleague,
    )
    assert sees(world.colleague, case.household)
    assert not sees(world.director, case.household)


def test_a_case_conference_opens_the_file_to_its_attendees_on_its_day(world, active_case):
    conference = CaseConference.objects.create(
        team=world.schalkwijk, held_on=timezone.localdate(), created_by=world.director.user
    )
    conference.attendees.add(world.colleague)
    assert not sees(world.colleague, active_case.household)  # not on the agenda yet
    conference.cases.add(active_case)
    assert sees(world.colleague, active_case.household)
    assert not sees(world.cjg_coach, active_case.household)  # on the team, not attending
    conference.held_on = timezone.localdate() - timedelta(days=1)
    conference.save()
    assert not sees(world.colleague, active_case.household)  # yesterday's conference


def test_an_inactive_director_no_longer_sees_the_file(world, active_case):
    world.director.is_active = False
    world.director.save()
    assert not sees(world.director, active_case.household)


def test_the_old_team_stops_seeing_a_household_transferred_to_another_team(world, active_case):
    SharingGroundFactory(
        household=active_case.household, party="other_team", purpose="direction_transfer"
    )
    services.case_transfer(
        actor=world.director.user,
        case=active_case,
        expected_version=active_case.version,
        reason=TransferReason.OTHER_TEAM,
        to_team=world.oost,
    )
    assert not sees(world.director, active_case.household)
    assert sees(world.outsider, active_case.household)  # in Oost 2's inbox now


@pytest.mark.parametrize("persona", ["outsider", "backoffice", "policy"])
def test_outsiders_know_nothing_of_the_household(world, active_case, persona):
    user = getattr(getattr(world, persona), "user", getattr(world, persona))
    assert not sees(user, active_case.household)
    assert active_case.household not in households_known_to(user=user)
    with pytest.raises(NotFoundOrHidden):
        household_known_get(user=user, pk=active_case.household.pk)


def test_colleagues_find_a_known_household_only_by_an_exact_identifier(world, active_case):
    household = active_case.household
    household.postcode, household.house_number = "2035AB", 12
    household.save()
    PersonFactory(household=household, family_name="Testpersoon", bsn="999999990")

    def found(query):
        return [
            k.household_id for k in households_known_search(user=world.colleague.user, query=query)
        ]

    assert found(household.reference) == [household.pk]
    assert found(active_case.reference) == [household.pk]
    assert found("2035 AB 12") == [household.pk]
    assert found("999999990") == [household.pk]
    # Not by name or part of a postcode: no browsing colleagues' families.
    assert found("Testpersoon") == []
    assert found("2035") == []
    # The director sees the file, so it is no "known only" result for them.
    assert households_known_search(user=world.director.user, query=household.reference) == []
    # Another team finds nothing this way.
    assert households_known_search(user=world.outsider.user, query=household.reference) == []
