"""The area analysis as CSV: one line per neighbourhood, team area and the municipality, with
the same figures as the page; withheld figures as "<5" (``core.disclosure.csv_value``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from wijkteam.core.csvio import csv_rows_write
from wijkteam.core.disclosure import csv_value
from wijkteam.core.domains import LifeDomain
from wijkteam.monitoring.area_analysis import AreaAnalysis, AreaRow

THEME_SEPARATOR = "|"
COLUMNS: tuple[str, ...] = (
    "level",
    "code",
    "name",
    "team_area",
    "period_start",
    "period_end",
    "inhabitants",
    "guideline",
    "registrations",
    "registrations_per_1000",
    "rate_vs_municipality",
    "multi_domain_pct",
    "multi_domain_vs_municipality_pp",
    "top_themes",
    *(f"zrm_{domain}" for domain in LifeDomain.values),
    *(f"zrm_{domain}_vs_municipality" for domain in LifeDomain.values),
)


def _line(row: AreaRow, analysis: AreaAnalysis) -> dict[str, object]:
    line: dict[str, object] = {
        "level": row.level,
        "code": row.code,
        "name": row.name,
        "team_area": row.team_area,
        "period_start": analysis.start.isoformat(),
        "period_end": analysis.end.isoformat(),
        "inhabitants": row.inhabitants,
        "guideline": row.guideline,
        "registrations": csv_value(row.registrations),
        "registrations_per_1000": csv_value(row.rate),
        "rate_vs_municipality": csv_value(row.rate_ratio),
        "multi_domain_pct": csv_value(row.multi_domain_share),
        "multi_domain_vs_municipality_pp": csv_value(row.multi_domain_difference),
        "top_themes": THEME_SEPARATOR.join(row.top_themes),
    }
    for figure in row.zrm:
        line[f"zrm_{figure.domain}"] = csv_value(figure.mean)
        line[f"zrm_{figure.domain}_vs_municipality"] = csv_value(figure.difference)
    return line


def area_analysis_csv_write(
    *,
    analysis: AreaAnalysis,
    stream: TextIO,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the analysis; the number of lines below the header. ``progress(done, total)`` is
    called after each line (the background job's progress bar, ``wijkteam.jobs``)."""
    rows = [*analysis.team_areas, *analysis.neighbourhoods]
    if analysis.municipality:
        rows.insert(0, analysis.municipality)

    def lines() -> Iterator[dict[str, object]]:
        for done, row in enumerate(rows, start=1):
            yield _line(row, analysis)
            if progress:
                progress(done, len(rows))

    csv_rows_write(stream=stream, columns=COLUMNS, rows=lines())
    return len(rows)
