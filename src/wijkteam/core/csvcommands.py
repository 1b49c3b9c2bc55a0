"""The shape every CSV import and export command shares; each command names its service."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkteam.core.csvio import ImportRefused, csv_source, row_error_format


class CsvImportCommand(BaseCommand):
    """Reads a CSV file (or ``-``) into ``import_service``; all or nothing, errors per row."""

    import_service: Callable[..., Any]

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("CSV file, or - for standard input"))

    def handle(self, *args, path: str, **options):
        try:
            with csv_source(path) as stream:
                summary = type(self).import_service(stream=stream)
        except OSError as error:
            raise CommandError(error.strerror) from None
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(row_error_format(error))
            raise CommandError(refused.message) from None
        self.stdout.write(
            _("%(rows)d rows read: %(created)d records created, %(updated)d changed.")
            % {"rows": summary.rows, "created": summary.created, "updated": summary.updated}
        )


class CsvExportCommand(BaseCommand):
    """Writes what ``export_service`` produces to a CSV file, or to standard output with ``-``."""

    export_service: Callable[..., int]

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("CSV file to write, or - for standard output"))

    def handle(self, *args, path: str, **options):
        buffer: IO[str] = io.StringIO()
        count = type(self).export_service(stream=buffer)
        if path == "-":
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with open(path, "w", encoding="utf-8", newline="") as file:
                file.write(buffer.getvalue())
        except OSError as error:
            raise CommandError(error.strerror) from None
        self.stdout.write(_("%(count)d rows written.") % {"count": count})
