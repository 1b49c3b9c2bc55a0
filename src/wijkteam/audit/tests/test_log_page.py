"""The log officer's page and endpoint: only for the group Logbeheerder, and itself logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.audit.services import access_log_record
from wijkteam.audit.tests.conftest import token_client


def test_a_team_member_gets_403(client, world, client_file):
    client.force_login(world.director.user)
    assert client.get(reverse("audit:log")).status_code == 403
    assert client.post(reverse("audit:log"), {"household": "HH-1"}).status_code == 403
    assert token_client(world.director.user).get("/api/audit/entries/").status_code == 403
    assert not AccessLogEntry.objects.filter(event="access_log_viewed").exists()


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_log_officer_searches_by_household_reference(client, world, client_file, log_officer):
    household = client_file.household
    with access_context(origin="test"):
        access_log_record(event="household_viewed", action="read", household_id=household.pk + 1)
    expected = AccessLogEntry.objects.filter(household_id=household.pk).count()
    client.force_login(log_officer)
    response = client.post(reverse("audit:log"), {"household": household.reference})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == expected > 0
    assert all(entry.household_id == household.pk for entry in page.object_list)
    html = response.content.decode()
    assert household.reference in html and "regisseur" in html
    viewed = AccessLogEntry.objects.order_by("-id").first()
    assert (viewed.event, viewed.actor_id, viewed.household_id, viewed.result_count) == (
        "access_log_viewed",
        log_officer.pk,
        household.pk,
        expected,
    )


def test_the_log_officer_searches_by_username_event_and_dates(
    client, world, client_file, log_officer
):
    client.force_login(world.colleague.user)
    client.get(reverse("cases:detail", args=[client_file.case.pk]))
    client.force_login(log_officer)
    response = client.post(
        reverse("audit:log"),
        {"username": "collega", "event": "case_viewed", "date_from": "2000-01-01"},
    )
    [entry] = response.context["page"].object_list
    assert entry.actor_username == "collega"
    response = client.post(reverse("audit:log"), {"date_to": "2000-01-01"})
    assert response.context["page"].paginator.count == 0


def test_an_invalid_reference_is_refused_on_the_form(client, log_officer):
    client.force_login(log_officer)
    response = client.post(reverse("audit:log"), {"household": "Jansen"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert response.context["form"].errors["household"]
    assert not AccessLogEntry.objects.filter(event="access_log_viewed").exists()


@pytest.mark.parametrize("rows", [5, 120])
def test_the_log_page_costs_a_bounded_number_of_queries(
    client, world, log_officer, django_assert_max_num_queries, rows
):
    with access_context(origin="test", actor=world.director.user):
        for n in range(rows):
            access_log_record(event="household_viewed", action="read", household_id=n + 1)
    client.force_login(log_officer)
    # + the menu's roles (2); PostgreSQL adds the access log's advisory lock (1).
    with django_assert_max_num_queries(15):
        response = client.post(reverse("audit:log"), {"page": 2 if rows > 50 else 1})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows + 0, 50)


def test_the_api_lists_entries_for_the_log_officer(world, client_file, log_officer):
    household = client_file.household
    api = token_client(log_officer)
    response = api.get(
        "/api/audit/entries/",
        {"household": household.pk, "actor": world.director.user.pk},
    )
    assert response.status_code == 200
    body = response.json()
    expected = AccessLogEntry.objects.filter(
        household_id=household.pk, actor=world.director.user
    ).count()
    assert body["count"] == expected > 0
    first = body["results"][0]
    assert first["household_reference"] == household.reference
    assert first["actor_username"] == "regisseur"
    viewed = AccessLogEntry.objects.order_by("-id").first()
    assert (viewed.event, viewed.channel, viewed.actor_id) == (
        "access_log_viewed",
        "api",
        log_officer.pk,
    )
    assert api.get("/api/audit/entries/", {"date_from": "gisteren"}).status_code == 400
