"""Restore the database from a backup: ``manage.py restore FILE --yes`` (docs/operations.md).

Replaces the whole configured database with the backup made by ``manage.py backup`` of the same
engine; asks first, or needs ``--yes`` when it cannot ask. Afterwards it prints what a check
needs: migrations still to apply and the rows in key tables. ``--check`` prints only that,
without restoring.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from wijkteam.core.backup import ENGINE_NAMES, database_check, database_restore, size_format
from wijkteam.core.errors import DomainError


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Replace the whole database with a backup made by 'manage.py backup' (same engine), "
            "then print the migrations still to apply and the rows in key tables. Stop the "
            "application and its workers first."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help=_("The backup to restore."))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Do not ask: replace the database without confirmation."),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Restore nothing: only print the migrations to apply and the table counts."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["check"]:
            if not options["file"]:
                raise CommandError(_("Name the backup file to restore."))
            self._restore(Path(options["file"]), confirmed=options["yes"])
        self._check()

    def _restore(self, path: Path, *, confirmed: bool) -> None:
        settings = connections["default"].settings_dict
        target = _("the %(engine)s database %(name)s") % {
            "engine": ENGINE_NAMES.get(connections["default"].vendor, "?"),
            "name": settings["NAME"],
        }
        if not confirmed:
            if not sys.stdin.isatty():
                raise CommandError(
                    _("Restoring replaces all data in %(target)s. Add --yes to confirm.")
                    % {"target": target}
                )
            answer = input(
                _("Restoring replaces all data in %(target)s. Type 'yes' to continue: ")
                % {"target": target}
            )
            if answer.strip().lower() not in ("yes", _("yes")):
                raise CommandError(_("Restore cancelled; nothing was changed."))
        try:
            result = database_restore(path=path)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _("Restored %(target)s from %(path)s (%(size)s) in %(seconds).1f s.")
            % {
                "target": target,
                "path": result.path,
                "size": size_format(result.size),
                "seconds": result.seconds,
            }
        )

    def _check(self) -> None:
        check = database_check()
        if check.unapplied:
            self.stdout.write(
                _("%(count)d migrations not applied yet (first: %(first)s): run manage.py migrate.")
                % {"count": len(check.unapplied), "first": check.unapplied[0]}
            )
        else:
            self.stdout.write(_("All migrations are applied."))
        for label, count in check.counts.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(_("Check the access log's chain with: manage.py verify_access_log"))
