"""The resident's pages under /mijn/, and what residents get from the staff pages: nothing."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from wijkteam.audit.models import AccessLogEntry
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.plans.models import Goal
from wijkteam.residents.models import ResidentNote
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.sharing.models import SharingGround

PAGES = (
    "residents:overview",
    "residents:zrm",
    "residents:file_looks",
    "residents:consents",
    "residents:goal_propose",
    "residents:note_add",
)


@pytest.fixture
def as_resident(client, residents):
    """The resident, reading the UI in English so assertions do not depend on the catalogue."""
    client.force_login(residents.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def test_every_page_works_for_the_resident_and_no_one_else(client, world, residents):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"], name
    client.force_login(world.director.user)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 404, name
    client.force_login(residents.user)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "style=" not in html(response) and "<script>" not in html(response)


def test_the_start_page_sends_residents_to_their_own_pages(client, world, residents):
    client.force_login(residents.user)
    assert client.get(reverse("home"))["Location"] == reverse("residents:overview")
    client.force_login(world.director.user)
    assert client.get(reverse("home"))["Location"] == reverse("cases:caseload")


def test_my_plan_shows_plan_goals_actions_and_how_to_reach_the_director(
    as_resident, world, residents
):
    world.schalkwijk.phone, world.schalkwijk.email = "023 000 0101", "team@wijkteam.example.org"
    world.schalkwijk.save()
    page = html(as_resident.get(reverse("residents:overview")))
    for text in (
        "Rust in de schulden",
        "Een rustig huis",
        "Met de buurvrouw boodschappen doen",
        "Buurvrouw Els",
        "Step 2: Help from family, neighbours, friends or volunteers",
        "Planned",
        world.director.user.get_full_name(),
        "Social worker at",
        'href="tel:0230000101"',
        'href="mailto:team@wijkteam.example.org"',
        "Plan active",
    ):
        assert text in page, text
    assert "Alleen lukt het niet" not in page  # the team's reasoning for a step is theirs


def test_a_resident_without_a_case_gets_a_friendly_page(client, world):
    account = ResidentAccountFactory(person=PersonFactory(household__team=world.schalkwijk))
    client.force_login(account.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = html(client.get(reverse("residents:overview")))
    assert "You have no plan with the neighbourhood team yet" in page
    assert "Your team is Schalkwijk 1." in page


def test_another_resident_sees_nothing_of_this_household(client, residents):
    client.force_login(residents.other_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    household = residents.case.household
    page = html(client.get(reverse("residents:overview")))
    # The family name: a given name like "Sanne" can also be a team member's, drawn at random.
    assert "Een rustig huis" not in page and residents.person.family_name not in page
    for url in (
        reverse("households:detail", args=[household.pk]),
        reverse("cases:detail", args=[residents.case.pk]),
        reverse("residents:consent_withdraw", args=[residents.consent.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("residents:consent_withdraw", args=[residents.consent.pk]),
        {"expected_version": residents.consent.version},
    )
    assert response.status_code == 404
    assert SharingGround.objects.get(pk=residents.consent.pk).withdrawn_at is None


def test_staff_pages_give_a_resident_nothing(as_resident, residents):
    household = residents.case.household
    for url in (
        reverse("households:detail", args=[household.pk]),
        reverse("cases:detail", args=[residents.case.pk]),
        reverse("plans:revisions", args=[residents.case.pk]),
        reverse("zrm:assessment_create", args=[residents.case.pk]),
    ):
        assert as_resident.get(url).status_code == 404, url
    # The professionals' API refuses a resident before it looks anything up.
    for url in (f"/api/households/{household.pk}/", f"/api/cases/{residents.case.pk}/"):
        assert as_resident.get(url).status_code == 403, url
    for url in (reverse("cases:caseload"), reverse("cases:inbox"), reverse("households:search")):
        response = as_resident.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        page = html(response)
        assert household.reference not in page and residents.case.reference not in page, url
        assert "Rust in de schulden" not in page, url  # nothing of the file
    assert as_resident.get("/api/households/").status_code == 403


def test_the_own_goal_form_keeps_what_was_typed_and_explains(as_resident, residents):
    response = as_resident.post(reverse("residents:goal_propose"), {"description": "Meer rust"})
    assert response.status_code == 400
    page = html(response)
    assert "Choose what part of your life this goal is about." in page
    assert "Meer rust</textarea>" in page
    assert not Goal.objects.filter(proposed_by_resident=True).exists()

    response = as_resident.post(
        reverse("residents:goal_propose"), {"domain": "social_network", "description": "Meer rust"}
    )
    assert response.status_code == 302
    page = html(as_resident.get(reverse("residents:overview")))
    assert "Meer rust" in page and "Your own goal" in page


def test_the_director_sees_the_residents_goal_and_note(client, world, residents):
    client.force_login(residents.user)
    client.post(
        reverse("residents:goal_propose"),
        {"domain": "social_network", "description": "Een keer per week sporten"},
    )
    client.post(reverse("residents:note_add"), {"text": "Bel me liever na drie uur."})
    assert ResidentNote.objects.get().case == residents.case

    client.force_login(world.director.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    case_page = html(client.get(reverse("cases:detail", args=[residents.case.pk])))
    assert "Een keer per week sporten" in case_page and "Proposed by the resident" in case_page
    household_page = html(
        client.get(reverse("households:detail", args=[residents.case.household_id]))
    )
    assert "Note from the resident" in household_page
    assert "Bel me liever na drie uur." in household_page


def test_the_own_forms_do_not_read_the_plan(as_resident, residents):
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for name in ("residents:goal_propose", "residents:note_add"):
        assert as_resident.get(reverse(name)).status_code == 200
    assert not AccessLogEntry.objects.filter(pk__gt=before, event="resident_plan_viewed").exists()


def test_the_note_form_refuses_an_empty_note(as_resident):
    response = as_resident.post(reverse("residents:note_add"), {"text": "   "})
    assert response.status_code == 400
    assert "Write your note." in html(response)
    assert not ResidentNote.objects.exists()


def test_giving_consent_keeps_what_was_typed_when_refused(as_resident, residents):
    data = {
        "party": "back_office",
        "purpose": "other",
        "party_name": "Wmo-loket",
        "consent_scope": "Mijn plan",
    }
    response = as_resident.post(reverse("residents:consent_give"), data)
    assert response.status_code == 400
    page = html(response)
    assert "Describe the purpose in a few words." in page
    assert 'value="Wmo-loket"' in page and "Mijn plan</textarea>" in page

    data["purpose_detail"] = "Advies over een scootmobiel"
    assert as_resident.post(reverse("residents:consent_give"), data).status_code == 302
    page = html(as_resident.get(reverse("residents:consents")))
    assert "Advies over een scootmobiel" in page


def test_withdrawing_consent_asks_first_then_withdraws(as_resident, residents):
    url = reverse("residents:consent_withdraw", args=[residents.consent.pk])
    page = html(as_resident.get(url))
    assert "Yes, withdraw my permission" in page
    response = as_resident.post(url, {"expected_version": residents.consent.version})
    assert response.status_code == 302
    residents.consent.refresh_from_db()
    assert residents.consent.withdrawn_at is not None

    # Again, from a page left open: it was already withdrawn, and the page says so.
    response = as_resident.post(url, {"expected_version": residents.consent.version})
    assert response.status_code == 409
    assert "This permission was withdrawn on" in html(response)
    page = html(as_resident.get(reverse("residents:consents")))
    assert "Permission withdrawn on" in page


def test_withdrawing_consent_is_one_read_in_the_access_log(as_resident, residents):
    url = reverse("residents:consent_withdraw", args=[residents.consent.pk])
    for expected_version, status in ((residents.consent.version + 1, 409), (None, 302)):
        residents.consent.refresh_from_db()
        version = expected_version or residents.consent.version
        before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = as_resident.post(url, {"expected_version": version})
        assert response.status_code == status
        reads = AccessLogEntry.objects.filter(pk__gt=before, event="sharing_ground_viewed")
        assert reads.count() == 1


def test_who_looked_page_lists_the_director_not_the_resident(as_resident, client, world, residents):
    director = world.director.user
    director_client = type(client)()
    director_client.force_login(director)
    director_client.get(reverse("cases:detail", args=[residents.case.pk]))
    as_resident.get(reverse("residents:overview"))

    page = html(as_resident.get(reverse("residents:file_looks")))
    assert director.get_full_name() in page and "Looked at your case" in page
    assert "regisseur" not in page  # a name, never a username
    assert AccessLogEntry.objects.filter(
        event="resident_plan_viewed", actor=residents.user
    ).exists()


@override_settings(WIJKTEAM_OIDC_ENABLED=False)
def test_without_a_broker_there_is_no_digid_login(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Log in with DigiD" not in html(client.get(reverse("login")))
    assert client.get(reverse("residents:oidc_start")).status_code == 404
    assert client.get(reverse("residents:oidc_callback")).status_code == 404
