"""Hardening: login throttling, security headers, the Content Security Policy, check --deploy."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import override
from rest_framework.test import APIClient

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.lockout import lockout_message

PROJECT_DIR = Path(__file__).resolve().parents[4]
PASSWORD = "test-password-123"

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def csp_directives(header: str) -> dict[str, str]:
    """The policy as {directive: sources}; django-csp does not keep the directives' order."""
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """DRF's request throttle counts in the process-wide cache; these tests post to the token
    endpoint often enough to trip it for tests that run after them."""
    cache.clear()
    yield
    cache.clear()


def dutch_lockout_message() -> str:
    with override("nl"):
        return lockout_message()


def test_throttling_defaults_are_five_attempts_and_fifteen_minutes():
    assert settings.AXES_ENABLED
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def login_post(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_login_form_even_for_the_right_one(world, client):
    username = world.director.user.username
    for _attempt in range(4):
        response = login_post(client, username, "wrong-password-000")
        assert response.status_code == 200  # the form again, with its error
    # The fifth failure locks at once, and says so.
    assert login_post(client, username, "wrong-password-000").status_code == 429
    response = login_post(client, username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    message = dutch_lockout_message()
    assert "15" in message
    assert message in html
    assert 'lang="nl"' in html
    # The page does not say which username was being tried.
    assert username not in html


def test_four_wrong_passwords_still_let_the_right_one_in(world, client):
    username = world.director.user.username
    for _attempt in range(4):
        login_post(client, username, "wrong-password-000")
    response = login_post(client, username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.director.user.pk)


def test_lockout_is_per_username_and_address(world, client):
    username = world.director.user.username
    for _attempt in range(5):
        login_post(client, username, "wrong-password-000")
    # Another address may still log in as this user; a colleague at this address too.
    other_address = login_post(client, username, PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 302
    colleague = login_post(client, world.colleague.user.username, PASSWORD)
    assert colleague.status_code == 302


def test_behind_a_proxy_a_made_up_forwarded_address_does_not_dodge_the_lockout(
    world, client, settings
):
    settings.WIJKTEAM_PROXY_COUNT = 1
    username = world.director.user.username
    for attempt in range(5):
        # The client writes an address of its own; the proxy appends the real one.
        forwarded = f"198.51.100.{attempt}, 203.0.113.9"
        login_post(client, username, "wrong-password-000", HTTP_X_FORWARDED_FOR=forwarded)
    response = login_post(
        client, username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.9"
    )
    assert response.status_code == 429
    # Someone else behind the same proxy, at another address, is not locked out.
    other = login_post(client, username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 302


def test_five_wrong_passwords_lock_the_api_token_endpoint(world):
    client = APIClient()
    username = world.director.user.username
    url = reverse("api-token")
    for _attempt in range(4):
        response = client.post(url, {"username": username, "password": "wrong-password-000"})
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
    wrong = client.post(url, {"username": username, "password": "wrong-password-000"})
    assert wrong.status_code == 429
    response = client.post(
        url, {"username": username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out"
    assert body["detail"] == dutch_lockout_message()
    assert "token" not in body


def test_failures_on_the_form_count_for_the_token_endpoint_too(world, client):
    username = world.director.user.username
    for _attempt in range(5):
        login_post(client, username, "wrong-password-000")
    response = APIClient().post(reverse("api-token"), {"username": username, "password": PASSWORD})
    assert response.status_code == 429


def test_the_token_endpoint_still_gives_a_token_with_the_right_password(world):
    response = APIClient().post(
        reverse("api-token"), {"username": world.director.user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["token"]
    assert response["Cache-Control"] == "no-store"


def assert_security_headers(response) -> None:
    assert csp_directives(response["Content-Security-Policy"]) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


def test_an_anonymous_page_has_every_header(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_an_authenticated_page_has_every_header_and_no_store(world, client):
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    client.force_login(world.director.user)
    for url in (
        reverse("cases:caseload"),
        reverse("cases:detail", args=[case.pk]),
        reverse("households:detail", args=[case.household_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert response["Cache-Control"] == "no-store", url


def test_an_api_response_has_every_header_and_no_store(world):
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    client = APIClient()
    token = client.post(
        reverse("api-token"), {"username": world.director.user.username, "password": PASSWORD}
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"


def test_the_api_docs_need_no_inline_code(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert_security_headers(response)
    html = response.content.decode()
    assert "<style" not in html
    assert "<script>" not in html
    # Swagger UI from our own static files, not a CDN.
    assert "cdn.jsdelivr.net" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_templates_have_no_inline_styles_scripts_or_handlers():
    """The CSP would block them; catching them here names the template."""
    import re

    source_dir = PROJECT_DIR / "src" / "wijkteam"
    forbidden = re.compile(
        r"""\sstyle\s*=|<script(?![^>]*\ssrc=)|\son[a-z]+\s*=\s*["']|hx-on|javascript:|<style""",
        re.IGNORECASE,
    )
    files = [*source_dir.glob("*/templates/**/*.html"), *source_dir.glob("*/templatetags/*.py")]
    assert files
    offenders = [
        f"{path.relative_to(source_dir)}: {match.group(0).strip()}"
        for path in files
        for match in forbidden.finditer(path.read_text())
    ]
    assert offenders == []


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("WIJKTEAM_", "DJANGO_")) and name != "DATABASE_URL"
    }
    alphabet = string.ascii_letters + string.digits + string.punctuation
    env.update(
        {
            "PYTHONPATH": str(PROJECT_DIR / "src"),
            "DJANGO_SETTINGS_MODULE": "wijkteam.settings",
            "WIJKTEAM_VAR_DIR": str(tmp_path),
            "WIJKTEAM_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
            "WIJKTEAM_ALLOWED_HOSTS": "wijkteam.example.nl",
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=PROJECT_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
