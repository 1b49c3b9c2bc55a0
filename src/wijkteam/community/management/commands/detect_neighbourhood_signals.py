"""Detect neighbourhood signals: ``manage.py detect_neighbourhood_signals [--date YYYY-MM-DD]``.

Per neighbourhood and theme, compares the households of the last ``WIJKTEAM_SIGNAL_PERIOD_DAYS``
days with the rest of the municipality (ADR 0011) and raises a signal to the area's team, or
adds this run to the open signal that already says so. Safe to schedule daily (cron, next to
``apply_retention``). Prints and logs numbers only, never a household.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.audit.context import access_context
from wijkteam.audit.models import LogChannel
from wijkteam.community.detection import signals_detect


class Command(BaseCommand):
    help = "Find neighbourhood signals in the themes of recent registrations (ADR 0011)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="The last day of the period (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date as YYYY-MM-DD.") from None
        with access_context(channel=LogChannel.COMMAND, origin="detect_neighbourhood_signals"):
            summary = signals_detect(today=today)
        self.stdout.write(
            f"Period {summary.period_start.isoformat()} to {summary.period_end.isoformat()}: "
            f"{summary.pairs_checked} neighbourhood-theme pairs checked, "
            f"{summary.raised} signals raised, {summary.updated} open signals updated"
            + (
                f", {summary.skipped_without_team} skipped (area without a team)"
                if summary.skipped_without_team
                else ""
            )
            + (
                f", {summary.already_recorded} already recorded for this period."
                if summary.already_recorded
                else "."
            )
        )
