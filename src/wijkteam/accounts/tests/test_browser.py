"""Two-step verification in a real browser: set up an app, then log in again with a code."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from django_otp.oath import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts (see core/tests/test_browser_csp.py).
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def nl(text: str) -> str:
    with override("nl"):
        return gettext(text)


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in by hand."""
    compact = secret.replace(" ", "")
    key = b32decode(compact + "=" * (-len(compact) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_set_up_an_app_then_log_in_again_with_a_code(settings, world, page, login, screenshot):
    settings.WIJKTEAM_2FA_REQUIRED = True
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    caseload = re.compile(re.escape(reverse("cases:caseload")) + "$")

    login(world.director.user.username)
    assert page.url.split("?")[0].endswith(reverse("twofactor:enrol"))
    page.get_by_role("heading", level=1, name=nl("Set up two-step verification")).wait_for()
    qr = page.get_by_role("img", name=nl("QR code to scan with your authenticator app"))
    assert qr.is_visible()
    assert qr.bounding_box()["width"] >= 200
    secret = page.locator("code.otp-secret").inner_text()
    screenshot("twofactor-enrol")

    page.get_by_label(nl("Code from your app")).fill(app_code(secret))
    page.get_by_role("button", name=nl("Turn on two-step verification")).click()
    page.wait_for_url(caseload)
    assert page.get_by_role("status").inner_text().strip()

    page.get_by_role("button", name=nl("Log out")).click()
    page.wait_for_load_state()
    login(world.director.user.username)
    assert page.url.split("?")[0].endswith(reverse("twofactor:verify"))
    code_field = page.get_by_label(nl("Code from your app"))
    # The field has the focus, so the code can be typed at once.
    assert code_field.evaluate("element => element === document.activeElement")
    screenshot("twofactor-verify")
    # This period's code was used to set up; an app shows the next one 30 seconds later.
    code_field.fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name=nl("Confirm code")).click()
    page.wait_for_url(caseload)
    page.goto(reverse("twofactor:status"))
    page.get_by_text(
        nl(
            "Two-step verification is on for your account: you log in with your password and a "
            "code from your authenticator app."
        )
    ).wait_for()
    screenshot("twofactor-status")
    assert violations == []
