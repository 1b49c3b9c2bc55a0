"""The DigiD broker's settings: off without a client id; with one, complete or a loud stop."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from wijkteam.core.tests.test_settings import PRODUCTION, SRC_DIR, start

BROKER = {
    "WIJKTEAM_OIDC_CLIENT_ID": "wijkteam",
    "WIJKTEAM_OIDC_CLIENT_SECRET": "broker-client-secret-value",
    "WIJKTEAM_OIDC_AUTHORIZATION_ENDPOINT": "https://broker.example.org/authorize",
    "WIJKTEAM_OIDC_TOKEN_ENDPOINT": "https://broker.example.org/token",
    "WIJKTEAM_OIDC_JWKS_ENDPOINT": "https://broker.example.org/jwks",
}


def backends(tmp_path, **env: str) -> str:
    """The authentication backends the settings end up with, one per line, in a fresh
    interpreter with only ``env`` set (as ``start`` does)."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("WIJKTEAM_", "DJANGO_")) and name != "DATABASE_URL"
    }
    clean.update({"PYTHONPATH": str(SRC_DIR), "WIJKTEAM_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import wijkteam.settings as s; print(*s.AUTHENTICATION_BACKENDS, sep='\\n')",
        ],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_without_a_broker_there_is_no_oidc_backend(tmp_path):
    assert "ResidentOIDCBackend" not in backends(tmp_path, **PRODUCTION)


def test_a_complete_broker_adds_the_oidc_backend(tmp_path):
    assert "wijkteam.residents.auth.ResidentOIDCBackend" in backends(
        tmp_path, **PRODUCTION, **BROKER
    )


@pytest.mark.parametrize(
    ("missing_or_wrong", "variable"),
    [
        ({"WIJKTEAM_OIDC_CLIENT_SECRET": ""}, "WIJKTEAM_OIDC_CLIENT_SECRET"),
        ({"WIJKTEAM_OIDC_TOKEN_ENDPOINT": ""}, "WIJKTEAM_OIDC_TOKEN_ENDPOINT"),
        ({"WIJKTEAM_OIDC_JWKS_ENDPOINT": ""}, "WIJKTEAM_OIDC_JWKS_ENDPOINT"),
        (
            {"WIJKTEAM_OIDC_AUTHORIZATION_ENDPOINT": "http://broker.example.org/authorize"},
            "WIJKTEAM_OIDC_AUTHORIZATION_ENDPOINT",
        ),
    ],
    ids=["no-secret", "no-token-endpoint", "no-jwks-for-rs256", "plain-http-in-production"],
)
def test_an_incomplete_broker_stops_start_up_naming_the_variable(
    tmp_path, missing_or_wrong, variable
):
    result = start(tmp_path, **PRODUCTION, **{**BROKER, **missing_or_wrong})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1], result.stderr
    assert BROKER["WIJKTEAM_OIDC_CLIENT_SECRET"] not in result.stderr
