"""The registration form: routing, refusals that keep every typed value, and duplicates."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from wijkteam.cases.models import Case
from wijkteam.cases.services import registration_create
from wijkteam.core.errors import DomainError
from wijkteam.households.models import Household, Person
from wijkteam.households.services import bsn_clean
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory

URL = reverse("cases:register")


def _form(**overrides) -> dict:
    data = {
        "question": "Huurachterstand en post die zich opstapelt",
        "source": "housing",
        "channel": "walk_in",
        "domains": ["finances", "housing"],
        "urgency": "2",
        "postcode": "2035 AB",
        "house_number": "12",
        "house_number_suffix": "B",
        "street": "Testlaan",
        "city": "Haarlem",
        "given_name": "Testje",
        "family_name": "Voorbeeld",
        "date_of_birth": "1980-05-17",
        "bsn": "",
        "phone": "0612345678",
        "email": "testje@example.org",
    }
    data.update(overrides)
    return data


def _dutch_message(call) -> str:
    """The message the core gives, in Dutch: what the page must show next to the field."""
    with translation.override("nl"):
        try:
            call()
        except DomainError as error:
            return escape(str(error.message))
    raise AssertionError("expected a DomainError")


def _is_checked(html: str, name: str, value: str) -> bool:
    tags = re.findall(rf'<input[^>]*name="{name}" value="{value}"[^>]*>', html)
    return any(" checked" in tag for tag in tags)


def _assert_values_kept(html: str, data: dict, *, skip: tuple = ()) -> None:
    """Every typed value is back in the page, in a field or a hidden copy."""
    for name, value in data.items():
        if name in skip or value == "":
            continue
        for single in value if isinstance(value, list) else [value]:
            if name == "question":
                assert f"{escape(single)}</textarea>" in html, name
            elif name == "source":
                assert f'<option value="{single}" selected>' in html, name
            elif name in {"channel", "urgency", "domains"}:
                assert _is_checked(html, name, single), (name, single)
            else:
                assert f'name="{name}" value="{escape(single)}"' in html, name


def test_form_renders_with_defaults(client, world):
    client.force_login(world.director.user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="resident" selected>' in html
    assert _is_checked(html, "channel", "phone")
    assert _is_checked(html, "urgency", "1")
    assert not _is_checked(html, "urgency", "3")
    # The 13 life domains, as checkboxes in a fieldset with a legend.
    assert html.count('name="domains"') == 13
    assert 'for="id_question"' in html and "<legend>" in html


def test_registration_is_routed_to_the_team_of_the_postcode(client, world):
    client.force_login(world.director.user)
    response = client.post(URL, _form())
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.team == world.schalkwijk
    assert case.household.members.get().family_name == "Voorbeeld"
    assert (case.source, case.channel, case.urgency) == ("housing", "walk_in", 2)
    assert case.domains == ["finances", "housing"]
    done = client.get(response.url)
    html = done.content.decode()
    assert "Schalkwijk 1" in html
    assert reverse("cases:detail", args=[case.pk]) in html
    # Nothing typed ends up in the URL.
    assert "Voorbeeld" not in response.url and "2035" not in response.url


def test_registration_for_another_teams_area_says_so_and_does_not_link(client, world):
    client.force_login(world.director.user)
    response = client.post(URL, _form(postcode="2033 KL"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.team == world.oost
    html = client.get(response.url).content.decode()
    assert "Oost 2" in html
    assert case.reference in html
    assert reverse("cases:detail", args=[case.pk]) not in html
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_anonymous_question_goes_to_the_users_own_team(client, world):
    client.force_login(world.outsider.user)
    data = {"question": "Waar kan ik terecht?", "source": "resident", "channel": "phone"}
    response = client.post(URL, {**data, "urgency": "1"})
    assert response.status_code == 302
    assert Case.objects.get().team == world.oost


def test_invalid_bsn_shows_the_message_on_the_field_and_keeps_everything(client, world):
    client.force_login(world.director.user)
    data = _form(bsn="123456789")
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert _dutch_message(lambda: bsn_clean("123456789")) in html
    assert 'id="id_bsn_error"' in html
    assert 'aria-invalid="true" aria-describedby="id_bsn_helptext id_bsn_error"' in html
    _assert_values_kept(html, data)
    assert not Case.objects.exists() and not Household.objects.exists()


def test_postcode_outside_the_municipality_keeps_everything(client, world):
    client.force_login(world.director.user)
    data = _form(postcode="1011AB", bsn="999999990")
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()

    def outside():
        registration_create(actor=world.director.user, question="x", postcode="1011AB")

    assert _dutch_message(outside) in html
    assert 'id="id_postcode_error"' in html
    assert '<a href="#id_postcode">' in html  # the error summary links to the field
    _assert_values_kept(html, data)
    assert not Case.objects.exists()


def test_missing_question_is_refused_with_the_rest_kept(client, world):
    client.force_login(world.director.user)
    data = _form(question="")
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_question_error"' in html
    _assert_values_kept(html, data, skip=("question",))


@pytest.fixture
def known_household(world):
    """A Schalkwijk household at 2035 AB 12-B without an open case."""
    household = HouseholdFactory(
        team=world.schalkwijk, postcode="2035AB", house_number=12, house_number_suffix="B"
    )
    PersonFactory(household=household, bsn="999999990")
    return household


def test_possible_duplicate_warns_and_confirming_creates_a_new_household(
    client, world, known_household
):
    client.force_login(world.director.user)
    data = _form()
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert known_household.reference in html and "Schalkwijk 1" in html
    assert 'name="confirm_new" value="1"' in html
    assert f'name="household" value="{known_household.pk}"' in html
    _assert_values_kept(html, data)
    assert not Case.objects.exists()

    response = client.post(URL, {**data, "confirm_new": "1"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.household != known_household
    assert case.household.house_number == 12


def test_possible_duplicate_use_the_known_household(client, world, known_household):
    client.force_login(world.director.user)
    response = client.post(URL, _form(household=str(known_household.pk)))
    assert response.status_code == 302
    assert Case.objects.get().household == known_household
    assert Household.objects.count() == 1


def test_a_bsn_match_cannot_be_confirmed_as_a_different_household(client, world, known_household):
    client.force_login(world.director.user)
    data = _form(postcode="2036 CD", house_number="3", bsn="999999990")
    response = client.post(URL, data)
    html = response.content.decode()
    assert known_household.reference in html
    assert 'name="confirm_new"' not in html
    # Forcing it anyway does not create a second household.
    response = client.post(URL, {**data, "confirm_new": "1"})
    assert response.status_code == 200
    assert not Case.objects.exists() and Household.objects.count() == 1


def test_a_match_in_another_team_is_named_but_not_offered(client, world):
    other = HouseholdFactory(team=world.oost, postcode="2033KL", house_number=5)
    client.force_login(world.director.user)
    response = client.post(URL, _form(postcode="2033KL", house_number="5", house_number_suffix=""))
    html = response.content.decode()
    assert other.reference in html and "Oost 2" in html
    assert f'name="household" value="{other.pk}"' not in html
    # And choosing it by hand is refused like any hidden household.
    response = client.post(URL, _form(household=str(other.pk)))
    assert response.status_code == 404


def test_a_match_with_an_open_case_links_to_that_case(client, world):
    first = registration_create(
        actor=world.director.user,
        question="Eerste",
        postcode="2035AB",
        house_number=12,
        house_number_suffix="B",
    )
    client.force_login(world.director.user)
    html = client.post(URL, _form()).content.decode()
    assert reverse("cases:detail", args=[first.pk]) in html
    assert f'name="household" value="{first.household_id}"' not in html


def test_new_question_for_a_known_household(client, world, known_household):
    client.force_login(world.director.user)
    response = client.get(URL, {"household": known_household.pk})
    html = response.content.decode()
    assert known_household.reference in html
    assert 'name="postcode"' not in html
    response = client.post(
        URL,
        {
            "question": "Nieuwe vraag",
            "source": "resident",
            "channel": "phone",
            "urgency": "1",
            "household": known_household.pk,
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().household == known_household


def test_new_question_for_a_household_with_an_open_case_is_refused_with_a_link(client, world):
    first = registration_create(actor=world.director.user, question="Eerste", postcode="2035AB")
    client.force_login(world.director.user)
    data = {
        "question": "Tweede vraag",
        "source": "resident",
        "channel": "phone",
        "urgency": "1",
        "household": first.household_id,
    }
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tweede vraag" in html
    assert reverse("cases:detail", args=[first.pk]) in html
    assert Case.objects.count() == 1


def test_outsider_cannot_register_for_a_hidden_household(client, world, known_household):
    client.force_login(world.outsider.user)
    assert client.get(URL, {"household": known_household.pk}).status_code == 404
    response = client.post(URL, _form(household=str(known_household.pk)))
    assert response.status_code == 404
    assert not Case.objects.exists()
    assert Person.objects.count() == 1
