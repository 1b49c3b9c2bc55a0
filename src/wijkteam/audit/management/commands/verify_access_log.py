"""Check the access log's hash chain: ``manage.py verify_access_log``.

Exits 0 when every entry's hash and link hold; otherwise non-zero, naming the first entry where
the chain breaks (an altered entry, or the one after a removed entry).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijkteam.audit.services import access_log_verify


class Command(BaseCommand):
    help = "Verify the access log's hash chain."

    def handle(self, *args: Any, **options: Any) -> None:
        report = access_log_verify()
        if not report.intact:
            what = (
                "its hash does not match its contents (altered)"
                if report.reason == "altered"
                else "it does not link to the entry before it (an entry was removed or altered)"
            )
            raise CommandError(f"access log chain broken at entry {report.broken_at}: {what}")
        self.stdout.write(f"{report.count} entries, chain intact")
