from django.utils.translation import gettext as _

from wijkteam.core.csvcommands import CsvImportCommand
from wijkteam.socialmap.services import PROVISION_COLUMNS, provisions_import


class Command(CsvImportCommand):
    import_service = staticmethod(provisions_import)

    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Import the social map (provisions) from CSV, one row per provision. Columns: "
            "%(columns)s. Provisions are matched on municipality, name and provider; provisions "
            "the file leaves out stay. Nothing is written if any row is wrong."
        ) % {"columns": ", ".join(PROVISION_COLUMNS)}
