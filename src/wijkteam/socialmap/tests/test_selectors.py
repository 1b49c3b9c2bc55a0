"""Reads of the social map: who sees it, free text, filters, and the choice for a plan goal."""

from __future__ import annotations

from django.http import QueryDict

from wijkteam.areas.models import Neighbourhood
from wijkteam.socialmap import services
from wijkteam.socialmap.filters import ProvisionFilter
from wijkteam.socialmap.selectors import (
    provisions_for_goal,
    provisions_in_neighbourhood,
    provisions_visible_to,
)
from wijkteam.teams.tests.factories import UserFactory


def _names(queryset) -> list[str]:
    return [provision.name for provision in queryset]


def _search(user, query: str) -> list[str]:
    search = ProvisionFilter(QueryDict(query), queryset=provisions_visible_to(user=user))
    assert search.is_valid(), search.errors
    return _names(search.qs)


def test_every_staff_member_reads_the_whole_map_lowest_step_first(smap, world):
    for user in (world.director.user, world.outsider.user, smap.admin):
        assert _names(provisions_visible_to(user=user)) == [
            "Schuldhulpmaatje",
            "Buurtcentrum De Ringvaart",
            "Taalcafé",
            "Schuldhulpverlening",
        ]


def test_who_is_no_staff_member_reads_nothing(smap):
    assert not provisions_visible_to(user=UserFactory(username="niemand")).exists()


def test_free_text_searches_name_description_and_provider(smap, world):
    user = world.director.user
    assert _search(user, "q=schuld") == ["Schuldhulpmaatje", "Schuldhulpverlening"]
    assert _search(user, "q=betalingen") == ["Schuldhulpmaatje"]  # in the description
    assert _search(user, "q=bibliotheek") == ["Taalcafé"]  # the provider
    assert _search(user, "q=schuld gemeente") == ["Schuldhulpverlening"]  # every word


def test_filters_for_step_kind_and_life_domain(smap, world):
    user = world.director.user
    assert _search(user, "step=4") == ["Schuldhulpverlening"]
    assert _search(user, "kind=collective") == ["Buurtcentrum De Ringvaart"]
    assert _search(user, "domain=finances") == ["Schuldhulpmaatje", "Schuldhulpverlening"]
    assert _search(user, "domain=social_participation&step=3") == [
        "Buurtcentrum De Ringvaart",
        "Taalcafé",
    ]


def test_the_area_filter_includes_what_is_offered_municipality_wide(smap, world):
    user = world.director.user
    schalkwijk = f"area={world.schalkwijk.area_id}"
    oost = f"area={world.oost.area_id}"
    assert _search(user, schalkwijk) == [
        "Schuldhulpmaatje",
        "Buurtcentrum De Ringvaart",
        "Schuldhulpverlening",
    ]
    # The language café is in Parkwijk, a neighbourhood of Oost 2.
    assert _search(user, oost) == ["Schuldhulpmaatje", "Taalcafé", "Schuldhulpverlening"]
    meerwijk = Neighbourhood.objects.get(code="meerwijk")
    in_meerwijk = provisions_in_neighbourhood(
        provisions_visible_to(user=user), neighbourhood=meerwijk
    )
    assert "Buurtcentrum De Ringvaart" in _names(in_meerwijk)
    assert "Taalcafé" not in _names(in_meerwijk)


def test_only_active_ones_unless_asked(smap, world):
    services.provision_set_active(
        actor=smap.admin, provision=smap.buddy, active=False, expected_version=1
    )
    user = world.director.user
    assert "Schuldhulpmaatje" not in _search(user, "")
    assert _search(user, "active=false") == ["Schuldhulpmaatje"]
    assert len(_search(user, "active=all")) == 4


def test_an_unknown_filter_value_is_invalid(smap, world):
    search = ProvisionFilter(
        QueryDict("step=9"), queryset=provisions_visible_to(user=world.director.user)
    )
    assert not search.is_valid()


def test_for_a_goal_the_domain_and_area_lowest_step_first(smap, world):
    user = world.director.user
    found, in_domain = provisions_for_goal(user=user, domain="finances", area=world.schalkwijk.area)
    assert in_domain and _names(found) == ["Schuldhulpmaatje", "Schuldhulpverlening"]
    # Nothing of the goal's domain matches: what matches elsewhere, and saying so.
    found, in_domain = provisions_for_goal(
        user=user, domain="finances", area=world.oost.area, text="taal"
    )
    assert not in_domain and _names(found) == ["Taalcafé"]
    # Not offered in the area: not proposed.
    found, _in_domain = provisions_for_goal(
        user=user, domain="social_network", area=world.oost.area
    )
    assert found == []
