"""Before the second factor, a staff login sees no page and no API data; others are unaffected."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from wijkteam.accounts.tests.conftest import enrol, nl
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.tests.factories import UserFactory


def staff_pages(case) -> list[str]:
    return [
        reverse("home"),
        reverse("cases:caseload"),
        reverse("cases:inbox"),
        reverse("cases:register"),
        reverse("cases:detail", args=[case.pk]),
        reverse("households:detail", args=[case.household_id]),
        reverse("households:search"),
        reverse("admin:index"),
    ]


def with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@pytest.fixture
def case(world):
    return case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )


def test_staff_without_an_app_are_sent_to_set_one_up_from_every_page(
    two_factor, world, client, case
):
    client.force_login(world.director.user)
    for url in staff_pages(case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == with_next("twofactor:enrol", url), url


def test_staff_with_an_app_are_asked_for_a_code_from_every_page(two_factor, world, client, case):
    enrol(world.director.user)
    client.force_login(world.director.user)
    for url in staff_pages(case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == with_next("twofactor:verify", url), url


def test_a_post_is_refused_too_and_changes_nothing(two_factor, world, client, case):
    enrol(world.director.user)
    client.force_login(world.director.user)
    url = reverse("cases:register")
    response = client.post(url, {"question": "Schulden", "source": "resident"})
    assert response.status_code == 302
    assert response["Location"] == with_next("twofactor:verify", url)
    from wijkteam.cases.models import Case

    assert Case.objects.count() == 1


def test_an_htmx_request_is_sent_to_the_code_page_as_a_whole_page(two_factor, world, client, case):
    enrol(world.director.user)
    client.force_login(world.director.user)
    url = reverse("cases:detail", args=[case.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == with_next("twofactor:verify", url)


@pytest.mark.parametrize("enrolled", [False, True], ids=["no-app", "app"])
def test_the_api_on_an_unconfirmed_session_answers_403_in_the_error_shape(
    two_factor, world, client, case, enrolled
):
    if enrolled:
        enrol(world.director.user)
    client.force_login(world.director.user)
    for url in ("/api/cases/caseload/", f"/api/cases/{case.pk}/", "/api/teams/"):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 403, url
        body = response.json()
        assert set(body) == {"code", "detail", "field", "extra"}
        assert body["code"] == "second_factor_required"
        assert body["field"] is None
        assert body["detail"]
        target = "twofactor:verify" if enrolled else "twofactor:enrol"
        assert body["extra"] == {"url": reverse(target)}
        # No client data in the refusal.
        assert str(case.household.reference) not in response.content.decode()


def test_the_pages_needed_to_get_through_stay_open(two_factor, world, client):
    enrol(world.director.user)
    client.force_login(world.director.user)
    for url in (
        reverse("login"),
        reverse("twofactor:verify"),
        reverse("twofactor:status"),
        reverse("api-schema"),
        reverse("api-docs"),
    ):
        assert client.get(url).status_code == 200, url
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/"
    logged_out = client.post(reverse("logout"))
    assert logged_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_confirmed_session_sees_everything(two_factor, world, client, case):
    device = enrol(world.director.user)
    client.force_login(world.director.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    for url in staff_pages(case)[1:-1]:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/cases/caseload/").status_code == 200


def test_every_staff_role_is_asked_not_only_team_members(two_factor, world, client):
    from django.contrib.auth.models import Group

    from wijkteam.access.roles import ROLE_GROUPS, Role

    for role in (Role.BACK_OFFICE, Role.POLICY_ADVISOR, Role.FUNCTIONAL_ADMIN):
        user = UserFactory(username=f"role-{role}")
        user.groups.add(Group.objects.get_or_create(name=ROLE_GROUPS[role])[0])
        client.force_login(user)
        response = client.get(reverse("cases:caseload"))
        assert response.status_code == 302, role
        assert response["Location"].startswith(reverse("twofactor:enrol")), role


def test_a_resident_is_not_asked_for_a_second_factor(two_factor, world, client):
    resident = UserFactory(username="bewoner")
    ResidentAccount.objects.create(user=resident, person=PersonFactory())
    client.force_login(resident)
    response = client.get(reverse("residents:overview"))
    assert response.status_code == 200
    assert client.get(reverse("twofactor:enrol"))["Location"] == reverse("twofactor:status")
    status = client.get(reverse("twofactor:status"))
    assert (
        nl(
            "Your account does not use two-step verification: it is for staff of the teams and the "
            "municipality."
        )
        in status.content.decode()
    )


def test_anonymous_visitors_go_to_the_login_page_not_the_code_page(two_factor, db, client):
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get("/api/cases/caseload/").status_code == 401


def test_with_the_setting_off_staff_pass_with_a_password_alone(settings, world, client, case):
    settings.WIJKTEAM_2FA_REQUIRED = False
    enrol(world.director.user)
    client.force_login(world.director.user)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert client.get("/api/cases/caseload/").status_code == 200
