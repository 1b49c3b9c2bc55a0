"""``manage.py generate_data`` as a command, and the generator's determinism: each test starts
from an empty database (``test_generate_data.py`` shares one generated world instead)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings

from wijkteam.cases.models import Case, Contact
from wijkteam.core.generator import Options, data_generate
from wijkteam.households.models import Household, Person
from wijkteam.zrm.models import Assessment

TINY = Options(households=150, teams=1, years=1, seed=7, until=date(2026, 6, 1))


class _Rollback(Exception):
    pass


def _fingerprint() -> str:
    """A digest of what was generated, in id order: equal digests, equal data."""
    digest = hashlib.sha256()
    for row in Case.objects.order_by("pk").values_list(
        "pk", "household_id", "status", "domains", "question", "registered_at", "director_id"
    ):
        digest.update(repr(row).encode())
    for row in Contact.objects.order_by("pk").values_list("case_id", "date", "kind", "note"):
        digest.update(repr(row).encode())
    for row in Person.objects.order_by("pk").values_list("given_name", "family_name", "bsn"):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _generated_fingerprint(options: Options) -> str:
    with pytest.raises(_Rollback), transaction.atomic():
        data_generate(options)
        fingerprint = _fingerprint()
        raise _Rollback
    return fingerprint


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    first = _generated_fingerprint(TINY)
    other = _generated_fingerprint(replace(TINY, seed=8))
    data_generate(TINY)
    assert _fingerprint() == first != other


@override_settings(DEBUG=False)
def test_the_command_refuses_without_debug(db, english):
    with pytest.raises(CommandError, match="WIJKTEAM_DEBUG"):
        call_command("generate_data", "--households", "10")
    assert not Household.objects.exists()


@override_settings(DEBUG=True)
def test_the_command_generates_and_reports(db, capsys, english):
    call_command("generate_data", "--households", "120", "--years", "1", "--until", "2026-06-01")
    out = capsys.readouterr().out
    assert "Generated 120 households in 1 teams" in out
    assert Household.objects.count() == 120
    assert Assessment.objects.exists()
    with pytest.raises(CommandError, match="already holds generated data"):
        call_command("generate_data", "--households", "10")


@override_settings(DEBUG=True)
def test_the_command_refuses_nonsense(db, english):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_data", "--households", "0")
    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("generate_data", "--households", "10", "--jobs", "2")
    assert not Household.objects.exists()
