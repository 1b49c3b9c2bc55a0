"""A transfer sends data out: refused without a ground, with an explanation, in the UI and the
API; allowed once a ground is recorded; or by the team coordinator's reasoned override."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from rest_framework.test import APIClient

from wijkteam.audit.models import AccessLogEntry
from wijkteam.cases import services as case_services
from wijkteam.cases.lifecycle import Status, TransferReason
from wijkteam.cases.models import Case
from wijkteam.core.errors import ConflictError
from wijkteam.sharing.models import Party, Purpose, SharingGround, SharingOverride
from wijkteam.sharing.services import SharingRefused
from wijkteam.sharing.tests.factories import SharingGroundFactory

YESTERDAY = date.today() - timedelta(days=1)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def web_as(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _status(case: Case) -> str:
    return Case.objects.get(pk=case.pk).status


def test_the_service_refuses_a_transfer_without_a_ground_and_leaves_the_case(world, case):
    for reason, to_team, party, purpose in [
        (TransferReason.SPECIALIST, None, Party.SPECIALIST_CARE, Purpose.REFERRAL),
        (TransferReason.OTHER_TEAM, world.oost, Party.OTHER_TEAM, Purpose.DIRECTION_TRANSFER),
    ]:
        with pytest.raises(SharingRefused) as error:
            case_services.case_transfer(
                actor=world.director.user,
                case=case,
                expected_version=case.version,
                reason=reason,
                to_team=to_team,
            )
        assert (error.value.extra["party"], error.value.extra["purpose"]) == (party, purpose)
    case.refresh_from_db()
    assert case.status == Status.INTAKE
    assert case.household.team == world.schalkwijk
    # A ground for specialist care does not cover handing the household to another team.
    SharingGroundFactory(household=case.household)
    with pytest.raises(SharingRefused):
        case_services.case_transfer(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=TransferReason.OTHER_TEAM,
            to_team=world.oost,
        )
    moved = case_services.case_transfer(
        actor=world.director.user,
        case=case,
        expected_version=case.version,
        reason=TransferReason.SPECIALIST,
    )
    assert moved.status == Status.TRANSFERRED


def test_an_illegal_transfer_is_refused_as_such_not_for_sharing(world, case):
    case_services.case_stop(
        actor=world.director.user, case=case, expected_version=case.version, reason="declined"
    )
    case.refresh_from_db()
    with pytest.raises(ConflictError) as error:
        case_services.case_transfer(
            actor=world.director.user,
            case=case,
            expected_version=case.version,
            reason=TransferReason.SPECIALIST,
        )
    assert error.value.code == "illegal_transition"


def test_the_web_form_explains_the_refusal_keeps_what_was_typed_then_transfers(client, world, case):
    director = web_as(client, world.director.user)
    url = reverse("cases:transfer", args=[case.pk])
    data = {
        "transfer-reason": "specialist",
        "transfer-note": "Naar de GGZ voor traumabehandeling",
        "transfer-expected_version": case.version,
    }
    refused = director.post(url, data)

    assert refused.status_code == 409
    html = refused.content.decode()
    with translation.override("en"):
        assert escape("There is no ground to share this household's data with") in html
        assert "ask the team coordinator" in html
        assert reverse("households:detail", args=[case.household_id]) + "#sharing-title" in html
    assert "Naar de GGZ voor traumabehandeling" in html
    assert 'name="transfer-override_reason"' not in html  # not the coordinator
    assert _status(case) == Status.INTAKE

    # Record the consent on the household page, then send the same form again.
    recorded = director.post(
        reverse("sharing:ground_record", args=[case.household_id]),
        {
            "ground-party": "specialist_care",
            "ground-purpose": "referral",
            "ground-basis": "consent",
            "ground-consent_given_on": YESTERDAY.isoformat(),
            "ground-consent_scope": "Plan en ZRM",
        },
    )
    assert recorded.status_code == 302
    assert director.post(url, data).status_code == 302
    assert _status(case) == Status.TRANSFERRED
    assert not SharingOverride.objects.exists()


def test_the_coordinator_transfers_with_a_reasoned_override_through_the_web(
    client, world, case, coordinator
):
    web = web_as(client, coordinator.user)
    page = web.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'name="transfer-override_reason"' in page
    url = reverse("cases:transfer", args=[case.pk])
    data = {
        "transfer-reason": "specialist",
        "transfer-note": "",
        "transfer-expected_version": case.version,
        "transfer-override_reason": "",
    }
    assert web.post(url, data).status_code == 409  # without a reason: refused

    data["transfer-override_reason"] = "Crisis; mevrouw is niet bereikbaar voor toestemming"
    assert web.post(url, data).status_code == 302

    assert _status(case) == Status.TRANSFERRED
    override = SharingOverride.objects.get()
    assert (override.by, override.action, override.party, override.purpose) == (
        coordinator.user,
        "case_transfer",
        Party.SPECIALIST_CARE,
        Purpose.REFERRAL,
    )
    assert AccessLogEntry.objects.filter(
        event="sharing_override",
        object_id=override.pk,
        household_id=case.household_id,
        actor_id=coordinator.user.pk,
    ).exists()


def test_the_director_cannot_slip_an_override_into_the_form(client, world, case):
    director = web_as(client, world.director.user)
    data = {
        "transfer-reason": "specialist",
        "transfer-expected_version": case.version,
        "transfer-override_reason": "Ik vind het nodig",
    }
    assert director.post(reverse("cases:transfer", args=[case.pk]), data).status_code == 409
    assert not SharingOverride.objects.exists()
    assert _status(case) == Status.INTAKE


def test_the_api_refuses_with_a_structured_409_then_transfers_after_a_ground(world, case):
    client = api_as(world.director.user)
    body = {"reason": "other_team", "to_team": world.oost.pk, "version": case.version}
    response = client.post(f"/api/cases/{case.pk}/transfer/", body, format="json")

    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "sharing_refused"
    assert error["field"] is None
    assert error["extra"] == {
        "party": "other_team",
        "purpose": "direction_transfer",
        "can_override": False,
    }
    assert "There is no ground to share" in error["detail"]
    assert _status(case) == Status.INTAKE

    recorded = client.post(
        f"/api/households/{case.household_id}/sharing-grounds/",
        {
            "party": "other_team",
            "purpose": "direction_transfer",
            "basis": "legal_task",
            "legal_task": "wmo_2_3_2",
        },
        format="json",
    )
    assert recorded.status_code == 201, recorded.json()
    response = client.post(f"/api/cases/{case.pk}/transfer/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "transferred"


def test_the_api_override_is_for_the_coordinator_only(world, case, coordinator):
    body = {"reason": "specialist", "version": case.version, "override_reason": "Spoed"}
    refused = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/transfer/", body, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["field"] == "override_reason"
    assert refused.json()["extra"]["can_override"] is False

    done = api_as(coordinator.user).post(f"/api/cases/{case.pk}/transfer/", body, format="json")
    assert done.status_code == 200, done.json()
    assert SharingOverride.objects.get().reason == "Spoed"
    assert not SharingGround.objects.exists()
