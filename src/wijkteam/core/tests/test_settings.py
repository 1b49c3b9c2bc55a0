"""Settings: an invalid environment stops start-up with a message naming the variable.

Each case imports the settings module in a fresh interpreter, with a clean environment, the way
a server would at start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC_DIR = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 60


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("WIJKTEAM_", "DJANGO_")) and name != "DATABASE_URL"
    }
    clean.update({"PYTHONPATH": str(SRC_DIR), "WIJKTEAM_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", "import wijkteam.settings"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {"WIJKTEAM_SECRET_KEY": GOOD_KEY, "WIJKTEAM_ALLOWED_HOSTS": "wijkteam.example.org"}


def test_a_complete_production_environment_starts(tmp_path):
    result = start(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_development_starts_without_configuration_and_keeps_its_key_out_of_the_repo(tmp_path):
    result = start(tmp_path, WIJKTEAM_DEBUG="true")
    assert result.returncode == 0, result.stderr
    key = tmp_path / "secret_key"
    assert len(key.read_text().strip()) >= 50
    assert oct(key.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"WIJKTEAM_DEBUG": "maybe"}, "WIJKTEAM_DEBUG"),
        ({"WIJKTEAM_DEBUG": "false", "WIJKTEAM_ALLOWED_HOSTS": "x.nl"}, "WIJKTEAM_SECRET_KEY"),
        ({"WIJKTEAM_SECRET_KEY": "too-short"}, "WIJKTEAM_SECRET_KEY"),
        ({"WIJKTEAM_SECRET_KEY": GOOD_KEY}, "WIJKTEAM_ALLOWED_HOSTS"),
        ({**PRODUCTION, "WIJKTEAM_REOPEN_DAYS": "ninety"}, "WIJKTEAM_REOPEN_DAYS"),
        ({**PRODUCTION, "WIJKTEAM_REOPEN_DAYS": "-1"}, "WIJKTEAM_REOPEN_DAYS"),
        ({**PRODUCTION, "WIJKTEAM_SESSION_MINUTES": "2"}, "WIJKTEAM_SESSION_MINUTES"),
        ({**PRODUCTION, "WIJKTEAM_SSL_REDIRECT": "sometimes"}, "WIJKTEAM_SSL_REDIRECT"),
        ({**PRODUCTION, "DATABASE_URL": "nosuchdb://somewhere/x"}, "DATABASE_URL"),
    ],
    ids=[
        "debug-not-a-boolean",
        "no-secret-key-in-production",
        "secret-key-too-short",
        "no-allowed-hosts-in-production",
        "reopen-days-not-a-number",
        "reopen-days-negative",
        "session-too-short",
        "ssl-redirect-not-a-boolean",
        "database-url-unknown-scheme",
    ],
)
def test_an_invalid_environment_stops_start_up_naming_the_variable(tmp_path, env, variable):
    result = start(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line, result.stderr


def test_the_secret_key_never_appears_in_the_message(tmp_path):
    result = start(tmp_path, WIJKTEAM_SECRET_KEY="s3cr3t-but-short")
    assert result.returncode != 0
    assert "s3cr3t-but-short" not in result.stderr
