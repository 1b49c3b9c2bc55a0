"""Database queries per operation of the load test: every operation of ``operations.MIX`` once
per configured staff member, through Django's test client against the configured database,
inside one transaction that is rolled back at the end, so the writes (registrations, contacts,
sessions, access log) leave nothing behind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_load WIJKTEAM_DEBUG=true \
        .venv/bin/python bench/loadtest/query_counts.py

Who logs in comes from the same ``BENCH_*`` settings as the Locust scenario. Prints a markdown
table: per request of an operation, its queries for each staff member, and the in-process time
(no HTTP, one at a time; a hint, not a measurement). The savepoints the outer transaction turns
each inner ``atomic()`` into are not counted: outside it they are no queries at all.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkteam.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from operations import MIX, Config, Operation, OperationFailed, Reply, Request, Visit, login  # noqa: E402

HOST = "127.0.0.1"
SAVEPOINT_SQL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class Driver:
    """One staff member's browser: the test client, as if behind the production TLS proxy
    when the settings are production's."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.secure = not settings.DEBUG
        self.origin = f"{'https' if self.secure else 'http'}://{HOST}"
        self.client = Client(enforce_csrf_checks=True, SERVER_NAME=HOST)
        # request name -> (queries, milliseconds)
        self.measured: dict[str, tuple[int, float]] = {}

    def run(self, operation: Operation) -> None:
        steps = operation(self.visit)
        try:
            request = next(steps)
            while True:
                reply = self.send(request)
                self.visit.saw(reply)
                request = steps.send(reply)
        except StopIteration:
            pass

    def send(self, request: Request) -> Reply:
        headers: dict[str, str] = {}
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if request.method == "GET":
                response = self.client.get(request.path, secure=self.secure)
            else:
                form = list(request.form or [])
                if request.htmx:
                    headers = {"HX-Request": "true", "X-CSRFToken": self.visit.csrf}
                else:
                    form.append(("csrfmiddlewaretoken", self.visit.csrf))
                headers |= {"Referer": f"{self.origin}{request.path}", "Origin": self.origin}
                response = self.client.post(
                    request.path,
                    urlencode(form),
                    content_type="application/x-www-form-urlencoded",
                    headers=headers,
                    secure=self.secure,
                )
            elapsed = (time.perf_counter() - started) * 1000
        queries = sum(
            1 for query in captured.captured_queries if not query["sql"].startswith(SAVEPOINT_SQL)
        )
        self.measured[request.name] = (queries, elapsed)
        status = response.status_code
        if (request.expect and status != request.expect) or status >= 400:
            raise OperationFailed(f"{request.name}: status {status}")
        return Reply(
            status=status, text=response.content.decode(), location=response.get("Location", "")
        )


def measure(config: Config) -> dict[str, dict[str, tuple[int, float]]]:
    """username -> request name -> (queries, ms)."""
    results: dict[str, dict[str, tuple[int, float]]] = {}
    with transaction.atomic():
        for username in config.usernames:
            driver = Driver(Visit(username=username, config=config, random=random.Random(7)))  # noqa: S311
            driver.run(login)
            for operation, _weight in MIX.values():
                driver.run(operation)
            results[username] = driver.measured
        transaction.set_rollback(True)
    return results


def table(results: dict[str, dict[str, tuple[int, float]]]) -> str:
    users = list(results)
    names = sorted({name for measured in results.values() for name in measured})
    lines = [
        "| request | " + " | ".join(f"`{user}`" for user in users) + " | ms (in-process) |",
        "| --- | " + " | ".join("---:" for _ in users) + " | ---: |",
    ]
    for name in names:
        counts = [results[user].get(name) for user in users]
        cells = [str(count[0]) if count else "–" for count in counts]
        times = [count[1] for count in counts if count]
        lines.append(f"| {name} | {' | '.join(cells)} | {max(times):.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    config = Config.load()
    # Only the first few: the point is the count per operation, not every generated user.
    config.usernames = config.usernames[: int(os.environ.get("BENCH_QUERY_USERS", "4"))]
    print(table(measure(config)))
