from django.utils.translation import gettext as _

from wijkteam.areas.services import AREA_COLUMNS, areas_import
from wijkteam.core.csvcommands import CsvImportCommand


class Command(CsvImportCommand):
    import_service = staticmethod(areas_import)

    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Import municipalities, team areas, neighbourhoods and postcode ranges from CSV, one "
            "row per postcode range. Columns: %(columns)s. Records are matched on their codes, so "
            "running it again updates. Nothing is written if any row is wrong."
        ) % {"columns": ", ".join(AREA_COLUMNS)}
