"""Writes on households and persons: BSN, addresses, dates of birth, concurrent edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from stdnum.nl import bsn as stdnum_bsn

from wijkteam.core.errors import ConflictError, DomainError
from wijkteam.households.models import Household, HouseholdRole, Person
from wijkteam.households.services import (
    address_clean,
    bsn_clean,
    household_create,
    household_update,
    person_add,
    person_update,
)
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory

# Test numbers that pass the 11-test (999999990 and 111222333 are the classic examples).
VALID_BSNS = ["999999990", "111222333", "123456782", "999990019"]
INVALID_BSNS = ["123456789", "999999991", "99999999x", "1234567890", "000000000", "12-34"]


def test_the_example_numbers_are_what_stdnum_says():
    # Guard: the tests below rely on these lists being right, so check them independently.
    assert all(stdnum_bsn.is_valid(number) for number in VALID_BSNS)
    assert not any(stdnum_bsn.is_valid(number) for number in INVALID_BSNS)


@pytest.mark.parametrize("number", VALID_BSNS)
def test_a_valid_bsn_is_kept_as_nine_digits(number):
    assert bsn_clean(number) == number


@pytest.mark.parametrize(
    ("raw", "clean"), [("111 222 333", "111222333"), (" 9999.99.990 ", "999999990")]
)
def test_a_bsn_is_compacted(raw, clean):
    assert bsn_clean(raw) == clean


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_no_bsn_is_fine(raw):
    assert bsn_clean(raw) == ""


@pytest.mark.parametrize("number", INVALID_BSNS)
def test_an_invalid_bsn_is_refused(number):
    with pytest.raises(DomainError) as error:
        bsn_clean(number)
    assert (error.value.code, error.value.field) == ("invalid_bsn", "bsn")
    assert number not in str(error.value.message)


@pytest.fixture
def household(world) -> Household:
    return HouseholdFactory(team=world.schalkwijk, postcode="2035AB", house_number=1)


def add(world, household, **kwargs) -> Person:
    return person_add(actor=world.director.user, household=household, **kwargs)


def test_a_person_needs_no_field_at_all(world, household):
    person = add(world, household)
    with translation.override("en"):
        assert (person.role, person.bsn, person.display_name) == ("main", "", "Unknown name")


def test_a_person_is_stored_trimmed_with_a_clean_bsn(world, household):
    person = add(
        world,
        household,
        role=HouseholdRole.CHILD,
        given_name=" Sam ",
        family_name=" Test ",
        bsn="111 222 333",
        phone=" 06-12345678 ",
        email=" sam@example.org ",
        date_of_birth=timezone.localdate() - timedelta(days=3650),
    )
    person.refresh_from_db()
    assert (person.role, person.given_name, person.family_name, person.bsn) == (
        "child",
        "Sam",
        "Test",
        "111222333",
    )
    assert (person.phone, person.email) == ("06-12345678", "sam@example.org")


def test_an_invalid_bsn_adds_no_person(world, household):
    with pytest.raises(DomainError) as error:
        add(world, household, bsn="123456789")
    assert error.value.code == "invalid_bsn"
    assert not Person.objects.exists()


def test_a_bsn_occurs_once_across_all_persons(world, household):
    add(world, household, bsn="999999990")
    elsewhere = HouseholdFactory(team=world.oost)

    with pytest.raises(ConflictError) as error:
        add(world, elsewhere, bsn="9999 99 990")

    assert (error.value.code, error.value.field) == ("bsn_exists", "bsn")
    assert Person.objects.count() == 1


def test_the_database_refuses_a_second_person_with_the_same_bsn(world, household):
    PersonFactory(household=household, bsn="999999990")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(household=HouseholdFactory(team=world.oost), bsn="999999990")


def test_many_persons_may_have_no_bsn(world, household):
    add(world, household)
    add(world, household, role=HouseholdRole.PARTNER)
    PersonFactory(household=household, bsn="")
    assert Person.objects.filter(bsn="").count() == 3


def test_changing_to_someone_elses_bsn_is_refused(world, household):
    add(world, household, bsn="999999990")
    other = add(world, household, role=HouseholdRole.PARTNER, bsn="111222333")
    with pytest.raises(ConflictError) as error:
        person_update(
            actor=world.director.user,
            person=other,
            expected_version=other.version,
            role=other.role,
            bsn="999999990",
        )
    assert error.value.code == "bsn_exists"
    assert Person.objects.get(pk=other.pk).bsn == "111222333"


def test_keeping_ones_own_bsn_is_fine(world, household):
    person = add(world, household, bsn="999999990", given_name="Oud")
    person = person_update(
        actor=world.director.user,
        person=person,
        expected_version=person.version,
        role=person.role,
        given_name="Nieuw",
        bsn="999999990",
        reason="Typefout",
    )
    assert (person.given_name, person.bsn, person.version) == ("Nieuw", "999999990", 2)


@pytest.mark.parametrize("days", [1, 400])
def test_a_date_of_birth_in_the_future_is_refused(world, household, days):
    future = timezone.localdate() + timedelta(days=days)
    with pytest.raises(DomainError) as error:
        add(world, household, date_of_birth=future)
    assert (error.value.code, error.value.field) == ("invalid_date_of_birth", "date_of_birth")
    assert not Person.objects.exists()

    person = add(world, household)
    with pytest.raises(DomainError):
        person_update(
            actor=world.director.user,
            person=person,
            expected_version=person.version,
            role=person.role,
            date_of_birth=future,
        )
    assert Person.objects.get(pk=person.pk).date_of_birth is None


def test_born_today_is_fine(world, household):
    person = add(world, household, date_of_birth=timezone.localdate())
    assert person.date_of_birth == timezone.localdate()


def test_an_unknown_role_is_refused(world, household):
    with pytest.raises(DomainError) as error:
        add(world, household, role="landlord")
    assert (error.value.code, error.value.field) == ("invalid_role", "role")
    person = add(world, household)
    with pytest.raises(DomainError):
        person_update(actor=world.director.user, person=person, expected_version=1, role="landlord")
    assert Person.objects.get(pk=person.pk).role == "main"


def test_editing_a_person_on_a_stale_version_is_refused(world, household):
    person = add(world, household, given_name="Eerst")
    seen = person.version
    person_update(
        actor=world.colleague.user,
        person=Person.objects.get(pk=person.pk),
        expected_version=seen,
        role=person.role,
        given_name="Collega",
        reason="Typefout",
    )

    with pytest.raises(ConflictError) as error:
        person_update(
            actor=world.director.user,
            person=person,
            expected_version=seen,
            role=person.role,
            given_name="Regisseur",
            reason="Typefout",
        )

    assert error.value.code == "stale_version"
    stored = Person.objects.get(pk=person.pk)
    assert (stored.given_name, stored.version) == ("Collega", seen + 1)


def test_a_household_gets_the_team_of_its_postcode(world):
    household = household_create(
        actor=world.director.user, team=world.schalkwijk, postcode="2033 xy", house_number=5
    )
    assert household.team == world.oost
    assert household.postcode == "2033XY"
    assert household.neighbourhood.name == "Parkwijk"


def test_a_household_without_address_gets_the_given_team(world):
    household = household_create(actor=world.director.user, team=world.oost)
    assert household.team == world.oost
    assert (household.postcode, household.neighbourhood) == ("", None)


def test_a_new_address_moves_the_neighbourhood_but_not_the_team(world, household):
    updated = household_update(
        actor=world.director.user,
        household=household,
        expected_version=household.version,
        postcode="2033 XY",
        house_number=9,
        house_number_suffix=" b ",
        street=" Parklaan ",
        city="Haarlem",
        reason="Verhuisd",
    )
    assert updated.neighbourhood.name == "Parkwijk"
    assert updated.team == world.schalkwijk  # only a transfer moves the work
    assert (updated.postcode, updated.house_number_suffix, updated.street) == (
        "2033XY",
        "b",
        "Parklaan",
    )
    assert updated.version == 2


def test_an_address_outside_the_municipality_is_refused_on_update(world, household):
    with pytest.raises(DomainError) as error:
        household_update(
            actor=world.director.user,
            household=household,
            expected_version=household.version,
            postcode="1011AB",
            house_number=1,
        )
    assert error.value.code == "postcode_outside_municipality"
    assert Household.objects.get(pk=household.pk).postcode == "2035AB"


def test_editing_a_household_on_a_stale_version_is_refused(world, household):
    seen = household.version
    household_update(
        actor=world.colleague.user,
        household=Household.objects.get(pk=household.pk),
        expected_version=seen,
        postcode="2035AB",
        house_number=2,
        reason="Typefout",
    )
    with pytest.raises(ConflictError) as error:
        household_update(
            actor=world.director.user,
            household=household,
            expected_version=seen,
            postcode="2035AB",
            house_number=3,
            reason="Typefout",
        )
    assert error.value.code == "stale_version"
    assert Household.objects.get(pk=household.pk).house_number == 2


def test_address_clean_without_postcode_is_anonymous(world):
    assert address_clean() == {"postcode": "", "neighbourhood": None, "team": None}


def test_address_clean_routes_to_the_neighbourhood_and_team(world):
    address = address_clean(postcode="2036 cd", house_number=1)
    assert address["postcode"] == "2036CD"
    assert address["neighbourhood"].name == "Meerwijk"
    assert address["team"] == world.schalkwijk


def test_person_email_is_checked_when_given(world):
    household = HouseholdFactory(team=world.schalkwijk)
    with pytest.raises(DomainError) as error:
        person_add(actor=world.director.user, household=household, email="niet-een-adres")
    assert (error.value.code, error.value.field) == ("invalid_email", "email")
    person = person_add(actor=world.director.user, household=household, email=" a@example.nl ")
    assert person.email == "a@example.nl"


def test_an_address_without_street_reads_postcode_and_number():
    household = Household(postcode="2035AB", house_number=12, city="Haarlem")
    assert household.address_line == "2035 AB 12 Haarlem"
    household.street = "Proefstraat"
    assert household.address_line == "Proefstraat 12, 2035 AB Haarlem"
