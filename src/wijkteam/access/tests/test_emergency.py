"""Emergency access: a stated reason, limited in time, logged, seen by the coordinator."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from wijkteam.access import services
from wijkteam.access.selectors import emergency_accesses_for_coordinator
from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import DomainError, NotFoundOrHidden
from wijkteam.households.selectors import household_get, households_visible_to

REASON = "Crisismelding van de politie, regisseur onbereikbaar"


@pytest.fixture
def household(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    return case.household


def test_a_team_member_breaks_the_glass_for_a_limited_time(world, household, settings):
    settings.WIJKTEAM_EMERGENCY_ACCESS_MINUTES = 60
    colleague = world.colleague.user
    access = services.emergency_access_start(actor=colleague, household=household, reason=REASON)
    assert households_visible_to(user=colleague).filter(pk=household.pk).exists()
    assert access.expires_at - access.started_at == timedelta(minutes=60)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert not households_visible_to(user=colleague).filter(pk=household.pk).exists()


def test_reads_under_emergency_access_are_logged_as_such(world, household):
    colleague = world.colleague.user
    with access_context(actor=colleague, origin="test"):
        services.emergency_access_start(actor=colleague, household=household, reason=REASON)
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    with access_context(actor=colleague, origin="test"):
        household_get(user=colleague, pk=household.pk)
    with access_context(actor=world.director.user, origin="test"):
        household_get(user=world.director.user, pk=household.pk)
    [by_colleague, by_director] = AccessLogEntry.objects.filter(id__gt=before).order_by("id")
    assert by_colleague.emergency is True
    assert by_director.emergency is False
    started = AccessLogEntry.objects.get(event="emergency_access_started")
    assert (started.household_id, started.actor_id) == (household.pk, colleague.pk)


def test_a_reason_is_required(world, household):
    with pytest.raises(DomainError) as error:
        services.emergency_access_start(actor=world.colleague.user, household=household, reason="x")
    assert error.value.field == "reason"
    assert not households_visible_to(user=world.colleague.user).filter(pk=household.pk).exists()


def test_another_team_cannot_break_the_glass(world, household):
    with pytest.raises(NotFoundOrHidden):
        services.emergency_access_start(
            actor=world.outsider.user, household=household, reason=REASON
        )


def test_ending_it_closes_the_file_again(world, household):
    colleague = world.colleague.user
    access = services.emergency_access_start(actor=colleague, household=household, reason=REASON)
    services.emergency_access_end(actor=colleague, access=access)
    assert not households_visible_to(user=colleague).filter(pk=household.pk).exists()


def test_the_coordinator_sees_each_use_with_its_reason(world, household, client):
    services.emergency_access_start(actor=world.colleague.user, household=household, reason=REASON)
    world.cjg_coach.is_coordinator = True
    world.cjg_coach.save()
    [access] = emergency_accesses_for_coordinator(user=world.cjg_coach.user)
    assert access.reason == REASON
    assert not emergency_accesses_for_coordinator(user=world.director.user).exists()
    assert not emergency_accesses_for_coordinator(user=world.outsider.user).exists()

    client.force_login(world.cjg_coach.user)
    page = client.get(reverse("access:emergency_overview"))
    assert page.status_code == 200
    assert REASON in page.content.decode()
    client.force_login(world.director.user)
    assert client.get(reverse("access:emergency_overview")).status_code == 403


def test_the_known_page_opens_the_file_in_an_emergency(world, household, client):
    client.force_login(world.colleague.user)
    # The household page sends a colleague who is not on the case to what they may know.
    response = client.get(reverse("households:detail", args=[household.pk]))
    assert response.status_code == 302
    assert response.url == reverse("access:known_household", args=[household.pk])
    page = client.get(response.url).content.decode()
    assert str(world.director.user) in page
    assert household.members.count() == 0 or household.members.first().family_name not in page

    # Without a reason: the form says so and nothing opens.
    refused = client.post(response.url, {"reason": ""})
    assert refused.status_code == 200
    assert not households_visible_to(user=world.colleague.user).filter(pk=household.pk).exists()

    opened = client.post(response.url, {"reason": REASON})
    assert opened.status_code == 302
    detail = client.get(reverse("households:detail", args=[household.pk]))
    assert detail.status_code == 200
    assert 'class="emergency-banner"' in detail.content.decode()


def test_the_outsider_gets_a_404_on_the_known_page(world, household, client):
    client.force_login(world.outsider.user)
    assert client.get(reverse("access:known_household", args=[household.pk])).status_code == 404
    assert client.get(reverse("households:detail", args=[household.pk])).status_code == 404
