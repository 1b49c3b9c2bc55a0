"""Confirming a login with a code: right, wrong, expired, and throttled after wrong ones."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import ngettext, override
from django_otp import DEVICE_ID_SESSION_KEY

from wijkteam.accounts.tests.conftest import code_for, enrol, nl, wrong_code_for

PASSWORD = "test-password-123"


def log_in_with_password(client, user) -> str:
    """Through the real login form; answers where it sends the user."""
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD, "next": reverse("cases:inbox")},
    )
    assert response.status_code == 302
    return response["Location"]


def test_password_then_code_then_the_page_asked_for(two_factor, world, client):
    user = world.director.user
    device = enrol(user)
    landing = client.get(log_in_with_password(client, user))
    assert landing.status_code == 302
    verify_url = landing["Location"]
    assert verify_url == f"{reverse('twofactor:verify')}?next=%2Fzaken%2Finbox%2F"
    page = client.get(verify_url)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    session_before = client.session.session_key

    response = client.post(verify_url, {"code": code_for(device), "next": "/zaken/inbox/"})
    assert response.status_code == 302
    assert response["Location"] == "/zaken/inbox/"
    assert client.get("/zaken/inbox/").status_code == 200
    # A new session key for the confirmed login.
    assert client.session.session_key != session_before
    device.refresh_from_db()
    assert device.last_used_at is not None


def test_a_wrong_code_says_so_and_keeps_where_to_go(two_factor, world, client):
    user = world.director.user
    device = enrol(user)
    client.force_login(user)
    response = client.post(
        reverse("twofactor:verify"), {"code": wrong_code_for(device), "next": "/zaken/inbox/"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert nl("This code is not right or has expired. Enter the code your app shows now.") in html
    assert 'name="next" value="/zaken/inbox/"' in html
    assert 'aria-invalid="true"' in html
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_expired_code_is_refused(two_factor, world, client):
    user = world.director.user
    device = enrol(user)
    client.force_login(user)
    # Three periods back: older than the one period of clock drift allowed.
    response = client.post(reverse("twofactor:verify"), {"code": code_for(device, steps_ahead=-3)})
    assert response.status_code == 400
    assert (
        nl("This code is not right or has expired. Enter the code your app shows now.")
        in response.content.decode()
    )


def test_a_code_works_once(two_factor, world, client):
    user = world.director.user
    device = enrol(user)
    code = code_for(device)
    client.force_login(user)
    assert client.post(reverse("twofactor:verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))
    client.force_login(user)
    again = client.post(reverse("twofactor:verify"), {"code": code})
    assert again.status_code == 400


def test_an_outside_next_is_not_followed(two_factor, world, client):
    user = world.director.user
    device = enrol(user)
    client.force_login(user)
    response = client.post(
        reverse("twofactor:verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_throttling_is_on_by_default():
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1


def test_after_a_wrong_code_the_next_waits_and_says_how_long(two_factor, world, client):
    two_factor.OTP_TOTP_THROTTLE_FACTOR = 300  # five minutes after the first wrong code
    user = world.director.user
    device = enrol(user)
    client.force_login(user)
    client.post(reverse("twofactor:verify"), {"code": wrong_code_for(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    # Even the right code is refused while the device waits, and the page says why.
    response = client.post(reverse("twofactor:verify"), {"code": code_for(device)})
    assert response.status_code == 429
    with override("nl"):
        message = ngettext(
            "Too many wrong codes in a row. Wait %(count)d minute, then enter the code your app "
            "shows at that moment. Ask your functional administrator if this keeps happening.",
            "Too many wrong codes in a row. Wait %(count)d minutes, then enter the code your app "
            "shows at that moment. Ask your functional administrator if this keeps happening.",
            5,
        ) % {"count": 5}
    assert message in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session

    # Once the wait is over, the right code gets in and the count starts again.
    device.refresh_from_db()
    device.throttling_failure_timestamp -= timedelta(seconds=301)
    device.save()
    response = client.post(reverse("twofactor:verify"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_each_wrong_code_doubles_the_wait(two_factor, world, client):
    user = world.director.user
    device = enrol(user)
    client.force_login(user)
    for failures in range(1, 4):
        device.refresh_from_db()
        if device.throttling_failure_timestamp is not None:
            # Let the previous wait pass, as a patient guesser would.
            device.throttling_failure_timestamp -= timedelta(hours=1)
            device.save()
        client.post(reverse("twofactor:verify"), {"code": wrong_code_for(device)})
        device.refresh_from_db()
        assert device.throttling_failure_count == failures
        allowed, details = device.verify_is_allowed()
        assert not allowed
        wait = details["locked_until"] - device.throttling_failure_timestamp
        assert wait == timedelta(seconds=2 ** (failures - 1))
