"""Markdown tables from Locust's ``*_stats.csv`` files, one per run, with the targets checked.

    python bench/loadtest/report.py var/bench/<run>/u1_stats.csv var/bench/<run>/u16_stats.csv

The number of users is read from the file name (``u16_stats.csv``). Targets (issue 7): with one
user a median of at most 30 ms and a p95 of at most 100 ms per operation, with 16 users a p95 of
at most 300 ms, and no failures. The login requests are shown but not held to the targets:
each simulated user logs in once.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path


def targets(users: int) -> tuple[float | None, float]:
    """(median, p95) limits in ms for a run with this many users."""
    return (30, 100) if users == 1 else (None, 300)


def _ms(value: str) -> float:
    # Locust writes N/A for a percentile of a name without any successful request.
    try:
        return float(value)
    except ValueError:
        return 0.0


def table(path: Path) -> str:
    match = re.search(r"u(\d+)_stats\.csv$", path.name)
    users = int(match.group(1)) if match else 0
    max_median, max_p95 = targets(users)
    lines = [
        f"**{users} user{'s' if users != 1 else ''}** (`{path.name}`)",
        "",
        "| operation | requests | failures | median ms | p95 ms | p99 ms | req/s | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows.sort(key=lambda row: (row["Name"] == "Aggregated", row["Name"]))
    for row in rows:
        name = row["Name"]
        if row["Request Count"] == "0":
            continue  # e.g. the logins, reset when the last user was in (locustfile.py)
        failures = int(row["Failure Count"])
        median, p95, p99 = (_ms(row[key]) for key in ("50%", "95%", "99%"))
        if name == "Aggregated" or name.startswith("login"):
            verdict = "" if failures == 0 else "failures"
        else:
            misses = []
            if max_median is not None and median > max_median:
                misses.append(f"median > {max_median}")
            if p95 > max_p95:
                misses.append(f"p95 > {max_p95}")
            if failures:
                misses.append("failures")
            verdict = "ok" if not misses else "**" + ", ".join(misses) + "**"
        label = f"**{name}**" if name == "Aggregated" else name
        lines.append(
            f"| {label} | {row['Request Count']} | {failures} | {median:.0f} | {p95:.0f} | "
            f"{p99:.0f} | {float(row['Requests/s']):.2f} | {verdict} |"
        )
    return "\n".join(lines)


def main(paths: list[str]) -> None:
    print("\n\n".join(table(Path(path)) for path in paths))


if __name__ == "__main__":
    main(sys.argv[1:])
