import io

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkteam.areas.services import areas_export


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Export all areas, neighbourhoods and postcode ranges as CSV in the format "
            "import_areas reads."
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("CSV file to write, or - for standard output"))

    def handle(self, *args, path: str, **options):
        buffer = io.StringIO()
        count = areas_export(stream=buffer)
        if path == "-":
            self.stdout.write(buffer.getvalue(), ending="")
            return
        try:
            with open(path, "w", encoding="utf-8", newline="") as file:
                file.write(buffer.getvalue())
        except OSError as error:
            raise CommandError(error.strerror) from None
        self.stdout.write(_("%(count)d rows written.") % {"count": count})
