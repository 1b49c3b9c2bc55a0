from django.utils.translation import gettext as _

from wijkteam.core.csvcommands import CsvExportCommand
from wijkteam.socialmap.services import provisions_export


class Command(CsvExportCommand):
    export_service = staticmethod(provisions_export)

    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Export the whole social map (active and inactive provisions) as CSV in the format "
            "import_social_map reads."
        )
