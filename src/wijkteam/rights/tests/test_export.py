"""The subject-access export (AVG art. 15): what it holds, what it leaves out, who gets it."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.rights.selectors import subject_access_export, subject_access_export_for
from wijkteam.rights.tests.conftest import (
    BSN,
    CONTACT_NOTE,
    FAMILY_NAME,
    GIVEN_NAME,
    HOUSEHOLD_GOAL,
    PARTNER_BSN,
    PARTNER_GOAL,
    PARTNER_NAME,
    PARTNER_PHONE,
    PARTNER_ZRM_NOTE,
    QUESTION,
    STREET,
)
from wijkteam.teams.tests.factories import UserFactory

# What the partner is and has: none of it may be in the main resident's export.
PARTNER_DATA = (PARTNER_NAME, PARTNER_BSN, PARTNER_PHONE, PARTNER_GOAL, PARTNER_ZRM_NOTE)


def export_entries():
    return AccessLogEntry.objects.filter(event="subject_access_export")


def test_export_holds_the_persons_data_and_the_household_file(world, file):
    export = subject_access_export(user=world.director.user, person=file.person)
    person = export["person"]
    assert (person["given_name"], person["family_name"], person["bsn"]) == (
        GIVEN_NAME,
        FAMILY_NAME,
        BSN,
    )
    assert person["phone"] == "0612345678" and person["email"] == "zephyrina@example.org"
    assert export["household"]["street"] == STREET
    assert export["household"]["neighbourhood"] == "Boerhaavewijk"
    [case] = export["cases"]
    assert case["question"] == QUESTION
    assert case["source"] == "resident" and case["channel"] == "phone"
    assert [c["to"] for c in case["status_history"]] == ["registered", "intake", "plan_active"]
    assert [d["name"] for d in case["directors"]] == [str(world.director.user)]
    assert [g["description"] for g in case["plan"]["goals"]] == [HOUSEHOLD_GOAL]
    assert case["plan"]["goals"][0]["actions"][0]["step"] == 1
    assert [a["scores"] for a in case["zrm_assessments"]] == [{"finances": 2}]
    assert [c["note"] for c in case["contacts"]] == [CONTACT_NOTE]
    assert {e["event"] for e in export["access_log"]} >= {"subject_access_export"}


def test_export_names_other_members_only_by_role(world, file, english):
    export = subject_access_export(user=world.director.user, person=file.person)
    assert export["household"]["other_members"] == [
        {"role": "partner", "description": "household member (partner)"}
    ]
    text = json.dumps(export, default=str)
    for value in PARTNER_DATA:
        assert value not in text, value
    assert str(file.partner.pk) not in re.findall(r'"id": (\d+)', text)


def test_export_is_one_access_log_entry(world, file):
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    with access_context(origin="test", actor=world.director.user):
        subject_access_export(user=world.director.user, person=file.person)
    [entry] = AccessLogEntry.objects.filter(id__gt=last)
    assert (entry.event, entry.action, entry.result) == ("subject_access_export", "read", "ok")
    assert (entry.object_id, entry.household_id) == (file.person.pk, file.household.pk)
    assert entry.actor_id == world.director.user.pk


@pytest.mark.parametrize("who", ["outsider", "colleague", "backoffice"])
def test_export_is_refused_to_who_does_not_see_the_file(world, file, who):
    user = getattr(world, who)
    user = getattr(user, "user", user)
    with pytest.raises(NotFoundOrHidden):
        subject_access_export(user=user, person=file.person)
    [entry] = export_entries()
    assert (entry.result, entry.household_id) == ("not_found", None)


def test_a_missing_person_is_the_same_404(world, file):
    with pytest.raises(NotFoundOrHidden):
        subject_access_export_for(user=world.director.user, person_id=file.partner.pk + 100)
    [entry] = export_entries()
    assert entry.result == "not_found"


def test_the_resident_exports_themself_but_not_the_partner(world, file):
    resident = ResidentAccountFactory(person=file.person, user=UserFactory()).user
    export = subject_access_export_for(user=resident, person_id=file.person.pk)
    assert export["person"]["bsn"] == BSN
    with pytest.raises(NotFoundOrHidden):
        subject_access_export_for(user=resident, person_id=file.partner.pk)


def test_html_page_is_readable_printable_and_without_the_partner(client, world, file):
    client.force_login(world.director.user)
    response = client.get(reverse("rights:export_html", args=[file.person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for value in (GIVEN_NAME, BSN, STREET, QUESTION, CONTACT_NOTE, HOUSEHOLD_GOAL):
        assert value in html, value
    for value in PARTNER_DATA:
        assert value not in html, value
    assert "rights/export.css" in html
    assert "style=" not in html and "<script" not in html  # CSP: no inline style or script
    assert export_entries().count() == 1


def test_json_download_is_an_attachment_named_by_id_only(client, world, file):
    client.force_login(world.director.user)
    response = client.get(reverse("rights:export_json", args=[file.person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        f'attachment; filename="inzage-persoon-{file.person.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["person"]["bsn"] == BSN
    assert data["format"] == "wijkteam-subject-access/1"
    assert PARTNER_NAME not in response.content.decode()


@pytest.mark.parametrize("name", ["rights:export_html", "rights:export_json"])
def test_pages_are_404_to_an_outsider(client, world, file, name):
    client.force_login(world.outsider.user)
    assert client.get(reverse(name, args=[file.person.pk])).status_code == 404


def test_pages_need_a_login(client, file):
    response = client.get(reverse("rights:export_html", args=[file.person.pk]))
    assert response.status_code == 302


def test_api_export_for_the_director_and_404_for_an_outsider(world, file):
    api = APIClient()
    api.force_authenticate(world.director.user)
    response = api.get(f"/api/persons/{file.person.pk}/export/")
    assert response.status_code == 200
    assert response.json()["person"]["bsn"] == BSN
    assert export_entries().get().channel == "api"
    api.force_authenticate(world.outsider.user)
    response = api.get(f"/api/persons/{file.person.pk}/export/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_person_page_links_to_the_export(client, world, file):
    client.force_login(world.director.user)
    html = client.get(reverse("households:person_edit", args=[file.person.pk])).content.decode()
    assert reverse("rights:export_html", args=[file.person.pk]) in html
    assert reverse("rights:export_json", args=[file.person.pk]) in html


def test_the_export_holds_the_persons_own_notes_not_the_partners(world, file):
    from wijkteam.residents.models import ResidentNote

    own = ResidentAccountFactory(person=file.person, user=UserFactory()).user
    partner = ResidentAccountFactory(person=file.partner, user=UserFactory()).user
    ResidentNote.objects.create(case=file.case, author=own, text="Ik wil graag hulp bij post")
    ResidentNote.objects.create(case=file.case, author=partner, text="Notitie van de partner")
    export = subject_access_export(user=world.director.user, person=file.person)
    [case] = export["cases"]
    assert [note["text"] for note in case["own_notes"]] == ["Ik wil graag hulp bij post"]
