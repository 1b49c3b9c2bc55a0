from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from wijkteam.core.generator import Options, data_generate
from wijkteam.core.generator.build import AlreadyGenerated


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Generate synthetic municipalities, teams and households with casework in every "
            "state, for load tests and benchmarks (docs/generated-data.md). Deterministic: the "
            "same options and seed give the same data. Development only: refuses to run unless "
            "DEBUG is on (WIJKTEAM_DEBUG=true), because the generated users share one password."
        )

    def add_arguments(self, parser):
        defaults = Options()
        parser.add_argument("--households", type=int, default=defaults.households)
        parser.add_argument("--municipalities", type=int, default=defaults.municipalities)
        parser.add_argument(
            "--teams", type=int, default=None, help=_("Default: one per 3,500 households.")
        )
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=None,
            help=_("The last day of the data, YYYY-MM-DD. Default: today."),
        )
        parser.add_argument("--password", default=defaults.password)
        parser.add_argument(
            "--jobs",
            type=int,
            default=defaults.jobs,
            help=_("Processes side by side (PostgreSQL only); 2 on a 2-core machine."),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "generate_data only runs in development (WIJKTEAM_DEBUG=true): it creates "
                    "users with a shared, known password."
                )
            )
        for name in ("households", "municipalities", "years", "jobs"):
            if options[name] < 1:
                raise CommandError(_("--%(name)s must be at least 1.") % {"name": name})
        if options["teams"] is not None and options["teams"] < options["municipalities"]:
            raise CommandError(_("Every municipality needs a team: --teams too small."))
        chosen = Options(
            households=options["households"],
            municipalities=options["municipalities"],
            teams=options["teams"],
            years=options["years"],
            seed=options["seed"],
            until=options["until"],
            password=options["password"],
            jobs=options["jobs"],
        )
        if chosen.jobs > 1 and connection.vendor != "postgresql":
            raise CommandError(_("--jobs above 1 needs PostgreSQL."))
        verbose = options["verbosity"] >= 1
        try:
            summary = data_generate(chosen, progress=self.stdout.write if verbose else None)
        except AlreadyGenerated as refused:
            raise CommandError(
                _(
                    "This database already holds generated data. Generate into a new database "
                    "(create it, then manage.py migrate) so two worlds don't mix."
                )
            ) from refused
        self.stdout.write(
            _(
                "Generated %(households)s households in %(teams)s teams of %(municipalities)s "
                "municipalities, with %(events)s events, in %(seconds).0f s (%(checked)s foreign "
                "keys checked). Staff log in as "
                "gen-0001-01 (coordinator of the first team), gen-0001-02, …; policy advisor "
                "gen-beleid-001, back office gen-backoffice-001."
            )
            % {
                "households": f"{summary.households:,}",
                "teams": summary.teams,
                "municipalities": summary.municipalities,
                "events": f"{summary.events:,}",
                "seconds": summary.seconds,
                "checked": summary.references_checked,
            }
        )
        if options["verbosity"] >= 2:
            for table, count in sorted(summary.rows.items()):
                self.stdout.write(f"  {table}: {count:,}")
