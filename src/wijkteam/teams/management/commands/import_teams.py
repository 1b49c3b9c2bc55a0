from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkteam.core.csvio import ImportRefused, csv_source, row_error_format
from wijkteam.teams.services import TEAM_COLUMNS, teams_import


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Import teams and their members from CSV, one row per membership. Columns: "
            "%(columns)s. Teams are matched on name, users on username. New users get no usable "
            "password, so none travels in the file: an administrator sets one. Nothing is "
            "written if any row is wrong."
        ) % {"columns": ", ".join(TEAM_COLUMNS)}

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("CSV file, or - for standard input"))

    def handle(self, *args, path: str, **options):
        try:
            with csv_source(path) as stream:
                summary = teams_import(stream=stream)
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
