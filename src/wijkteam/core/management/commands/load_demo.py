import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkteam.cases.lifecycle import Status
from wijkteam.core.csvio import ImportRefused, row_error_format
from wijkteam.core.demo.backoffice import demo_backoffice_load
from wijkteam.core.demo.capacity import demo_capacity_load
from wijkteam.core.demo.collective import demo_collective_build
from wijkteam.core.demo.haarlem import DEMO_PASSWORD, PERSONAS, TEAM_NAMES, demo_load
from wijkteam.core.demo.socialmap import demo_social_map_load
from wijkteam.core.errors import DomainError


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Load the Haarlem demo: the 8 team areas, teams and members, personas to log in as, "
            "and clearly fake households with cases in every state. Each run first removes the "
            "households and cases of the demo teams and updates areas, teams and users in place, "
            "so running it twice gives the same data. Development only: refuses to run unless "
            "DEBUG is on (WIJKTEAM_DEBUG=true), because the personas share a published password."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "load_demo only runs in development (WIJKTEAM_DEBUG=true): it creates users "
                    "with a published password and replaces households and cases."
                )
            )
        # Hundreds of service events (case_registered, ...) would bury the logins printed at
        # the end; the demo's own history is in the database.
        previous = logging.root.manager.disable
        logging.disable(logging.INFO)
        try:
            summary = demo_load()
            demo_social_map_load()  # after demo_load: its areas and plan actions
            demo_capacity_load()  # after demo_load: its teams
            demo_backoffice_load()  # after demo_load: its cases and personas
            demo_collective_build(team_names=list(TEAM_NAMES))  # after the social map it links
        except ImportRefused as refused:
            for error in refused.errors:
                self.stderr.write(row_error_format(error))
            raise CommandError(refused.message) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        finally:
            logging.disable(previous)

        self.stdout.write(
            _(
                "Haarlem demo loaded: %(teams)d teams, %(members)d members, "
                "%(households)d households."
            )
            % {
                "teams": summary.teams,
                "members": summary.members,
                "households": summary.households,
            }
        )
        self.stdout.write(
            _("Cases: %(counts)s.")
            % {
                "counts": ", ".join(
                    f"{Status(status).label} {count}"
                    for status, count in summary.cases_by_status.items()
                )
            }
        )
        self.stdout.write("")
        rows = [(_("Username"), _("Password"), _("What they can do"))]
        rows += [(p.username, DEMO_PASSWORD, str(p.can_do)) for p in PERSONAS]
        width_user = max(len(row[0]) for row in rows)
        width_password = max(len(row[1]) for row in rows)
        for index, (username, password, can_do) in enumerate(rows):
            line = f"{username:<{width_user}}  {password:<{width_password}}  {can_do}"
            self.stdout.write(self.style.MIGRATE_HEADING(line) if index == 0 else line)
        self.stdout.write("")
        self.stdout.write(
            _("Demo only: these logins share a published password. Log in at %(path)s.")
            % {"path": reverse("login")}
        )
