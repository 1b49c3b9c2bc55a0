"""The social map pages: search, detail, and the functional administrator's management."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.services import PROVISION_COLUMNS
from wijkteam.socialmap.tests.conftest import provision_make
from wijkteam.teams.tests.factories import UserFactory


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_search_page_with_text_and_filters(en, smap, world):
    en.force_login(world.colleague.user)
    response = en.get(reverse("socialmap:index"), {"q": "schuld", "step": "4"})
    assert response.status_code == 200
    assert "Schuldhulpverlening" in response.text and "Schuldhulpmaatje" not in response.text
    assert reverse("socialmap:create") not in response.text  # not the administrator
    assert 'value="schuld"' in response.text  # what was typed stays


def test_a_bad_filter_value_is_a_400_with_the_form(en, smap, world):
    en.force_login(world.colleague.user)
    response = en.get(reverse("socialmap:index"), {"step": "9"})
    assert response.status_code == 400


def test_search_pages_through_the_results(en, smap, world):
    for number in range(30):
        provision_make(name=f"Zwemles {number:02d}", kind="general", domains=["time_use"])
    en.force_login(world.colleague.user)
    first = en.get(reverse("socialmap:index"), {"domain": "time_use"})
    assert "Zwemles 00" in first.text and "Zwemles 29" not in first.text
    second = en.get(reverse("socialmap:index"), {"domain": "time_use", "page": 2})
    assert "Zwemles 29" in second.text and "domain=time_use" in first.text


def test_the_search_page_needs_a_constant_number_of_queries(
    en, smap, world, django_assert_max_num_queries
):
    for number in range(20):
        provision_make(
            name=f"Inloop {number}",
            kind="collective",
            domains=["social_network"],
            areas=[world.schalkwijk.area],
            neighbourhoods=[world.oost.area.neighbourhoods.first()],
        )
    en.force_login(world.colleague.user)
    with django_assert_max_num_queries(20):  # 18 now, whatever the number of rows
        response = en.get(reverse("socialmap:index"), {"area": world.schalkwijk.area_id})
    assert response.status_code == 200 and "Inloop 19" in response.text


def test_detail_shows_contact_and_conditions(en, smap, world):
    en.force_login(world.outsider.user)
    response = en.get(reverse("socialmap:detail", args=[smap.counselling.pk]))
    assert response.status_code == 200
    assert "intakegesprek binnen 3 weken" in response.text
    assert reverse("socialmap:edit", args=[smap.counselling.pk]) not in response.text


def test_a_resident_gets_403(en, smap, world):
    resident = UserFactory(username="bewoner")
    ResidentAccount.objects.create(user=resident, person=PersonFactory())
    en.force_login(resident)
    assert en.get(reverse("socialmap:index")).status_code == 403


def test_only_the_administrator_adds_and_changes(en, smap, world):
    en.force_login(world.director.user)
    assert en.get(reverse("socialmap:create")).status_code == 403
    assert en.get(reverse("socialmap:edit", args=[smap.buddy.pk])).status_code == 403
    assert en.get(reverse("socialmap:import")).status_code == 403


def test_the_administrator_adds_a_provision(en, smap, world):
    en.force_login(smap.admin)
    data = {
        "name": "Formulierenhulp",
        "provider": "Humanitas (demo)",
        "kind": "volunteer",
        "domains": ["finances", "instrumental_adl"],
        "areas": [world.oost.area_id],
        "conditions": "Gratis",
        "phone": "023-5000001",
    }
    response = en.post(reverse("socialmap:create"), data)
    provision = Provision.objects.get(name="Formulierenhulp")
    assert response.status_code == 302
    assert response["Location"] == reverse("socialmap:detail", args=[provision.pk])
    assert provision.step == 2 and list(provision.areas.all()) == [world.oost.area]


def test_a_refused_provision_keeps_what_was_typed(en, smap):
    en.force_login(smap.admin)
    data = {
        "name": "Schuldhulpmaatje",
        "provider": "Stichting Maatjes (demo)",
        "kind": "volunteer",
        "domains": ["finances"],
        "description": "Nog een keer",
    }
    response = en.post(reverse("socialmap:create"), data)
    assert response.status_code == 409
    assert "already has" in response.text and "Nog een keer" in response.text
    response = en.post(
        reverse("socialmap:create"), {**data, "name": "Ander", "kind": "tailored", "step": "2"}
    )
    assert response.status_code == 400 and "at step 4" in response.text


def test_a_stale_edit_is_a_409_and_keeps_the_typed_values(en, smap):
    en.force_login(smap.admin)
    url = reverse("socialmap:edit", args=[smap.cafe.pk])
    assert 'name="version" value="1"' in en.get(url).text
    data = {
        "name": "Taalcafé",
        "provider": "Bibliotheek (demo)",
        "kind": "general",
        "domains": ["work_education"],
        "conditions": "Elke dinsdag",
        "version": "1",
    }
    assert en.post(url, data).status_code == 302
    assert Provision.objects.get(pk=smap.cafe.pk).version == 2
    response = en.post(url, {**data, "conditions": "Elke woensdag"})
    assert response.status_code == 409
    assert "Elke woensdag" in response.text and "Someone else changed this" in response.text
    assert Provision.objects.get(pk=smap.cafe.pk).conditions == "Elke dinsdag"


def test_deactivate_from_the_detail_page(en, smap):
    en.force_login(smap.admin)
    url = reverse("socialmap:set_active", args=[smap.buddy.pk])
    response = en.post(url, {"version": "1", "active": "false"})
    assert response.status_code == 302
    assert not Provision.objects.get(pk=smap.buddy.pk).is_active
    assert en.post(url, {"version": "1", "active": "true"}).status_code == 409


def test_import_upload_reports_rows_and_saves_nothing(en, smap):
    en.force_login(smap.admin)
    header = ",".join(PROVISION_COLUMNS)
    bad = (
        f"{header}\n0392,Nieuw,Aanbieder,general,,housing,,,,,,,,,\n"
        "0392,,X,general,,nergens,,,,,,,,,\n"
    )
    upload = io.BytesIO(bad.encode())
    upload.name = "kaart.csv"
    response = en.post(reverse("socialmap:import"), {"file": upload})
    assert response.status_code == 400
    assert "Row 3, column name" in response.text and "Row 3, column life_domains" in response.text
    assert not Provision.objects.filter(name="Nieuw").exists()

    good = io.BytesIO(bad.splitlines()[0].encode() + b"\n" + bad.splitlines()[1].encode())
    good.name = "kaart.csv"
    response = en.post(reverse("socialmap:import"), {"file": good})
    assert response.status_code == 302 and Provision.objects.filter(name="Nieuw").exists()


def test_export_download_round_trips(en, smap, world):
    en.force_login(world.colleague.user)
    response = en.get(reverse("socialmap:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0] == ",".join(PROVISION_COLUMNS)
    assert len(text.splitlines()) == 5
