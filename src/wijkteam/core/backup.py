"""Back up and restore the whole database, on SQLite and on PostgreSQL (docs/operations.md).

SQLite uses its online backup API: a consistent copy while the application keeps running, and
the same API copies a backup back over the configured database. PostgreSQL uses ``pg_dump`` in
its custom format and restores it with ``pg_restore`` piped into ``psql`` in one transaction,
so a failed restore leaves the database as it was. Tables the backup does not hold (made by
migrations after it was taken) are dropped in that same transaction, so that ``migrate`` can
bring the restored database forward again.

Both work against whatever connection settings are active (the test runner's database too).
The password reaches the PostgreSQL tools through ``PGPASSWORD`` in their environment, never on
a command line, and error output is cut down to its ``ERROR`` lines: PostgreSQL's ``DETAIL``
and ``CONTEXT`` lines may quote the data.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
# The first bytes of each kind of file: SQLite's database header, pg_dump's custom format.
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}

# The tables whose row counts a restore prints, to compare with the live system.
KEY_MODELS = (
    "accounts.User",
    "teams.Team",
    "households.Household",
    "households.Person",
    "cases.Case",
    "plans.Plan",
    "zrm.Assessment",
    "audit.AccessLogEntry",
)


class BackupError(DomainError):
    default_code = "backup_failed"


@dataclass(frozen=True)
class BackupResult:
    engine: str
    path: Path
    size: int
    seconds: float


@dataclass(frozen=True)
class DatabaseCheck:
    unapplied: list[str]  # "app.migration", in the order migrate would apply them
    counts: dict[str, int]  # model label -> rows


def backup_engine(path: Path) -> str | None:
    """Which engine made the backup file at ``path`` (by its first bytes), or None."""
    with path.open("rb") as file:
        head = file.read(16)
    for engine, magic in MAGIC.items():
        if head.startswith(magic):
            return engine
    return None


def database_engine(*, alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ENGINE_NAMES:
        raise BackupError(
            _("Backups are made of SQLite and PostgreSQL databases, not of %(vendor)s.")
            % {"vendor": vendor},
            code="backup_engine_unsupported",
        )
    return vendor


def database_backup(*, path: Path, alias: str = "default", overwrite: bool = False) -> BackupResult:
    """Write a consistent copy of the database to ``path`` (readable by its owner only).

    The copy is written next to ``path`` first and renamed when complete, so ``path`` never
    holds half a backup."""
    engine = database_engine(alias=alias)
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(
            _("%(path)s already exists; choose another file name or overwrite it with --force.")
            % {"path": path},
            code="backup_exists",
        )
    if not path.parent.is_dir():
        raise BackupError(
            _("The directory %(dir)s does not exist.") % {"dir": path.parent},
            code="backup_dir_missing",
        )
    partial = path.with_name(path.name + ".partial")
    # Created empty and private first: the tools write into it and keep its mode.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    started = time.monotonic()
    try:
        if engine == SQLITE:
            _sqlite_backup(alias=alias, target=partial)
        else:
            _postgresql_backup(alias=alias, target=partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return BackupResult(
        engine=engine,
        path=path,
        size=path.stat().st_size,
        seconds=time.monotonic() - started,
    )


def database_restore(*, path: Path, alias: str = "default") -> BackupResult:
    """Replace the whole database with the backup at ``path``.

    Refuses a file that is not a backup, or one of the other engine."""
    engine = database_engine(alias=alias)
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(path)s is not a file.") % {"path": path}, code="backup_missing")
    found = backup_engine(path)
    if found is None:
        raise BackupError(
            _(
                "%(path)s is not a backup of this application: neither a SQLite database "
                "nor a pg_dump file in custom format."
            )
            % {"path": path},
            code="backup_unknown_format",
        )
    if found != engine:
        raise BackupError(
            _(
                "%(path)s is a %(found)s backup, but the configured database is %(engine)s. "
                "Restore it into a %(found)s database (check DATABASE_URL)."
            )
            % {"path": path, "found": ENGINE_NAMES[found], "engine": ENGINE_NAMES[engine]},
            code="backup_wrong_engine",
        )
    started = time.monotonic()
    if engine == SQLITE:
        _sqlite_restore(alias=alias, source=path)
    else:
        _postgresql_restore(alias=alias, source=path)
    # The tables were replaced under this process's connections: start afresh.
    connections[alias].close()
    return BackupResult(
        engine=engine, path=path, size=path.stat().st_size, seconds=time.monotonic() - started
    )


def database_check(*, alias: str = "default") -> DatabaseCheck:
    """What a restored database looks like: migrations still to apply, rows in key tables."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    counts = {}
    tables = set(connection.introspection.table_names())
    for label in KEY_MODELS:
        model = apps.get_model(label)
        # A backup from before a model existed has no table for it yet: that is not zero rows.
        if model._meta.db_table in tables:
            counts[label] = model._default_manager.using(alias).count()
    return DatabaseCheck(unapplied=unapplied, counts=counts)


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_raw(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(
            _("A backup or restore cannot run inside a transaction."), code="backup_in_transaction"
        )
    return connection.connection


def _sqlite_backup(*, alias: str, target: Path) -> None:
    # Through the application's own connection, so an in-memory or test database works too.
    source = _sqlite_raw(alias)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()


def _sqlite_restore(*, alias: str, source: Path) -> None:
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            # The backup API copies pages as they are: check them before they replace ours.
            damaged = backup.execute("PRAGMA quick_check").fetchall() != [("ok",)]
            tables = {
                row[0]
                for row in backup.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError:
            damaged, tables = True, set()
        if damaged:
            raise BackupError(
                _("%(path)s is damaged; the database was left as it was.") % {"path": source},
                code="backup_damaged",
            )
        if "django_migrations" not in tables:
            raise BackupError(
                _("%(path)s is a SQLite database, but not one of this application.")
                % {"path": source},
                code="backup_unknown_format",
            )
        backup.backup(_sqlite_raw(alias))
    finally:
        backup.close()


# PostgreSQL -----------------------------------------------------------------------------------


def _pg_env(alias: str) -> dict[str, str]:
    """libpq's environment for the configured database: host, port, user and database name,
    the password and the SSL options. Nothing of it goes on a command line."""
    connection = connections[alias]
    settings = connection.settings_dict
    _args, env = connection.client.settings_to_cmd_args_env(settings, [])
    env = dict(env or {})
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    # Keep the restore's "does not exist, skipping" notices out of its output.
    env["PGOPTIONS"] = " ".join(
        part
        for part in (settings["OPTIONS"].get("options"), "-c client_min_messages=warning")
        if part
    )
    env["PGAPPNAME"] = "wijkteam-backup"
    return {**os.environ, **env}


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(tool)s was not found. Install the PostgreSQL client tools (Debian: "
                "apt-get install postgresql-client) of the server's version or newer, and "
                "put them on PATH."
            )
            % {"tool": name},
            code="backup_tool_missing",
        )
    return found


def _pg_tool_version(tool: str) -> int:
    output = subprocess.run(  # noqa: S603 (our own argument list, no shell)
        [tool, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\)\s+(\d+)", output)
    if match is None:
        raise BackupError(
            _("Could not read the version of %(tool)s.") % {"tool": tool},
            code="backup_tool_version",
        )
    return int(match.group(1))


def _pg_require_version(*, alias: str, tool: str) -> None:
    """pg_dump reads servers up to its own major version only; say so before it fails."""
    connection = connections[alias]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    client = _pg_tool_version(tool)
    if client < server:
        raise BackupError(
            _(
                "%(tool)s is version %(client)d but the server runs PostgreSQL %(server)d: "
                "install the client tools of version %(server)d or newer and put them first "
                "on PATH."
            )
            % {"tool": Path(tool).name, "client": client, "server": server},
            code="backup_tool_too_old",
        )


def _errors_only(stderr: str) -> str:
    """The ERROR/FATAL lines of a tool's output, without DETAIL or CONTEXT (they quote data)."""
    lines = [
        line.strip()[:300]
        for line in stderr.splitlines()
        if re.search(r"\b(ERROR|FATAL|error|fatal)\b", line)
    ]
    return "\n".join(lines[:5]) or _("(no error message)")


def _postgresql_backup(*, alias: str, target: Path) -> None:
    pg_dump = _pg_tool("pg_dump")
    _pg_require_version(alias=alias, tool=pg_dump)
    result = subprocess.run(  # noqa: S603
        [pg_dump, "--format=custom", "--no-password", f"--file={target}"],
        env=_pg_env(alias),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("pg_dump failed:\n%(errors)s") % {"errors": _errors_only(result.stderr)},
            code="backup_failed",
        )


def _backup_tables(*, pg_restore: str, source: Path) -> set[tuple[str, str]]:
    """(schema, table) of every table in the backup, from its table of contents."""
    listing = subprocess.run(  # noqa: S603
        [pg_restore, "--list", str(source)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(
            _("%(path)s is damaged or unreadable; the database was left as it was:\n%(errors)s")
            % {"path": source, "errors": _errors_only(listing.stderr)},
            code="backup_unreadable",
        )
    tables = set()
    for line in listing.stdout.splitlines():
        # "215; 1259 16390 TABLE public accounts_user postgres"
        match = re.match(r"^\d+;\s+\d+\s+\d+\s+TABLE\s+(\S+)\s+(\S+)\s", line)
        if match:
            tables.add((match.group(1), match.group(2)))
    return tables


def _extra_tables(*, alias: str, keep: set[tuple[str, str]]) -> list[tuple[str, str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname = ANY(current_schemas(false)) ORDER BY 1, 2"
        )
        return [row for row in cursor.fetchall() if tuple(row) not in keep]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _postgresql_restore(*, alias: str, source: Path) -> None:
    pg_restore, psql = _pg_tool("pg_restore"), _pg_tool("psql")
    _pg_require_version(alias=alias, tool=pg_restore)
    extra = _extra_tables(alias=alias, keep=_backup_tables(pg_restore=pg_restore, source=source))
    connections[alias].close()  # hold no session of our own while the tables are replaced
    env = _pg_env(alias)
    # pg_restore writes the restore as SQL; psql runs it, after dropping the tables the backup
    # does not know, in one transaction that stops at the first error. psql commits only when
    # its input ends: if pg_restore fails (a damaged file), psql is stopped before that, and
    # the transaction is rolled back with its connection.
    drops = "".join(
        f"DROP TABLE IF EXISTS {_quote(schema)}.{_quote(table)} CASCADE;\n"
        for schema, table in extra
    )
    psql_command = [psql, "--no-psqlrc", "--quiet", "--no-password", "--single-transaction"]
    psql_command += ["--set=ON_ERROR_STOP=1", "--file=-"]
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        runner = subprocess.Popen(  # noqa: S603
            psql_command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_err, env=env
        )
        restore = subprocess.Popen(  # noqa: S603
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=restore_err,
        )
        assert runner.stdin is not None and restore.stdout is not None
        try:
            runner.stdin.write(drops.encode())
            while chunk := restore.stdout.read(1 << 20):
                runner.stdin.write(chunk)
        except BrokenPipeError:  # psql stopped at an error, and rolled back
            restore.kill()
        restore_code = restore.wait()
        if restore_code != 0:
            runner.kill()
        with contextlib.suppress(BrokenPipeError):
            runner.stdin.close()
        runner_code = runner.wait()
        if restore_code != 0 or runner_code != 0:
            restore_err.seek(0)
            psql_err.seek(0)
            errors = (restore_err.read() + psql_err.read()).decode(errors="replace")
            raise BackupError(
                _("The restore failed; the database was left as it was:\n%(errors)s")
                % {"errors": _errors_only(errors)},
                code="restore_failed",
            )


def size_format(size: int) -> str:
    """A file size for people: 812 KB, 1.4 GB."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit in ("B", "KB") else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
