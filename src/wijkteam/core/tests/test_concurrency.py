"""Optimistic concurrency: ``update_versioned`` writes only onto the version its editor saw."""

from __future__ import annotations

import pytest

from wijkteam.core.concurrency import update_versioned
from wijkteam.core.errors import ConflictError
from wijkteam.households.models import Household
from wijkteam.households.tests.factories import HouseholdFactory


@pytest.fixture
def household(world) -> Household:
    return HouseholdFactory(team=world.schalkwijk, street="Oude straat")


def test_an_edit_on_the_current_version_is_written_and_counts_up(household):
    assert household.version == 1
    updated = update_versioned(household, expected_version=1, fields={"street": "Nieuwe straat"})
    assert updated is household
    assert (household.street, household.version) == ("Nieuwe straat", 2)
    stored = Household.objects.get(pk=household.pk)
    assert (stored.street, stored.version) == ("Nieuwe straat", 2)


def test_an_edit_on_a_stale_version_is_refused_and_changes_nothing(household):
    update_versioned(household, expected_version=1, fields={"street": "Eerste wijziging"})
    stale = Household.objects.get(pk=household.pk)
    stale.version = 1  # what a second editor saw before the first one saved

    with pytest.raises(ConflictError) as error:
        update_versioned(stale, expected_version=1, fields={"street": "Tweede wijziging"})

    assert error.value.code == "stale_version"
    assert error.value.status_code == 409
    stored = Household.objects.get(pk=household.pk)
    assert (stored.street, stored.version) == ("Eerste wijziging", 2)


def test_a_later_version_than_stored_is_refused_too(household):
    with pytest.raises(ConflictError):
        update_versioned(household, expected_version=5, fields={"street": "X"})
    assert Household.objects.get(pk=household.pk).version == 1


def test_without_an_expected_version_the_write_is_unconditional_but_counted(household):
    update_versioned(household, expected_version=1, fields={"street": "A"})
    update_versioned(household, expected_version=None, fields={"street": "B"})
    stored = Household.objects.get(pk=household.pk)
    assert (stored.street, stored.version) == ("B", 3)


def test_only_the_edited_row_moves(world, household):
    other = HouseholdFactory(team=world.schalkwijk, street="Buren")
    update_versioned(household, expected_version=1, fields={"street": "Nieuw"})
    other.refresh_from_db()
    assert (other.street, other.version) == ("Buren", 1)
