"""Rectification (AVG art. 16): corrections keep their history and say why."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.core.errors import DomainError
from wijkteam.households.models import Person
from wijkteam.households.services import household_update, person_update
from wijkteam.rights.models import Rectification
from wijkteam.rights.selectors import subject_access_export
from wijkteam.rights.tests.conftest import BSN, FAMILY_NAME, GIVEN_NAME, STREET


def update(world, person, **changes):
    fields = {
        "role": person.role,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "bsn": person.bsn,
        "phone": person.phone,
        "email": person.email,
    }
    return person_update(
        actor=world.director.user,
        person=person,
        expected_version=person.version,
        **{**fields, **changes},
    )


def test_correcting_a_name_needs_a_reason(world, file):
    with pytest.raises(DomainError) as error:
        update(world, file.person, family_name="Quakenbos")
    assert (error.value.code, error.value.field) == ("reason_required", "reason")
    assert Person.objects.get(pk=file.person.pk).family_name == FAMILY_NAME
    assert not Rectification.objects.exists()


def test_a_correction_keeps_who_when_what_and_why(world, file):
    update(
        world,
        file.person,
        family_name="Quakenbos",
        date_of_birth=date(1980, 5, 18),
        reason="Typefout bij de aanmelding",
    )
    rows = {row.field: row for row in Rectification.objects.all()}
    assert set(rows) == {"family_name", "date_of_birth"}
    assert (rows["family_name"].old_value, rows["family_name"].new_value) == (
        FAMILY_NAME,
        "Quakenbos",
    )
    assert (rows["date_of_birth"].old_value, rows["date_of_birth"].new_value) == (
        "1980-05-17",
        "1980-05-18",
    )
    row = rows["family_name"]
    assert (row.person, row.household, row.by) == (file.person, file.household, world.director.user)
    assert row.reason == "Typefout bij de aanmelding" and row.at is not None


def test_filling_in_an_empty_detail_needs_no_reason_but_is_kept(world, file):
    update(world, file.partner, email="b@example.org")
    [row] = Rectification.objects.all()
    assert (row.field, row.old_value, row.new_value, row.reason) == (
        "email",
        "",
        "b@example.org",
        "",
    )


def test_saving_unchanged_details_records_nothing(world, file):
    update(world, file.person)
    assert not Rectification.objects.exists()


def test_address_corrections_are_kept_for_the_household(world, file):
    household = file.household
    with pytest.raises(DomainError) as error:
        household_update(
            actor=world.director.user,
            household=household,
            expected_version=household.version,
            postcode="2035QX",
            house_number=9,
            street=STREET,
            city="Haarlem",
        )
    assert error.value.code == "reason_required"
    household_update(
        actor=world.director.user,
        household=household,
        expected_version=household.version,
        postcode="2035QX",
        house_number=9,
        street=STREET,
        city="Haarlem",
        reason="Verhuisd binnen de straat",
    )
    [row] = Rectification.objects.all()
    assert (row.person, row.field, row.old_value, row.new_value) == (None, "house_number", "7", "9")


def test_the_person_form_asks_for_the_reason_at_its_field(client, world, file):
    client.force_login(world.director.user)
    url = reverse("households:person_edit", args=[file.person.pk])
    typed = {
        "role": "main",
        "given_name": "Zefirina",
        "family_name": FAMILY_NAME,
        "version": str(file.person.version),
        "phone": "0612345678",
        "email": "zephyrina@example.org",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_reason_error"' in html
    assert 'name="given_name" value="Zefirina"' in html  # what was typed stays
    response = client.post(url, {**typed, "reason": "Typefout"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Typefout" in html and GIVEN_NAME in html and "Zefirina" in html


def test_history_on_the_person_page_masks_the_bsn(client, world, file):
    update(world, file.person, bsn="123456782", reason="Verkeerd BSN overgenomen")
    client.force_login(world.director.user)
    html = client.get(reverse("households:person_edit", args=[file.person.pk])).content.decode()
    assert "Verkeerd BSN overgenomen" in html
    assert BSN not in html and "123456782" not in html
    assert "••••••990" in html and "••••••782" in html


def test_history_is_not_shown_to_who_does_not_see_the_file(client, world, file):
    update(world, file.person, given_name="Zefirina", reason="Typefout")
    client.force_login(world.outsider.user)
    url = reverse("households:person_edit", args=[file.person.pk])
    assert client.get(url).status_code == 404


def test_the_api_asks_for_the_reason_too(world, file):
    api = APIClient()
    api.force_authenticate(world.director.user)
    url = f"/api/persons/{file.person.pk}/"
    response = api.patch(url, {"phone": "0611111111", "version": file.person.version})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("reason_required", "reason")
    assert body["detail"]
    response = api.patch(
        url, {"phone": "0611111111", "version": file.person.version, "reason": "Nieuw nummer"}
    )
    assert response.status_code == 200
    assert Rectification.objects.get().reason == "Nieuw nummer"


def test_the_export_holds_the_corrections(world, file):
    update(world, file.person, phone="0611111111", reason="Nieuw nummer")
    update(world, file.partner, phone="", reason="Nummer vervallen")  # the partner's: not in it
    export = subject_access_export(user=world.director.user, person=file.person)
    assert [
        (r["field"], r["old_value"], r["new_value"], r["reason"]) for r in export["rectifications"]
    ] == [("phone", "0612345678", "0611111111", "Nieuw nummer")]
