"""Apply the retention term: ``manage.py apply_retention [--apply] [--report FILE]``.

Without ``--apply`` (or with ``--dry-run``) it only reports what it would do: nothing changes.
With ``--apply`` every household whose cases all ended longer than the retention term ago
(``WIJKTEAM_RETENTION_YEARS``, ``WIJKTEAM_RETENTION_YEARS_YOUTH``) is pseudonymised or deleted
(``WIJKTEAM_RETENTION_ACTION``), each with one access-log entry (channel "command"). Running it
again does nothing more: it is safe to schedule daily. The report has counts per team and per
action, never names. Exits non-zero when a household could not be processed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.audit.context import access_context
from wijkteam.audit.models import LogChannel
from wijkteam.rights.retention import retention_apply


class Command(BaseCommand):
    help = "Pseudonymise or delete case files past their retention term (dry run by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what would happen (the default).",
        )
        mode.add_argument("--apply", action="store_true", help="Really pseudonymise or delete.")
        parser.add_argument(
            "--report", metavar="FILE", help="Also write the report as JSON to FILE."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = not options["apply"]
        with access_context(channel=LogChannel.COMMAND, origin="apply_retention"):
            report = retention_apply(dry_run=dry_run)
        data = report.as_dict()
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{'DRY RUN: ' if dry_run else ''}{report.households} households "
            f"({report.cases} cases) past the retention term {verb} {report.action}d "
            f"(term {report.years} years, youth {report.youth_years} years)."
        )
        if report.restricted:
            self.stdout.write(
                f"{report.restricted} households past the term are kept while processing is "
                "restricted."
            )
        for team, counts in data["per_team"].items():
            parts = ", ".join(f"{action} {count}" for action, count in sorted(counts.items()))
            self.stdout.write(f"  {team}: {parts}")
        if options["report"]:
            path = Path(options["report"])
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"Report written to {path}")
        if report.failed:
            raise CommandError(
                f"{report.failed} households could not be processed; see the log "
                "(retention_failed) and the report."
            )
