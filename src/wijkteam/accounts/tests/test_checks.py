"""`check --deploy` warns when staff could log in with a password alone in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core import checks

from wijkteam.accounts.checks import check_second_factor_required

WARNING_ID = "wijkteam.accounts.W001"


def deploy_warnings() -> list[str]:
    return [message.id for message in checks.run_checks(include_deployment_checks=True)]


def test_production_without_the_second_factor_gets_a_warning(settings):
    settings.DEBUG = False
    settings.WIJKTEAM_2FA_REQUIRED = False
    messages = check_second_factor_required()
    assert [message.id for message in messages] == [WARNING_ID]
    assert messages[0].level == checks.WARNING
    assert WARNING_ID in deploy_warnings()


def test_production_with_it_and_development_without_it_are_fine(settings):
    settings.DEBUG = False
    settings.WIJKTEAM_2FA_REQUIRED = True
    assert check_second_factor_required() == []
    settings.DEBUG = True
    settings.WIJKTEAM_2FA_REQUIRED = False
    assert check_second_factor_required() == []
    assert WARNING_ID not in deploy_warnings()


def test_it_is_a_deploy_check_only(settings):
    settings.DEBUG = False
    settings.WIJKTEAM_2FA_REQUIRED = False
    assert WARNING_ID not in [message.id for message in checks.run_checks()]


def test_an_invalid_value_stops_start_up_naming_the_variable(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("WIJKTEAM_", "DJANGO_")) and name != "DATABASE_URL"
    }
    env.update(
        {
            "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
            "WIJKTEAM_VAR_DIR": str(tmp_path),
            "WIJKTEAM_DEBUG": "true",
            "WIJKTEAM_2FA_REQUIRED": "sometimes",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import wijkteam.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "WIJKTEAM_2FA_REQUIRED" in result.stderr
