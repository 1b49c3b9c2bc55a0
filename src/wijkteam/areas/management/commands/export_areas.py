from django.utils.translation import gettext as _

from wijkteam.areas.services import areas_export
from wijkteam.core.csvcommands import CsvExportCommand


class Command(CsvExportCommand):
    export_service = staticmethod(areas_export)

    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Export all areas, neighbourhoods and postcode ranges as CSV in the format "
            "import_areas reads."
        )
