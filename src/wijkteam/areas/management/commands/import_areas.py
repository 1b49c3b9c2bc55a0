from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkteam.areas.services import AREA_COLUMNS, areas_import
from wijkteam.core.csvio import ImportRefused, csv_source, row_error_format


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Import municipalities, team areas, neighbourhoods and postcode ranges from CSV, one "
            "row per postcode range. Columns: %(columns)s. Records are matched on their codes, so "
            "running it again updates. Nothing is written if any row is wrong."
        ) % {"columns": ", ".join(AREA_COLUMNS)}

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("CSV file, or - for standard input"))

    def handle(self, *args, path: str, **options):
        try:
            with csv_source(path) as stream:
                summary = areas_import(stream=stream)
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
