"""Time an upgrade on a copy of a large PostgreSQL database (docs/operations.md, "Upgrading").

    bench/upgrade/run.sh [--steps N] [--zero app,app] [--keep] [SOURCE_DATABASE_URL]

1. ``manage.py backup`` of the source database (default: $DATABASE_URL) to a dump file;
2. a new database ``<source>_upgrade`` (dropped first if it exists) and ``manage.py restore``
   of the dump into it: the source itself is only read;
3. the copy migrated back to an earlier state: every project app that has more than N
   migrations (default 2) loses its last N; the apps named with ``--zero`` go to zero (their
   tables and rows are gone, as when an upgrade adds a new app);
4. ``manage.py migrate`` forward on the copy, timed: what an upgrade would cost;
5. ``manage.py restore --check`` on the copy (migrations applied, row counts), then the copy
   and the dump are removed unless ``--keep``.

It prints each step's wall-clock duration and a summary. Run it with the environment the
application runs with (WIJKTEAM_SECRET_KEY etc.); without one it runs in development mode. The
database user needs CREATEDB. Never pass a URL with a password on a shared machine's command
line: set DATABASE_URL (or PGPASSWORD / ~/.pgpass) instead.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkteam.settings")
if not os.environ.get("WIJKTEAM_SECRET_KEY"):
    os.environ.setdefault("WIJKTEAM_DEBUG", "true")


def manage(*args: str, url: str) -> float:
    """Run ``manage.py`` with DATABASE_URL=url, show its output, return its wall-clock seconds."""
    print(f"$ manage.py {' '.join(args)}", flush=True)
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    return time.monotonic() - started


def with_name(url: str, name: str) -> str:
    """The same server and credentials, another database."""
    base, _sep, rest = url.rpartition("/")
    query = rest.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def database_name(url: str) -> str:
    return url.rpartition("/")[2].partition("?")[0]


def database_recreate(*, url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_name(url, "postgres"), autocommit=True) as maintenance:
        maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(*, url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(with_name(url, "postgres"), autocommit=True) as maintenance:
        # FORCE: a failed step may have left this process's own connection to the copy open.
        maintenance.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def migrate_back(*, url: str, steps: int, zero: set[str]) -> list[str]:
    """Move the copy's project apps back to an earlier state; the list of what moved."""
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    graph = MigrationLoader(connection).graph
    labels = [
        config.label for config in apps.get_app_configs() if config.name.startswith("wijkteam.")
    ]
    unknown = zero - set(labels)
    if unknown:
        raise SystemExit(f"--zero names apps that are not the project's: {sorted(unknown)}")
    done = []
    for label in sorted(labels):
        names = sorted(name for app, name in graph.nodes if app == label)
        if label in zero:
            target = "zero"
        elif len(names) > steps:
            target = names[-steps - 1]
        else:
            continue
        applied = sorted(
            name for app, name in MigrationRecorder(connection).applied_migrations() if app == label
        )
        if not applied or (target != "zero" and applied[-1] <= target):
            # Already at or below the target (moved back with an app it depends on): only ever
            # move back, so the order of the apps does not matter.
            continue
        call_command("migrate", label, target, verbosity=1)
        done.append(f"{label} → {target}")
    connection.close()
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--steps", type=int, default=2, help="migrations to undo per app")
    parser.add_argument("--zero", default="", help="apps to migrate to zero, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the copy and the dump")
    options = parser.parse_args()
    if not options.url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Give a PostgreSQL database URL (argument or DATABASE_URL).")
    source = database_name(options.url)
    copy_name = f"{source}_upgrade"
    copy_url = with_name(options.url, copy_name)
    dump = Path(tempfile.gettempdir()) / f"wijkteam-upgrade-{source}.dump"
    dump.unlink(missing_ok=True)
    timings: dict[str, float] = {}

    print(f"== backup of {source}", flush=True)
    timings["backup (manage.py backup)"] = manage("backup", str(dump), url=options.url)
    print(f"== copy {copy_name}", flush=True)
    database_recreate(url=options.url, name=copy_name)
    try:
        timings["restore into the copy (manage.py restore)"] = manage(
            "restore", str(dump), "--yes", url=copy_url
        )
        print(f"== migrate {copy_name} back (steps {options.steps}, zero: {options.zero or '-'})")
        started = time.monotonic()
        zero = {label for label in options.zero.split(",") if label}
        moved = migrate_back(url=copy_url, steps=options.steps, zero=zero)
        timings["migrate back (preparation, not part of an upgrade)"] = time.monotonic() - started
        print(f"== migrate {copy_name} forward: the upgrade", flush=True)
        timings["migrate forward (manage.py migrate)"] = manage(
            "migrate", "--noinput", url=copy_url
        )
        manage("restore", "--check", url=copy_url)
    finally:
        if not options.keep:
            database_drop(url=options.url, name=copy_name)
            dump.unlink(missing_ok=True)

    print("\n== summary")
    print(f"source database: {source}; copy: {copy_name}{' (kept)' if options.keep else ''}")
    print(f"moved back: {', '.join(moved) or 'nothing'}")
    for step, seconds in timings.items():
        print(f"{seconds:9.1f} s  {step}")


if __name__ == "__main__":
    main()
