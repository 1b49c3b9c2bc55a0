"""Clean up background jobs: ``manage.py jobs_cleanup [--stale-minutes 60] [--keep-days 30]``.

Fails the running jobs whose worker gave no sign of life for ``--stale-minutes`` (a worker
killed mid-job leaves its job running otherwise; the requester then reads "interrupted" and can
ask again) and deletes finished jobs, with their files, after ``--keep-days``. Safe to schedule
daily or hourly (docs/operations.md). Prints numbers only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.jobs.services import jobs_cleanup


class Command(BaseCommand):
    help = "Fail background jobs whose worker stopped, and delete old finished jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=60,
            help="A running job without progress for this long is failed (default 60).",
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=30,
            help="Finished jobs and their files are kept this long (default 30).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stale_minutes"] < 1 or options["keep_days"] < 0:
            raise CommandError("--stale-minutes must be at least 1 and --keep-days at least 0.")
        done = jobs_cleanup(
            stale_after=timedelta(minutes=options["stale_minutes"]),
            keep=timedelta(days=options["keep_days"]),
        )
        self.stdout.write(
            f"{done.interrupted} interrupted jobs failed, {done.deleted} finished jobs deleted."
        )
