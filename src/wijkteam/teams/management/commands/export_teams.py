import io

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkteam.teams.services import teams_export


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Export all teams with their active members as CSV in the format import_teams reads."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("CSV file to write, or - for standard output"))

    def handle(self, *args, path: str, **options):
        buffer = io.StringIO()
        count = teams_export(stream=buffer)
        if path == "-":
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with open(path, "w", encoding="utf-8", newline="") as file:
                file.write(buffer.getvalue())
        except OSError as error:
            raise CommandError(error.strerror) from None
        self.stdout.write(_("%(count)d rows written.") % {"count": count})
