"""The API token endpoint: staff send the code of their authenticator app with the password."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.accounts.tests.conftest import code_for, enrol, nl, wrong_code_for
from wijkteam.households.tests.factories import PersonFactory
from wijkteam.residents.models import ResidentAccount
from wijkteam.teams.tests.factories import UserFactory

PASSWORD = "test-password-123"


def obtain(client: APIClient, username: str, password: str = PASSWORD, **extra: str):
    return client.post(
        reverse("api-token"),
        {"username": username, "password": password, **extra},
        HTTP_ACCEPT_LANGUAGE="nl",
    )


def test_staff_get_a_token_with_password_and_code(two_factor, world):
    device = enrol(world.director.user)
    client = APIClient()
    response = obtain(client, world.director.user.username, otp=code_for(device))
    assert response.status_code == 200
    token = response.json()["token"]
    assert response["Cache-Control"] == "no-store"
    # The token works on its own, also for data.
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/cases/caseload/").status_code == 200


def test_without_a_code_staff_get_no_token(two_factor, world):
    enrol(world.director.user)
    response = obtain(APIClient(), world.director.user.username)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "otp_required"
    assert body["field"] == "otp"
    assert body["detail"] == nl("Enter the code from your authenticator app.")
    assert "token" not in body


@pytest.mark.parametrize("kind", ["wrong", "malformed"])
def test_with_a_wrong_code_staff_get_no_token(two_factor, world, kind):
    device = enrol(world.director.user)
    otp = wrong_code_for(device) if kind == "wrong" else "12ab56"
    response = obtain(APIClient(), world.director.user.username, otp=otp)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_otp"
    assert body["field"] == "otp"
    assert "token" not in body


def test_staff_without_an_app_are_told_to_set_one_up_in_the_web_ui(two_factor, world):
    response = obtain(APIClient(), world.director.user.username, otp="123456")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "second_factor_not_enrolled"
    assert body["field"] == "otp"
    assert body["detail"] == nl(
        "Two-step verification is not set up for your account yet. Log in to the web "
        "application to set it up with an authenticator app."
    )


def test_wrong_codes_on_the_api_are_throttled_with_the_wait_in_extra(two_factor, world):
    two_factor.OTP_TOTP_THROTTLE_FACTOR = 30
    device = enrol(world.director.user)
    client = APIClient()
    obtain(client, world.director.user.username, otp=wrong_code_for(device))
    response = obtain(client, world.director.user.username, otp=code_for(device))
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "second_factor_throttled"
    assert body["field"] == "otp"
    assert 0 < body["extra"]["retry_after"] <= 30
    assert "token" not in body


def test_a_wrong_password_is_refused_before_any_code_is_looked_at(two_factor, world):
    device = enrol(world.director.user)
    response = obtain(APIClient(), world.director.user.username, "wrong-password-000", otp="1")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_axes_still_locks_out_after_five_wrong_passwords(two_factor, world):
    device = enrol(world.director.user)
    client = APIClient()
    username = world.director.user.username
    for _attempt in range(5):
        obtain(client, username, "wrong-password-000", otp=code_for(device))
    response = obtain(client, username, otp=code_for(device))
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert "token" not in response.json()


def test_residents_and_the_setting_off_need_no_code(settings, world):
    resident = UserFactory(username="bewoner")
    ResidentAccount.objects.create(user=resident, person=PersonFactory())
    settings.WIJKTEAM_2FA_REQUIRED = True
    assert obtain(APIClient(), resident.username).status_code == 200
    settings.WIJKTEAM_2FA_REQUIRED = False
    assert obtain(APIClient(), world.director.user.username).status_code == 200


def test_the_schema_shows_the_code_field(client, db):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/token/"]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert "otp" in component["properties"]
    assert "otp" not in component.get("required", [])
    assert "6-digit" in component["properties"]["otp"]["description"]
    assert "otp_required" in operation["responses"]["400"]["description"]
