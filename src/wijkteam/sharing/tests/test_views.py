"""The section "Sharing data" on the household page, and its forms."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from wijkteam.audit.models import AccessLogEntry
from wijkteam.sharing.models import Basis, LegalTask, Party, Purpose, SharingGround, SharingOverride
from wijkteam.sharing.tests.factories import SharingGroundFactory

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
def director(client, world):
    client.force_login(world.director.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _household_page(client, case) -> str:
    response = client.get(reverse("households:detail", args=[case.household_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_household_page_lists_grounds_and_overrides(director, world, case):
    SharingGroundFactory(household=case.household, party_name="GGZ Kennemerland")
    SharingGroundFactory(
        household=case.household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        basis=Basis.LEGAL_TASK,
        consent_given_on=None,
        consent_scope="",
        legal_task=LegalTask.OTHER,
        legal_task_other="Wmo 2015 art. 5.2.1",
        withdrawn_at="2026-01-05T10:00:00Z",
        withdrawal_reason="Niet meer nodig",
    )
    SharingOverride.objects.create(
        household=case.household,
        party=Party.CASE_CONFERENCE,
        purpose=Purpose.CASE_CONFERENCE,
        action="case_conference",
        reason="Acuut veiligheidsrisico",
        by=world.director.user,
    )
    html = _household_page(director, case)
    with translation.override("en"):
        assert str(translation.gettext("Sharing data")) in html
        assert escape(str(Party.SPECIALIST_CARE.label)) in html
        assert "Withdrawn on 5 Jan 2026" in html
        assert str(translation.gettext("Shared without a ground")) in html
    assert "GGZ Kennemerland" in html and "Het plan en de ZRM" in html
    assert "Wmo 2015 art. 5.2.1" in html and "Niet meer nodig" in html
    assert "Acuut veiligheidsrisico" in html
    assert html.count('name="withdraw-') == 2  # only the active ground: reason and version
    assert 'name="ground-party"' in html


def test_recording_a_ground_from_the_household_page(director, world, case):
    person = case.household.members.get()
    response = director.post(
        reverse("sharing:ground_record", args=[case.household_id]),
        {
            "ground-party": "back_office",
            "ground-party_name": "Wmo-loket",
            "ground-purpose": "provision_advice",
            "ground-basis": "consent",
            "ground-consent_given_on": YESTERDAY.isoformat(),
            "ground-consent_scope": "Het ondersteuningsplan",
            "ground-consent_by": person.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("households:detail", args=[case.household_id]) + "#sharing-title"
    )
    ground = SharingGround.objects.get()
    assert (ground.party, ground.purpose, ground.consent_by) == (
        "back_office",
        "provision_advice",
        person,
    )
    assert (ground.recorded_by, ground.party_name) == (world.director.user, "Wmo-loket")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ground-consent_scope": ""}, "Describe what may be shared."),
        ({"ground-basis": "legal_task"}, "Choose one of the options."),
        ({"ground-party": ""}, "This field is required."),
    ],
)
def test_a_refused_ground_keeps_everything_typed(director, case, changes, message):
    data = {
        "ground-party": "specialist_care",
        "ground-party_name": "Jeugdzorg Noord",
        "ground-purpose": "other",
        "ground-purpose_detail": "Gezamenlijke aanpak",
        "ground-basis": "consent",
        "ground-consent_given_on": YESTERDAY.isoformat(),
        "ground-consent_scope": "Alleen het plan",
        "ground-legal_task_other": "Eigen tekst",
        **changes,
    }
    response = director.post(reverse("sharing:ground_record", args=[case.household_id]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    for name, value in data.items():
        if value and name not in {"ground-party", "ground-basis"}:
            assert escape(value) in html, name
    assert not SharingGround.objects.exists()


def test_withdrawing_a_ground_with_a_reason(director, world, case):
    ground = SharingGroundFactory(household=case.household)
    url = reverse("sharing:ground_withdraw", args=[ground.pk])
    prefix = f"withdraw-{ground.pk}"
    refused = director.post(url, {f"{prefix}-reason": "", f"{prefix}-expected_version": 1})
    assert refused.status_code == 400
    assert "Say why the ground is withdrawn." in refused.content.decode()

    done = director.post(
        url, {f"{prefix}-reason": "Toestemming ingetrokken", f"{prefix}-expected_version": 1}
    )
    assert done.status_code == 302
    ground.refresh_from_db()
    assert (ground.withdrawn_by, ground.withdrawal_reason) == (
        world.director.user,
        "Toestemming ingetrokken",
    )


def test_the_withdraw_page_is_one_read_in_the_access_log(director, case):
    ground = SharingGroundFactory(household=case.household)
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert director.get(reverse("sharing:ground_withdraw", args=[ground.pk])).status_code == 200
    entries = list(
        AccessLogEntry.objects.filter(pk__gt=before).values_list("event", "object_id", "result")
    )
    assert entries == [("sharing_ground_viewed", ground.pk, "ok")]


def test_a_stale_withdrawal_is_a_409_that_keeps_the_reason(director, world, case):
    ground = SharingGroundFactory(household=case.household)
    SharingGround.objects.filter(pk=ground.pk).update(version=2)
    prefix = f"withdraw-{ground.pk}"
    response = director.post(
        reverse("sharing:ground_withdraw", args=[ground.pk]),
        {f"{prefix}-reason": "Mijn reden", f"{prefix}-expected_version": 1},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mijn reden" in html
    assert f'name="{prefix}-expected_version" value="2"' in html
    ground.refresh_from_db()
    assert ground.withdrawn_at is None


def test_outsiders_get_404_on_every_sharing_page(client, world, case):
    ground = SharingGroundFactory(household=case.household)
    for user in (world.outsider.user, world.colleague.user):
        client.force_login(user)
        record = reverse("sharing:ground_record", args=[case.household_id])
        withdraw = reverse("sharing:ground_withdraw", args=[ground.pk])
        assert client.get(record).status_code == 404
        assert client.post(record, {"ground-party": "back_office"}).status_code == 404
        assert client.get(withdraw).status_code == 404
        prefix = f"withdraw-{ground.pk}"
        data = {f"{prefix}-reason": "x", f"{prefix}-expected_version": 1}
        assert client.post(withdraw, data).status_code == 404
    ground.refresh_from_db()
    assert ground.withdrawn_at is None
    assert SharingGround.objects.count() == 1


def test_a_resident_uses_their_own_view_not_these_pages(client, case, resident):
    ground = SharingGroundFactory(household=case.household)
    client.force_login(resident)
    assert client.get(reverse("sharing:ground_record", args=[case.household_id])).status_code == 404
    assert client.get(reverse("sharing:ground_withdraw", args=[ground.pk])).status_code == 404
