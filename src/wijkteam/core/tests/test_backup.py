"""``manage.py backup`` and ``manage.py restore`` against the database of the current run.

Each test runs on SQLite in the SQLite run and on PostgreSQL (pg_dump, pg_restore, psql) in the
PostgreSQL run: the commands work on whatever connection is active, here the test database.
The tests commit for real (``transaction=True``), as a backup only sees committed data.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from wijkteam.audit.models import AccessLogEntry
from wijkteam.households.models import Household, Person
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _backup(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("backup", str(path), *args, stdout=out)
    return out.getvalue()


def _restore(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.fixture
def family():
    household = HouseholdFactory(postcode="2035AB", house_number=12)
    PersonFactory(household=household, given_name="Anna", family_name="Jansen")
    PersonFactory(household=household, given_name="Bram", family_name="Jansen")
    return household


def test_a_restore_brings_back_the_data_as_it_was_at_the_backup(family, tmp_path, english):
    path = tmp_path / "wijkteam.backup"
    log_entries = AccessLogEntry.objects.count()

    output = _backup(path)

    engine = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    assert f"Backup of the {engine} database written to {path}" in output
    assert path.stat().st_size > 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # personal data: its owner only
    assert not path.with_name(path.name + ".partial").exists()

    # After the backup: a change, a deletion, a new household and a table of a later migration.
    Household.objects.filter(pk=family.pk).update(house_number=99)
    Person.objects.get(given_name="Bram").delete()
    later = HouseholdFactory(postcode="2036CD")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE backup_test_later (id integer PRIMARY KEY)")
    assert "backup_test_later" in _tables()

    output = _restore(path, "--yes")

    assert f"Restored the {engine} database" in output
    assert "All migrations are applied." in output
    assert "  households.Household: 1\n" in output
    assert "  households.Person: 2\n" in output
    assert Household.objects.get().house_number == 12
    assert sorted(Person.objects.values_list("given_name", flat=True)) == ["Anna", "Bram"]
    assert not Household.objects.filter(pk=later.pk).exists()
    assert "backup_test_later" not in _tables()
    assert AccessLogEntry.objects.count() == log_entries
    # The restored database takes new writes, its sequences continue after the restored rows.
    assert HouseholdFactory().pk > family.pk


def test_restore_asks_first_and_changes_nothing_without_yes(family, tmp_path, english):
    path = tmp_path / "wijkteam.backup"
    _backup(path)
    Household.objects.filter(pk=family.pk).update(house_number=99)

    # Under pytest standard input is no terminal: the command cannot ask, so it refuses.
    with pytest.raises(CommandError, match="Add --yes to confirm"):
        _restore(path)

    assert Household.objects.get().house_number == 99


def test_restore_refuses_a_backup_of_the_other_engine(family, tmp_path, english):
    path = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)  # a pg_dump custom-format header
        message = "is a PostgreSQL backup, but the configured database is SQLite"
    else:
        assert connection.vendor == "postgresql"
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE django_migrations (id integer)")
        other.close()
        message = "is a SQLite backup, but the configured database is PostgreSQL"

    with pytest.raises(CommandError, match=message):
        _restore(path, "--yes")

    assert Person.objects.count() == 2


def test_restore_refuses_a_file_that_is_no_backup(family, tmp_path, english):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup\n")

    with pytest.raises(CommandError, match="is not a backup of this application"):
        _restore(path, "--yes")

    assert Person.objects.count() == 2


def test_backup_keeps_an_existing_file_unless_forced(family, tmp_path, english):
    path = tmp_path / "wijkteam.backup"
    path.write_text("an older backup\n")

    with pytest.raises(CommandError, match="already exists"):
        _backup(path)
    assert path.read_text() == "an older backup\n"

    _backup(path, "--force")
    assert path.read_bytes()[:5] in (b"SQLit", b"PGDMP")


def test_postgresql_tools_missing_or_too_old_are_named(family, tmp_path, monkeypatch, english):
    """PostgreSQL needs pg_dump of the server's major version or newer on PATH; SQLite needs no
    tool at all, so there the same PATH makes a backup as usual."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    path = tmp_path / "wijkteam.backup"
    if connection.vendor == "sqlite":
        _backup(path)
        assert path.exists()
        return
    assert connection.vendor == "postgresql"

    with pytest.raises(CommandError, match="pg_dump was not found"):
        _backup(path)

    old = bin_dir / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    with pytest.raises(CommandError, match=r"pg_dump is version 9 but the server runs PostgreSQL"):
        _backup(path)
    assert not path.exists()
    assert not any(name.startswith("wijkteam.backup") for name in os.listdir(tmp_path))


def test_restore_check_reports_migrations_and_counts_without_restoring(family, english):
    out = StringIO()
    call_command("restore", "--check", stdout=out)

    assert "All migrations are applied." in out.getvalue()
    assert "  households.Person: 2\n" in out.getvalue()


def test_a_damaged_backup_leaves_the_database_as_it_was(family, tmp_path, english):
    path = tmp_path / "wijkteam.backup"
    _backup(path)
    content = path.read_bytes()
    # Cut off, as by a full disk: on PostgreSQL its table of contents still reads, the data not.
    path.write_bytes(content[: len(content) * 9 // 10])
    Household.objects.filter(pk=family.pk).update(house_number=99)

    with pytest.raises(CommandError, match="left as it was"):
        _restore(path, "--yes")

    assert Household.objects.get().house_number == 99
    assert Person.objects.count() == 2
