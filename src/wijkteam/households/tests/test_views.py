"""The household pages: what is shown (and what not), who may see it, edits and search."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import DomainError
from wijkteam.households import services
from wijkteam.households.models import Household, Person
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.plans.services import action_add, goal_add
from wijkteam.zrm.services import assessment_create

BSN = "999999990"


@pytest.fixture
def household(world):
    """A Schalkwijk household with two members, one with a BSN, and a case with a plan."""
    household = HouseholdFactory(
        team=world.schalkwijk, postcode="2035AB", house_number=7, street="Testlaan", city="Haarlem"
    )
    PersonFactory(
        household=household,
        given_name="Testje",
        family_name="Voorbeeld",
        bsn=BSN,
        phone="0612345678",
        email="testje@example.org",
    )
    PersonFactory(household=household, role="child", given_name="Kind", family_name="Voorbeeld")
    return household


def _dutch_message(call) -> str:
    with translation.override("nl"):
        try:
            call()
        except DomainError as error:
            return escape(str(error.message))
    raise AssertionError("expected a DomainError")


def test_household_page_shows_members_address_cases_and_timeline(client, world, household):
    case = case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.PLAN_ACTIVE,
        household=household,
    )
    case_services.contact_add(actor=world.director.user, case=case, note="Huisbezoek gedaan")
    client.force_login(world.director.user)
    response = client.get(reverse("households:detail", args=[household.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert household.reference in html
    assert "Testje Voorbeeld" in html and "0612345678" in html and "testje@example.org" in html
    assert "Testlaan 7" in html and "Schalkwijk 1" in html
    assert reverse("cases:detail", args=[case.pk]) in html
    assert str(world.director.user) in html
    assert "Huisbezoek gedaan" in html
    # The BSN is not needed on this page, so it is not there, not even in part.
    assert BSN not in html


def test_household_page_hides_the_bsn_entirely(client, world, household):
    client.force_login(world.director.user)
    html = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert BSN not in html
    assert "•" not in html


def test_outsider_gets_404_on_every_household_page(client, world, household):
    person = household.members.get(bsn=BSN)
    client.force_login(world.outsider.user)
    for url in (
        reverse("households:detail", args=[household.pk]),
        reverse("households:person_add", args=[household.pk]),
        reverse("households:person_edit", args=[person.pk]),
        reverse("households:address_edit", args=[household.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"given_name": "X", "role": "main"}).status_code == 404, url
    person.refresh_from_db()
    assert person.given_name == "Testje"


def test_person_edit_masks_the_bsn_until_revealed(client, world, household):
    person = household.members.get(bsn=BSN)
    url = reverse("households:person_edit", args=[person.pk])
    client.force_login(world.director.user)
    html = client.get(url).content.decode()
    assert BSN not in html
    assert "••••••990" in html
    assert 'name="reveal_bsn"' in html

    typed = {
        "role": "main",
        "given_name": "Getypt",
        "family_name": "Voorbeeld",
        "version": str(person.version),
        "phone": "0201234567",
    }
    html = client.post(url, {**typed, "reveal_bsn": "1"}).content.decode()
    assert f'name="bsn" value="{BSN}"' in html
    assert 'name="given_name" value="Getypt"' in html  # what was typed survives the reveal
    person.refresh_from_db()
    assert person.given_name == "Testje"  # revealing saves nothing


def test_saving_without_revealing_keeps_the_bsn(client, world, household):
    person = household.members.get(bsn=BSN)
    client.force_login(world.director.user)
    response = client.post(
        reverse("households:person_edit", args=[person.pk]),
        {
            "role": "main",
            "given_name": "Nieuw",
            "family_name": "Voorbeeld",
            "version": str(person.version),
            "phone": "0201234567",
            "reason": "Nieuw telefoonnummer",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.phone, person.bsn) == ("Nieuw", "0201234567", BSN)


def test_concurrent_edit_shows_the_conflict_and_keeps_what_was_typed(client, world, household):
    person = household.members.get(bsn=BSN)
    seen_version = person.version
    # Someone else saves first.
    services.person_update(
        actor=world.colleague.user,
        person=person,
        expected_version=seen_version,
        role="main",
        given_name="Anders",
        family_name="Voorbeeld",
        bsn=BSN,
        reason="Typefout",
    )
    client.force_login(world.director.user)
    typed = {
        "role": "main",
        "given_name": "Mijn versie",
        "family_name": "Voorbeeld",
        "date_of_birth": "1970-01-02",
        "version": str(seen_version),
        "phone": "0699999999",
        "email": "nieuw@example.org",
        "reason": "Typefout",
    }
    response = client.post(reverse("households:person_edit", args=[person.pk]), typed)
    assert response.status_code == 200
    html = response.content.decode()

    def stale():
        services.person_update(
            actor=world.director.user, person=person, expected_version=seen_version, role="main"
        )

    assert _dutch_message(stale) in html
    for name in ("given_name", "family_name", "date_of_birth", "phone", "email"):
        assert f'name="{name}" value="{escape(typed[name])}"' in html, name
    assert "Anders Voorbeeld" in html  # what is saved now, to compare
    person.refresh_from_db()
    assert person.given_name == "Anders"
    # Having seen the other change, saving again applies theirs.
    response = client.post(
        reverse("households:person_edit", args=[person.pk]),
        {**typed, "version": str(person.version)},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Mijn versie"


def test_person_add_with_an_invalid_bsn_keeps_the_values(client, world, household):
    client.force_login(world.director.user)
    typed = {
        "role": "partner",
        "given_name": "Partner",
        "family_name": "Voorbeeld",
        "bsn": "123456789",
        "phone": "0611111111",
    }
    response = client.post(reverse("households:person_add", args=[household.pk]), typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert _dutch_message(lambda: services.bsn_clean("123456789")) in html
    assert 'id="id_bsn_error"' in html
    for name in ("given_name", "family_name", "bsn", "phone"):
        assert f'name="{name}" value="{typed[name]}"' in html
    assert household.members.count() == 2


def test_person_add(client, world, household):
    client.force_login(world.director.user)
    response = client.post(
        reverse("households:person_add", args=[household.pk]),
        {
            "role": "child",
            "given_name": "Nieuwkomer",
            "family_name": "Voorbeeld",
            "date_of_birth": "2015-03-01",
        },
    )
    assert response.status_code == 302
    assert household.members.filter(given_name="Nieuwkomer", role="child").exists()


def test_address_edit_refuses_a_postcode_outside_the_municipality(client, world, household):
    client.force_login(world.director.user)
    url = reverse("households:address_edit", args=[household.pk])
    html = client.get(url).content.decode()
    assert 'name="postcode" value="2035AB"' in html
    typed = {
        "postcode": "1011AB",
        "house_number": "3",
        "street": "Damstraat",
        "city": "Amsterdam",
        "version": str(household.version),
        "reason": "Verhuisd",
    }
    html = client.post(url, typed).content.decode()
    assert 'id="id_postcode_error"' in html
    assert 'name="street" value="Damstraat"' in html
    household.refresh_from_db()
    assert household.postcode == "2035AB"
    response = client.post(url, {**typed, "postcode": "2036 CD", "city": "Haarlem"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.postcode, household.house_number) == ("2036CD", 3)


def _search(client, **data):
    return client.post(reverse("households:search"), data)


def _results(response) -> str:
    """The results part of the search page (the form above it echoes the query)."""
    return response.content.decode().split('id="search-results"', 1)[1]


def test_search_is_a_post_and_the_query_never_reaches_the_url(client, world, household):
    client.force_login(world.director.user)
    html = client.get(reverse("households:search")).content.decode()
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", html).group(0)
    assert 'method="post"' in form
    assert 'action="/huishoudens/zoeken/"' in form
    response = _search(client, q="Voorbeeld")
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("households:search")
    assert response.request["QUERY_STRING"] == ""
    assert "Voorbeeld" not in "".join(
        re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
    )


def test_search_finds_by_name_and_by_reference(client, world, household):
    other = HouseholdFactory(team=world.schalkwijk)
    PersonFactory(household=other, given_name="Ander", family_name="Huishouden")
    client.force_login(world.director.user)
    html = _results(_search(client, q="voorbeeld"))
    assert household.reference in html and other.reference not in html
    html = _results(_search(client, q=other.reference))
    assert other.reference in html and household.reference not in html


def test_search_shows_nothing_of_other_teams(client, world, household):
    client.force_login(world.outsider.user)
    html = _results(_search(client, q="Voorbeeld"))
    assert "Voorbeeld" not in html and household.reference not in html
    html = _results(_search(client, q=household.reference))
    assert household.reference not in html


def test_search_pages_through_post(client, world):
    households = [HouseholdFactory(team=world.schalkwijk, street="Zoekstraat") for _ in range(30)]
    client.force_login(world.director.user)
    first = _results(_search(client, q="Zoekstraat"))
    assert len(set(re.findall(r"HH-\d{6}", first))) == 25
    assert 'name="page" value="2"' in first
    second = _results(_search(client, q="Zoekstraat", page="2"))
    found = set(re.findall(r"HH-\d{6}", second))
    assert found == {h.reference for h in sorted(households, key=lambda h: h.pk)[:5]}


def test_search_with_htmx_returns_only_the_results(client, world, household):
    client.force_login(world.director.user)
    response = client.post(
        reverse("households:search"), {"q": "Voorbeeld"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert household.reference in html
    assert "<html" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_household_page_queries_are_bounded(
    client, world, household, django_assert_max_num_queries, rows
):
    case = case_in_state(
        actor=world.director.user,
        director=world.director,
        status=Status.PLAN_ACTIVE,
        household=household,
    )
    today = timezone.localdate()
    for n in range(rows):
        PersonFactory(household=household, role="child", given_name=f"Kind{n}")
        case_services.contact_add(actor=world.director.user, case=case, note=f"Contact {n}")
        goal = goal_add(actor=world.director.user, case=case, domain="housing", description="Doel")
        action_add(
            actor=world.director.user, goal=goal, description="Actie", step=1, performer="resident"
        )
        assessment_create(
            actor=world.director.user,
            case=case,
            kind="follow_up",
            scores={"finances": 1 + n % 5, "housing": 3},
            assessed_on=today - timedelta(days=rows - n),
        )
    client.force_login(world.director.user)
    # 20, + two access log entries (household, timeline) of up to 4 queries each, + the menu's
    # roles (2), the emergency-access banner (1), sharing grounds (2), restriction banner (2)
    # and resident notes in the timeline (1): a constant, whatever the number of rows.
    with django_assert_max_num_queries(34):
        response = client.get(reverse("households:detail", args=[household.pk]))
    html = response.content.decode()
    assert f"Contact {rows - 1}<" in html and f"Kind{rows - 1}" in html


def test_household_page_for_an_anonymous_household(client, world):
    household = Household.objects.create(team=world.schalkwijk, created_by=world.director.user)
    client.force_login(world.director.user)
    response = client.get(reverse("households:detail", args=[household.pk]))
    assert response.status_code == 200
    assert reverse("cases:register") + f"?household={household.pk}" in response.content.decode()
    assert not Person.objects.exists()


def test_every_household_page_renders_for_the_director(client, world, household):
    person = household.members.get(bsn=BSN)
    client.force_login(world.director.user)
    for url in (
        reverse("households:detail", args=[household.pk]),
        reverse("households:person_add", args=[household.pk]),
        reverse("households:person_edit", args=[person.pk]),
        reverse("households:address_edit", args=[household.pk]),
        reverse("households:search"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="nl">' in response.content.decode()


def test_concurrent_address_edit_keeps_what_was_typed(client, world, household):
    seen_version = household.version
    services.household_update(
        actor=world.colleague.user,
        household=household,
        expected_version=seen_version,
        postcode="2035AB",
        house_number=8,
        street="Anderestraat",
        reason="Verhuisd",
    )
    client.force_login(world.director.user)
    url = reverse("households:address_edit", args=[household.pk])
    typed = {"postcode": "2036 CD", "house_number": "21", "street": "Mijnstraat", "city": "Haarlem"}
    html = client.post(url, {**typed, "version": str(seen_version)}).content.decode()
    assert 'class="error-summary"' in html
    assert 'name="street" value="Mijnstraat"' in html and "Anderestraat 8" in html
    household.refresh_from_db()
    assert household.street == "Anderestraat"


def test_names_with_apostrophes_are_shown_escaped_once_and_found(client, world):
    """Dutch names like "van 't Riet" show as typed (escaped once, never twice) and search
    finds them with the apostrophe typed. The factories avoid such names (core.tests.names),
    so this test is where they are checked."""
    household = HouseholdFactory(team=world.schalkwijk, postcode="2035AB", house_number=3)
    PersonFactory(household=household, given_name="Jan", family_name="van 't Riet")
    director = world.director.user
    director.last_name = "d' Heripon"
    director.save(update_fields=["last_name"])
    case_in_state(
        actor=director, director=world.director, status=Status.PLAN_ACTIVE, household=household
    )
    client.force_login(director)
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert escape("Jan van 't Riet") in page
    assert escape(f"{director.first_name} d' Heripon") in page
    assert "&amp;#x27;" not in page
    found = _results(_search(client, q="van 't riet"))
    assert household.reference in found and escape("van 't Riet") in found
