"""A dashboard view as CSV or XLSX: one line per figure (the indicator's total, each item of
its breakdown, and each team of the comparison), with this period, the previous one and the
change. Withheld figures are "<5" (``core.disclosure.csv_value``), in both formats; the XLSX has
a second sheet with the definitions.

``progress(done, total)``, when given, is called once per indicator, so a background task can
show how far a long export is.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO, TextIO

from wijkteam.core.csvio import csv_rows_write
from wijkteam.core.disclosure import Suppressed, csv_value
from wijkteam.monitoring.dashboard import Card, Dashboard

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS: tuple[str, ...] = (
    "indicator",
    "label",
    "unit",
    "level",
    "scope",
    "period_start",
    "period_end",
    "row",
    "value",
    "previous_value",
    "change",
)
DEFINITION_COLUMNS: tuple[str, ...] = (
    "indicator",
    "label",
    "definition",
    "numerator",
    "denominator",
    "period_rule",
    "unit",
)
TOTAL = "total"


def _lines(dashboard: Dashboard, card: Card) -> Iterator[dict[str, object]]:
    common = {
        "indicator": card.key,
        "label": str(card.indicator.label),
        "unit": card.indicator.unit,
        "level": dashboard.scope.level,
        "scope": dashboard.scope_name,
        "period_start": dashboard.period.start.isoformat(),
        "period_end": dashboard.period.end.isoformat(),
    }
    yield {
        **common,
        "row": TOTAL,
        "value": card.value,
        "previous_value": card.previous,
        "change": card.change,
    }
    for item in card.breakdown:
        yield {
            **common,
            "row": item.key,
            "value": item.value,
            "previous_value": None,
            "change": None,
        }
    for team in dashboard.teams:
        if card.key in team.values:
            yield {
                **common,
                "row": f"team:{team.name}",
                "value": team.values[card.key],
                "previous_value": None,
                "change": None,
            }


def _rows(
    dashboard: Dashboard, progress: Callable[[int, int], None] | None
) -> Iterator[dict[str, object]]:
    total = len(dashboard.cards)
    for done, card in enumerate(dashboard.cards, start=1):
        yield from _lines(dashboard, card)
        if progress is not None:
            progress(done, total)


def _definition(card: Card) -> dict[str, object]:
    indicator = card.indicator
    return {
        "indicator": indicator.key,
        "label": str(indicator.label),
        "definition": str(indicator.definition),
        "numerator": str(indicator.numerator),
        "denominator": str(indicator.denominator),
        "period_rule": str(indicator.period_rule),
        "unit": indicator.unit,
    }


def _xlsx_cell(value: object) -> object:
    """Numbers stay numbers (a spreadsheet can sum them); withheld is the text "<5"."""
    if isinstance(value, Suppressed) or value is None:
        return csv_value(value)
    return value


def _xlsx_write(
    dashboard: Dashboard, stream: BinaryIO, progress: Callable[[int, int], None] | None
) -> int:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Dashboard")
    sheet.write_row(0, 0, COLUMNS, bold)
    count = 0
    for count, line in enumerate(_rows(dashboard, progress), start=1):
        sheet.write_row(count, 0, [_xlsx_cell(line.get(name)) for name in COLUMNS])
    sheet.freeze_panes(1, 0)
    definitions = book.add_worksheet("Definitions")
    definitions.write_row(0, 0, DEFINITION_COLUMNS, bold)
    for row, card in enumerate(dashboard.cards, start=1):
        line = _definition(card)
        definitions.write_row(row, 0, [line[name] for name in DEFINITION_COLUMNS])
    book.close()
    stream.write(buffer.getvalue())
    return count


def dashboard_export_write(
    *,
    dashboard: Dashboard,
    stream: TextIO | BinaryIO,
    fmt: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write ``dashboard`` to ``stream`` (text for CSV, bytes for XLSX); the number of lines
    below the header. Raises ``ValueError`` for an unknown ``fmt``."""
    if fmt == CSV:
        lines = [
            {name: csv_value(value) for name, value in line.items()}
            for line in _rows(dashboard, progress)
        ]
        csv_rows_write(stream=stream, columns=COLUMNS, rows=lines)  # type: ignore[arg-type]
        return len(lines)
    if fmt == XLSX:
        return _xlsx_write(dashboard, stream, progress)  # type: ignore[arg-type]
    raise ValueError(f"unknown export format {fmt!r}")


def dashboard_export_filename(*, dashboard: Dashboard, fmt: str) -> str:
    """No names in it: the level, the scope's id and the period."""
    scope = dashboard.scope.level + (f"-{dashboard.scope.pk}" if dashboard.scope.pk else "")
    period = dashboard.period
    return f"dashboard-{scope}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
