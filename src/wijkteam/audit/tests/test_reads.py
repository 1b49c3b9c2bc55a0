"""Every read of client data, through the web UI and the API, writes an access log line."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.audit.models import AccessLogEntry
from wijkteam.audit.tests.conftest import BSN, FAMILY_NAME, token_client


def new_entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))


def last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def assert_complete(entry: AccessLogEntry, *, event, household_id, user, channel, result="ok"):
    assert entry.event == event
    assert entry.at is not None
    assert entry.household_id == household_id
    assert entry.actor_id == user.pk
    assert entry.actor_username == user.username
    assert entry.channel == channel
    assert entry.origin == "127.0.0.1"
    assert entry.result == result
    assert entry.on_behalf_of == "" and entry.emergency is False
    assert len(entry.hash) == 64 and len(entry.prev_hash) == 64


def test_household_page_logs_the_household_and_its_timeline(client, world, client_file):
    household = client_file.household
    client.force_login(world.director.user)
    before = last_id()
    response = client.get(reverse("households:detail", args=[household.pk]))
    assert response.status_code == 200
    entries = new_entries(before)
    assert [e.event for e in entries] == ["household_viewed", "timeline_viewed"]
    for entry in entries:
        assert_complete(
            entry,
            event=entry.event,
            household_id=household.pk,
            user=world.director.user,
            channel="ui",
        )
        assert entry.action == "read"
        assert (entry.object_type, entry.object_id) == ("households.household", household.pk)


def test_case_page_logs_the_case(client, world, client_file):
    case = client_file.case
    client.force_login(world.director.user)
    before = last_id()
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    [entry] = new_entries(before)
    assert_complete(
        entry,
        event="case_viewed",
        household_id=case.household_id,
        user=world.director.user,
        channel="ui",
    )
    assert (entry.object_type, entry.object_id) == ("cases.case", case.pk)


def test_search_logs_the_number_of_results_not_the_term(client, world, client_file):
    client.force_login(world.director.user)
    before = last_id()
    response = client.post(reverse("households:search"), {"q": FAMILY_NAME})
    assert response.status_code == 200
    [entry] = new_entries(before)
    assert_complete(
        entry,
        event="households_searched",
        household_id=None,
        user=world.director.user,
        channel="ui",
    )
    assert entry.action == "search"
    assert entry.result_count == 1


def test_api_household_detail_logs_the_token_user(world, client_file):
    household = client_file.household
    before = last_id()
    response = token_client(world.director.user).get(f"/api/households/{household.pk}/")
    assert response.status_code == 200
    [entry] = new_entries(before)
    assert_complete(
        entry,
        event="household_viewed",
        household_id=household.pk,
        user=world.director.user,
        channel="api",
    )


def test_api_case_detail_logs_the_token_user(world, client_file):
    case = client_file.case
    before = last_id()
    response = token_client(world.director.user).get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200
    [entry] = new_entries(before)
    assert_complete(
        entry,
        event="case_viewed",
        household_id=case.household_id,
        user=world.director.user,
        channel="api",
    )


def test_api_search_logs_no_term(world, client_file):
    before = last_id()
    response = token_client(world.director.user).post(
        "/api/households/search/", {"q": BSN}, format="json"
    )
    assert response.status_code == 200
    [entry] = new_entries(before)
    assert entry.event == "households_searched" and entry.channel == "api"
    assert entry.result_count == 1


@pytest.mark.parametrize(
    "url",
    ["households:detail", "cases:detail"],
)
def test_an_outsiders_attempt_is_logged_as_not_found(client, world, client_file, url):
    target = client_file.household.pk if url.startswith("households") else client_file.case.pk
    client.force_login(world.outsider.user)
    before = last_id()
    response = client.get(reverse(url, args=[target]))
    assert response.status_code == 404
    [entry] = new_entries(before)
    assert entry.result == "not_found"
    assert entry.object_id == target
    assert entry.household_id is None  # nothing about the household, not even its id
    assert entry.actor_id == world.outsider.user.pk


def test_an_outsiders_api_attempt_is_logged_as_not_found(world, client_file):
    before = last_id()
    response = token_client(world.outsider.user).get(f"/api/cases/{client_file.case.pk}/")
    assert response.status_code == 404
    [entry] = new_entries(before)
    assert (entry.event, entry.result, entry.channel) == ("case_viewed", "not_found", "api")
    assert entry.actor_id == world.outsider.user.pk


def test_an_anonymous_api_request_reads_nothing_and_logs_nothing(client_file):
    before = last_id()
    response = APIClient().get(f"/api/cases/{client_file.case.pk}/")
    assert response.status_code == 401
    assert new_entries(before) == []


def test_forwarded_for_is_not_trusted_by_default(client, world, client_file):
    client.force_login(world.director.user)
    before = last_id()
    client.get(reverse("cases:detail", args=[client_file.case.pk]), HTTP_X_FORWARDED_FOR="10.9.8.7")
    [entry] = new_entries(before)
    assert entry.origin == "127.0.0.1"


def test_behind_our_proxy_the_address_it_saw_is_logged_not_what_the_client_wrote(
    client, world, client_file, settings
):
    settings.WIJKTEAM_PROXY_COUNT = 1
    client.force_login(world.director.user)
    before = last_id()
    client.get(
        reverse("cases:detail", args=[client_file.case.pk]),
        HTTP_X_FORWARDED_FOR="10.9.8.7, 10.0.0.1",  # made up by the client, then our proxy
    )
    [entry] = new_entries(before)
    assert entry.origin == "10.0.0.1"
