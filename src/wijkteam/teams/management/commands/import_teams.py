from django.utils.translation import gettext as _

from wijkteam.core.csvcommands import CsvImportCommand
from wijkteam.teams.services import TEAM_COLUMNS, teams_import


class Command(CsvImportCommand):
    import_service = staticmethod(teams_import)

    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Import teams and their members from CSV, one row per membership. Columns: "
            "%(columns)s. Teams are matched on name, users on username. New users get no usable "
            "password, so none travels in the file: an administrator sets one. Nothing is "
            "written if any row is wrong."
        ) % {"columns": ", ".join(TEAM_COLUMNS)}
