"""Reads on households: who sees which household, search, and duplicate matching."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.households.selectors import (
    household_get,
    household_matches,
    households_search,
    households_visible_to,
    persons_visible_to,
)
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def homes(world):
    """Two Schalkwijk households and one in Oost."""
    first = HouseholdFactory(
        team=world.schalkwijk, postcode="2035AB", house_number=12, street="Floris van Adrichemlaan"
    )
    PersonFactory(household=first, given_name="Fatima", family_name="Testpersoon", bsn="999999990")
    PersonFactory(household=first, given_name="Youssef", family_name="Testpersoon", role="child")
    second = HouseholdFactory(
        team=world.schalkwijk, postcode="2036CD", house_number=3, street="Europaweg"
    )
    PersonFactory(household=second, given_name="Henk", family_name="Proef")
    oost = HouseholdFactory(team=world.oost, postcode="2033XY", house_number=7, street="Parklaan")
    PersonFactory(household=oost, given_name="Fatima", family_name="Testpersoon", bsn="111222333")
    return first, second, oost


@pytest.mark.parametrize("persona", ["director", "colleague", "cjg_coach"])
def test_members_of_schalkwijk_see_its_households_only(world, homes, persona):
    first, second, _oost = homes
    user = getattr(world, persona).user
    assert set(households_visible_to(user=user)) == {first, second}
    assert household_get(user=user, pk=first.pk) == first
    assert set(persons_visible_to(user=user)) == set(first.members.all()) | set(
        second.members.all()
    )


def test_the_outsider_sees_nothing_of_schalkwijk(world, homes):
    first, _second, oost = homes
    user = world.outsider.user
    assert list(households_visible_to(user=user)) == [oost]
    with pytest.raises(NotFoundOrHidden):
        household_get(user=user, pk=first.pk)
    assert not persons_visible_to(user=user).filter(household=first).exists()


@pytest.mark.parametrize("persona", ["backoffice", "policy"])
def test_users_without_a_team_see_no_household(world, homes, persona):
    user = getattr(world, persona)
    assert not households_visible_to(user=user).exists()
    assert not persons_visible_to(user=user).exists()
    with pytest.raises(NotFoundOrHidden):
        household_get(user=user, pk=homes[0].pk)


def test_an_inactive_membership_sees_nothing(world, homes):
    former = MembershipFactory(team=world.schalkwijk, is_active=False)
    assert not households_visible_to(user=former.user).exists()


def test_an_inactive_user_sees_nothing(world, homes):
    world.director.user.is_active = False
    world.director.user.save()
    assert not households_visible_to(user=world.director.user).exists()


def test_the_anonymous_user_sees_nothing(world, homes):
    assert not households_visible_to(user=AnonymousUser()).exists()
    assert not households_search(user=AnonymousUser(), query="").exists()


def test_a_member_of_two_teams_sees_both_once(world, homes):
    MembershipFactory(team=world.oost, user=world.director.user)
    visible = list(households_visible_to(user=world.director.user))
    assert sorted(h.pk for h in visible) == sorted(h.pk for h in homes)


def test_a_missing_household_looks_like_a_hidden_one(world, homes):
    with pytest.raises(NotFoundOrHidden) as missing:
        household_get(user=world.director.user, pk=999999)
    with pytest.raises(NotFoundOrHidden) as hidden:
        household_get(user=world.director.user, pk=homes[2].pk)
    assert str(missing.value) == str(hidden.value)


def search(world, query, persona="director"):
    return list(households_search(user=getattr(world, persona).user, query=query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fatima", ["first"]),
        ("TESTPERSOON", ["first"]),
        ("proef", ["second"]),
        ("europaweg", ["second"]),
        ("Fatima Testpersoon", ["first"]),
        ("Fatima Proef", []),
        ("2035", ["first"]),
        ("2035A", ["first"]),
        ("2035AB", ["first"]),
        ("2035 ab", ["first"]),
        ("203", []),
        ("999999990", ["first"]),
        ("111222333", []),  # a member of an Oost household
        ("nobody", []),
    ],
)
def test_search_finds_visible_households(world, homes, query, expected):
    first, second, _oost = homes
    named = {"first": first, "second": second}
    assert search(world, query) == [named[name] for name in expected]


def test_search_by_household_reference(world, homes):
    first, second, oost = homes
    assert search(world, first.reference) == [first]
    assert search(world, f"hh-{second.pk}") == [second]
    assert search(world, oost.reference) == []


def test_search_by_case_reference(world, homes):
    _first, second, _oost = homes
    case = case_in_state(
        actor=world.director.user, director=world.director, status="intake", household=second
    )
    assert search(world, case.reference) == [second]
    assert search(world, f"c-{case.pk}") == [second]
    assert search(world, case.reference, persona="outsider") == []


def test_search_is_scoped_to_what_the_user_may_see(world, homes):
    _first, _second, oost = homes
    assert search(world, "Fatima", persona="outsider") == [oost]
    assert search(world, "2035AB", persona="outsider") == []
    assert search(world, "999999990", persona="outsider") == []


def test_an_empty_search_lists_every_visible_household_newest_first(world, homes):
    first, second, _oost = homes
    third = HouseholdFactory(team=world.schalkwijk)
    assert search(world, "") == [third, second, first]
    assert search(world, "   ") == [third, second, first]


def test_a_household_matching_through_two_members_appears_once(world, homes):
    assert search(world, "testpersoon") == [homes[0]]


def matches(user, **kwargs):
    return household_matches(user=user, **kwargs)


def test_matches_by_address_and_by_bsn(world, homes):
    first, _second, _oost = homes
    by_address = matches(world.director.user, postcode="2035AB", house_number=12)
    assert [(m.household_id, m.reason, m.visible) for m in by_address] == [
        (first.pk, "address", True)
    ]
    by_bsn = matches(world.director.user, bsn="999999990")
    assert [(m.household_id, m.reason) for m in by_bsn] == [(first.pk, "bsn")]


def test_a_match_on_both_counts_once_as_bsn(world, homes):
    found = matches(world.director.user, postcode="2035AB", house_number=12, bsn="999999990")
    assert [(m.household_id, m.reason) for m in found] == [(homes[0].pk, "bsn")]


def test_the_addition_must_match_too(world, homes):
    upstairs = HouseholdFactory(
        team=world.schalkwijk, postcode="2035AB", house_number=12, house_number_suffix="A"
    )
    found = matches(world.director.user, postcode="2035AB", house_number=12)
    assert [m.household_id for m in found] == [homes[0].pk]
    found = matches(
        world.director.user, postcode="2035AB", house_number=12, house_number_suffix="a"
    )
    assert [m.household_id for m in found] == [upstairs.pk]


def test_nothing_to_match_on_matches_nothing(world, homes):
    assert matches(world.director.user) == []
    assert matches(world.director.user, postcode="2035AB") == []


def test_a_match_across_teams_is_found_but_hidden(world, homes):
    first, _second, _oost = homes
    case = case_in_state(
        actor=world.director.user, director=world.director, status="intake", household=first
    )
    [seen] = matches(world.director.user, bsn="999999990")
    [hidden] = matches(world.outsider.user, bsn="999999990")
    assert (seen.visible, seen.open_case_id) == (True, case.pk)
    assert (hidden.visible, hidden.open_case_id) == (False, None)
    assert (hidden.reference, hidden.team_name) == (first.reference, "Schalkwijk 1")


def test_a_user_without_a_team_gets_only_hidden_matches(world, homes):
    found = matches(UserFactory(), postcode="2033XY", house_number=7)
    assert [(m.household_id, m.visible) for m in found] == [(homes[2].pk, False)]
