"""Reads on areas: postcodes, and which neighbourhood and team a postcode belongs to."""

from __future__ import annotations

import pytest

from wijkteam.areas.models import Municipality
from wijkteam.areas.selectors import (
    areas_with_neighbourhoods,
    municipality_current,
    neighbourhood_for_postcode,
    postcode_normalize,
)
from wijkteam.areas.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    PostcodeRangeFactory,
    TeamAreaFactory,
)
from wijkteam.core.errors import DomainError


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("2035 ab", "2035AB"),
        ("2035AB", "2035AB"),
        ("  2035ab  ", "2035AB"),
        ("2035   Ab", "2035AB"),
        ("9999ZZ", "9999ZZ"),
        ("1000AA", "1000AA"),
    ],
)
def test_a_postcode_is_normalised(raw, normalized):
    assert postcode_normalize(raw) == normalized


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "2035",
        "0999AB",
        "2035A",
        "2035ABC",
        "20355AB",
        "AB2035",
        "2035 1B",
        "2035SS",
        "2035 sa",
        "2035SD",
        "2035-AB",
    ],
)
def test_anything_else_is_not_a_postcode(raw):
    with pytest.raises(DomainError) as error:
        postcode_normalize(raw)
    assert (error.value.code, error.value.field) == ("invalid_postcode", "postcode")


@pytest.fixture
def split_pc4(world):
    """2034 is split between two neighbourhoods: AA–KZ and LA–ZZ."""
    south = NeighbourhoodFactory(area=world.schalkwijk.area, name="Zuid")
    north = NeighbourhoodFactory(area=world.oost.area, name="Noord")
    PostcodeRangeFactory(neighbourhood=south, pc4=2034, letters_from="AA", letters_to="KZ")
    PostcodeRangeFactory(neighbourhood=north, pc4=2034, letters_from="LA", letters_to="ZZ")
    return south, north


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [("2034AA", "Zuid"), ("2034 kz", "Zuid"), ("2034LA", "Noord"), ("2034ZZ", "Noord")],
)
def test_a_postcode_finds_its_neighbourhood_within_the_ranges(world, split_pc4, postcode, expected):
    neighbourhood = neighbourhood_for_postcode(postcode=postcode)
    assert neighbourhood.name == expected
    team = world.schalkwijk if expected == "Zuid" else world.oost
    assert neighbourhood.area.team == team


def test_a_postcode_outside_the_municipality_is_refused(world):
    with pytest.raises(DomainError) as error:
        neighbourhood_for_postcode(postcode="1011AB")
    assert (error.value.code, error.value.field) == ("postcode_outside_municipality", "postcode")
    assert "Haarlem" in str(error.value.message)


def test_a_postcode_of_another_municipality_in_the_database_is_refused(world):
    # Another municipality's areas may be loaded (e.g. a shared installation), but this instance
    # serves only its own.
    zandvoort = MunicipalityFactory(name="Zandvoort", code="0473")
    area = TeamAreaFactory(municipality=zandvoort, name="Zandvoort", code="zandvoort")
    PostcodeRangeFactory(neighbourhood=NeighbourhoodFactory(area=area), pc4=2042)
    with pytest.raises(DomainError) as error:
        neighbourhood_for_postcode(postcode="2042AB")
    assert error.value.code == "postcode_outside_municipality"


def test_the_municipality_follows_the_setting(world, settings):
    assert municipality_current().name == "Haarlem"
    settings.WIJKTEAM_MUNICIPALITY_CODE = "0473"
    with pytest.raises(DomainError) as error:
        municipality_current()
    assert error.value.code == "no_municipality"
    with pytest.raises(DomainError):
        neighbourhood_for_postcode(postcode="2035AB")


def test_no_municipality_at_all(db):
    assert not Municipality.objects.exists()
    with pytest.raises(DomainError) as error:
        neighbourhood_for_postcode(postcode="2035AB")
    assert error.value.code == "postcode_outside_municipality"


def test_areas_of_this_municipality_with_their_team_and_neighbourhoods(
    world, django_assert_num_queries
):
    other = MunicipalityFactory(name="Zandvoort", code="0473")
    TeamAreaFactory(municipality=other, name="Zandvoort", code="zandvoort")
    with django_assert_num_queries(2):
        areas = {
            area.name: (area.team.name, sorted(n.name for n in area.neighbourhoods.all()))
            for area in areas_with_neighbourhoods()
        }
    assert areas == {
        "Oost 2": ("Oost 2", ["Parkwijk"]),
        "Schalkwijk 1": ("Schalkwijk 1", ["Boerhaavewijk", "Meerwijk"]),
    }
