"""Setting up an authenticator app: QR code and key, confirmed with a real code, only then on."""

from __future__ import annotations

import re
from base64 import b32decode
from urllib.parse import parse_qs, unquote, urlparse

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.tests.conftest import code_for, enrol, nl, wrong_code_for


def test_enrolment_end_to_end_with_a_code_from_the_device_key(two_factor, world, client):
    user = world.director.user
    client.force_login(user)
    wanted = reverse("cases:caseload")
    response = client.get(wanted, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('twofactor:enrol')}?next=%2Fzaken%2F"
    html = response.content.decode()

    # Not yet on: the device waits for a code.
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # The key as text, for typing into an app, is the device's key.
    typed = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert b32decode(typed.replace(" ", "") + "=" * (-len(typed.replace(" ", "")) % 8)) == (
        device.bin_key
    )
    # The QR code is inline SVG, made on the server, with nothing the CSP would block.
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.DOTALL).group(0)
    assert 'role="img"' in svg
    assert "style" not in svg.lower()
    assert "<script" not in svg.lower()
    # The steps come first: the code field does not take the focus (and scroll) on arrival.
    assert "autofocus" not in html
    # Reloading shows the same key: a half-scanned app still works.
    assert typed in client.get(reverse("twofactor:enrol")).content.decode()

    response = client.post(reverse("twofactor:enrol"), {"code": code_for(device), "next": wanted})
    assert response.status_code == 302
    assert response["Location"] == wanted
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    page = client.get(wanted)
    assert page.status_code == 200
    assert (
        nl(
            "Two-step verification is on. From now on you log in with your password and a code "
            "from your app."
        )
        in page.content.decode()
    )
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_qr_code_carries_the_key_the_issuer_and_the_username(two_factor, world, client):
    client.force_login(world.director.user)
    client.get(reverse("twofactor:enrol"))
    device = TOTPDevice.objects.get(user=world.director.user)
    url = urlparse(device.config_url)
    assert url.scheme == "otpauth"
    assert unquote(url.path) == f"/Wijkteam:{world.director.user.username}"
    params = parse_qs(url.query)
    assert params["issuer"] == ["Wijkteam"]
    assert params["digits"] == ["6"]
    assert params["period"] == ["30"]


def test_a_wrong_code_leaves_the_app_unconfirmed_and_says_so(two_factor, world, client):
    client.force_login(world.director.user)
    client.get(reverse("twofactor:enrol"))
    device = TOTPDevice.objects.get(user=world.director.user)
    response = client.post(
        reverse("twofactor:enrol"), {"code": wrong_code_for(device), "next": "/zaken/"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert nl("This code is not right or has expired. Enter the code your app shows now.") in html
    # The same key again, and where to go afterwards is kept.
    assert 'name="next" value="/zaken/"' in html
    device.refresh_from_db()
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("cases:caseload")).status_code == 302


def test_letters_or_too_few_digits_are_refused_without_counting_as_a_failure(
    two_factor, world, client
):
    client.force_login(world.director.user)
    client.get(reverse("twofactor:enrol"))
    for typed in ("12345", "abcdef", "1234567"):
        response = client.post(reverse("twofactor:enrol"), {"code": typed})
        assert response.status_code == 400
        assert (
            nl("A code has 6 digits. Enter the code your authenticator app shows now.")
            in response.content.decode()
        )
    assert TOTPDevice.objects.get(user=world.director.user).throttling_failure_count == 0
    empty = client.post(reverse("twofactor:enrol"), {"code": ""})
    assert nl("Enter the code from your authenticator app.") in empty.content.decode()


def test_a_code_with_a_space_as_apps_show_it_is_accepted(two_factor, world, client):
    client.force_login(world.director.user)
    client.get(reverse("twofactor:enrol"))
    device = TOTPDevice.objects.get(user=world.director.user)
    code = code_for(device)
    response = client.post(reverse("twofactor:enrol"), {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_someone_with_an_app_cannot_link_a_second_one(two_factor, world, client):
    device = enrol(world.director.user)
    client.force_login(world.director.user)
    response = client.get(reverse("twofactor:enrol"))
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:verify")
    # Not even by posting a code straight to the set-up page.
    client.post(reverse("twofactor:enrol"), {"code": code_for(device)})
    assert list(TOTPDevice.objects.filter(user=world.director.user)) == [device]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_status_page_says_it_is_on(two_factor, world, client):
    user = world.director.user
    client.force_login(user)
    client.get(reverse("twofactor:enrol"))
    device = TOTPDevice.objects.get(user=user)
    before = client.get(reverse("twofactor:status")).content.decode()
    assert nl("Two-step verification is not set up for your account yet.") in before
    client.post(reverse("twofactor:enrol"), {"code": code_for(device)})
    response = client.get(reverse("twofactor:status"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        nl(
            "Two-step verification is on for your account: you log in with your password and a "
            "code from your authenticator app."
        )
        in html
    )
    assert (
        nl(
            "Ask your functional administrator to reset your two-step verification. You then "
            "set up your app again after logging in."
        )
        in html
    )
