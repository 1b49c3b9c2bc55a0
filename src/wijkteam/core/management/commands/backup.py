"""Back up the database: ``manage.py backup FILE [--force]`` (docs/operations.md).

SQLite: a consistent copy through SQLite's online backup API, while the application runs.
PostgreSQL: ``pg_dump`` in custom format (restore with ``manage.py restore``). The file holds
personal data: it is created readable by its owner only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wijkteam.core.backup import ENGINE_NAMES, database_backup, size_format
from wijkteam.core.errors import DomainError


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Write a backup of the whole database to FILE: on SQLite a consistent copy made "
            "while the application runs, on PostgreSQL a pg_dump file in custom format. "
            "The file holds personal data and is readable by its owner only."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Where to write the backup."))
        parser.add_argument("--force", action="store_true", help=_("Overwrite FILE if it exists."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = database_backup(path=Path(options["file"]), overwrite=options["force"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _("Backup of the %(engine)s database written to %(path)s: %(size)s in %(seconds).1f s.")
            % {
                "engine": ENGINE_NAMES[result.engine],
                "path": result.path,
                "size": size_format(result.size),
                "seconds": result.seconds,
            }
        )
