"""Changes of client data through the services are logged, and the log holds no data."""

from __future__ import annotations

import json

from django.core import serializers
from django.urls import reverse

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.audit.tests.conftest import BSN, FAMILY_NAME, GIVEN_NAME, POSTCODE, STREET
from wijkteam.cases import services as case_services
from wijkteam.households.services import household_update


def last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(since: int) -> list[tuple[str, str, str]]:
    return list(
        AccessLogEntry.objects.filter(id__gt=since)
        .order_by("id")
        .values_list("event", "action", "object_type")
    )


def test_setting_up_a_file_logged_every_record_created(world, client_file):
    created = set(
        AccessLogEntry.objects.filter(action="create").values_list("object_type", flat=True)
    )
    assert {
        "households.household",
        "households.person",
        "cases.case",
        "cases.statuschange",
        "cases.directorassignment",
        "plans.plan",
        "plans.goal",
        "plans.action",
        "plans.planrevision",
    } <= created
    household_ids = set(AccessLogEntry.objects.values_list("household_id", flat=True))
    assert household_ids == {client_file.household.pk}


def test_a_versioned_update_is_logged(world, client_file):
    household = client_file.household
    before = last_id()
    with access_context(origin="test", actor=world.director.user):
        household_update(
            actor=world.director.user,
            household=household,
            expected_version=household.version,
            postcode=POSTCODE,
            house_number=9,
            street=STREET,
            reason="Verhuisd",
        )
    [entry] = AccessLogEntry.objects.filter(id__gt=before)
    assert (entry.event, entry.action) == ("household_changed", "update")
    assert (entry.household_id, entry.object_id) == (household.pk, household.pk)
    assert (entry.actor_id, entry.channel, entry.origin) == (
        world.director.user.pk,
        "command",
        "test",
    )


def test_a_hand_over_and_a_contact_are_logged(world, client_file):
    case = client_file.case
    before = last_id()
    case_services.case_hand_over(
        actor=world.director.user,
        case=case,
        to=world.colleague,
        expected_director_id=case.director_id,
        reason="Verlof",
    )
    case_services.contact_add(actor=world.colleague.user, case=case, note="Huisbezoek")
    events = events_since(before)
    assert ("case_changed", "update", "cases.case") in events
    assert ("case_changed", "create", "cases.directorassignment") in events
    assert ("contact_changed", "create", "cases.contact") in events
    assert set(
        AccessLogEntry.objects.filter(id__gt=before).values_list("household_id", flat=True)
    ) == {case.household_id}


def test_a_write_through_the_ui_is_logged_with_the_user(client, world, client_file):
    case = client_file.case
    client.force_login(world.director.user)
    before = last_id()
    response = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {
            "contact-kind": "phone",
            "contact-date": "2024-03-01",
            "contact-duration_minutes": "15",
            "contact-note": "Gebeld",
            "contact-expected_version": case.version,
        },
    )
    assert response.status_code in (200, 302)
    entry = AccessLogEntry.objects.get(id__gt=before, event="contact_changed")
    assert (entry.action, entry.actor_id, entry.channel) == ("create", world.director.user.pk, "ui")


def test_no_entry_contains_the_data_itself(client, world, client_file):
    # Reads and searches with the distinctive values, then grep every entry.
    client.force_login(world.director.user)
    client.get(reverse("households:detail", args=[client_file.household.pk]))
    for term in (FAMILY_NAME, BSN, POSTCODE, STREET):
        client.post(reverse("households:search"), {"q": term})
    dumped = serializers.serialize("json", AccessLogEntry.objects.all()).lower()
    assert AccessLogEntry.objects.filter(event="households_searched").count() == 4
    for value in (GIVEN_NAME, FAMILY_NAME, BSN, POSTCODE, STREET, "2035 QX", "Huisbezoek"):
        assert value.lower() not in dumped, value
    # The serialisation really does contain the entries' fields.
    fields = json.loads(dumped)[0]["fields"]
    assert {"event", "household_id", "actor_username", "origin"} <= set(fields)
