from django.utils.translation import gettext as _

from wijkteam.core.csvcommands import CsvExportCommand
from wijkteam.teams.services import teams_export


class Command(CsvExportCommand):
    export_service = staticmethod(teams_export)

    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Export all teams with their active members as CSV in the format import_teams reads."
        )
