"""Erasure on request (AVG art. 17), where the law allows it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from wijkteam.audit.context import access_context
from wijkteam.audit.models import AccessLogEntry
from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import Status, StopReason
from wijkteam.core.errors import ConflictError, NotFoundOrHidden
from wijkteam.households.models import Household, Person
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.rights.models import Erasure
from wijkteam.rights.services import household_erase
from wijkteam.rights.tests.conftest import FAMILY_NAME, make_file

LONG_AGO = datetime(2005, 3, 1, 10, tzinfo=timezone.get_default_timezone())


def stopped_registration(world) -> Household:
    """A question that was answered from the inbox: stopped before intake."""
    household = HouseholdFactory(team=world.schalkwijk, postcode="2035AB", street="Korte weg")
    PersonFactory(household=household, family_name="Inboxnaam", bsn="123456782")
    case = case_services.registration_create(
        actor=world.colleague.user, question="Waar is het loket?", household=household
    )
    case_services.case_stop(
        actor=world.colleague.user,
        case=case,
        expected_version=case.version,
        reason=StopReason.ANSWERED,
    )
    return household


@pytest.fixture
def coordinator(world):
    world.colleague.is_coordinator = True
    world.colleague.save()
    return world.colleague.user


def test_erasure_is_refused_while_a_case_is_open(world, file):
    with pytest.raises(ConflictError) as error:
        household_erase(actor=world.director.user, household=file.household, reason="Verzoek")
    assert error.value.code == "open_case"
    assert Person.objects.get(pk=file.person.pk).family_name == FAMILY_NAME
    assert not Erasure.objects.exists()


def test_erasure_is_refused_within_the_retention_term(world):
    file = make_file(world, status=Status.CLOSED)
    with pytest.raises(ConflictError) as error:
        household_erase(actor=world.director.user, household=file.household, reason="Verzoek")
    assert error.value.code == "retention_term"
    closed = timezone.localtime(file.case.closed_at).date()
    assert error.value.extra["kept_until"] == closed.replace(year=closed.year + 15).isoformat()
    assert Person.objects.get(pk=file.person.pk).family_name == FAMILY_NAME


def test_a_registration_stopped_before_intake_may_be_erased(world, coordinator):
    household = stopped_registration(world)
    with access_context(origin="test", actor=coordinator):
        erasure = household_erase(actor=coordinator, household=household, reason="Verzoek")
    assert (erasure.action, erasure.ground, erasure.by) == ("pseudonymise", "request", coordinator)
    person = household.members.get()
    assert (person.family_name, person.bsn) == ("", "")
    household.refresh_from_db()
    assert (household.street, household.postcode) == ("", "2035")
    case = household.cases.get()
    assert (case.question, case.status) == ("", Status.STOPPED)
    [entry] = AccessLogEntry.objects.filter(event="household_erased")
    assert (entry.household_id, entry.action, entry.actor_id) == (
        household.pk,
        "update",
        coordinator.pk,
    )


def test_a_closed_case_past_its_term_may_be_erased(world):
    with time_machine.travel(LONG_AGO, tick=False):
        file = make_file(world, status=Status.CLOSED)
    erasure = household_erase(actor=world.director.user, household=file.household, reason="Verzoek")
    assert erasure.case_count == 1
    assert Person.objects.get(pk=file.person.pk).family_name == ""


def test_an_erased_file_takes_no_more_writes(world, coordinator):
    household = stopped_registration(world)
    household_erase(actor=coordinator, household=household, reason="Verzoek")
    with pytest.raises(ConflictError) as error:
        case_services.registration_create(
            actor=world.colleague.user, question="Weer een vraag", household=household
        )
    assert error.value.code == "erased"
    with pytest.raises(ConflictError) as error:
        household_erase(actor=coordinator, household=household, reason="Nog eens")
    assert error.value.code == "erased"


def test_erasure_is_for_the_director_or_coordinator(world, file):
    with pytest.raises(NotFoundOrHidden):
        household_erase(actor=world.outsider.user, household=file.household, reason="x")


def test_the_rights_page_erases_with_a_confirmation(client, world, coordinator):
    household = stopped_registration(world)
    client.force_login(coordinator)
    url = reverse("rights:erase", args=[household.pk])
    # The coordinator does not see the file (nobody is on it), but manages its rights.
    page = client.get(reverse("rights:household", args=[household.pk]))
    assert page.status_code == 200
    assert "Inboxnaam" not in page.content.decode()
    response = client.post(url, {"erase-reason": "Verzoek van de bewoner"})
    assert response.status_code == 400
    assert not Erasure.objects.exists()
    response = client.post(url, {"erase-reason": "Verzoek van de bewoner", "erase-confirm": "on"})
    assert response.status_code == 302
    assert Erasure.objects.get().reason == "Verzoek van de bewoner"


def test_the_rights_page_shows_a_refusal(client, world, file):
    client.force_login(world.director.user)
    response = client.post(
        reverse("rights:erase", args=[file.household.pk]),
        {"erase-reason": "Verzoek", "erase-confirm": "on"},
    )
    assert response.status_code == 409
    assert not Erasure.objects.exists()
    assert 'class="error-summary"' in response.content.decode()


def test_term_counts_from_the_end_of_the_case(world):
    with time_machine.travel(LONG_AGO, tick=False):
        file = make_file(world, status=Status.PLAN_ACTIVE)
    # Closed 14 years after registration: the term runs from here.
    with time_machine.travel(LONG_AGO + timedelta(days=365 * 14), tick=False):
        case_services.case_close(
            actor=world.director.user,
            case=file.case,
            expected_version=file.case.version,
            reason="goals_reached",
            outcomes={g.pk: "reached" for g in file.case.plan.goals.all()},
            closing_scores={"finances": 4},
        )
    with pytest.raises(ConflictError) as error:
        household_erase(actor=world.director.user, household=file.household, reason="Verzoek")
    assert error.value.code == "retention_term"
