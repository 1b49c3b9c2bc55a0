"""Reading and writing the CSV files that areas and teams are imported and exported with.

Imports validate every row before writing anything and report all errors at once, each with
its row number, so a functional administrator can fix a file in one go instead of one error
per attempt.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TextIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.core.errors import DomainError

# Lines whose first cell starts with this are comments (e.g. a note on where data comes from).
COMMENT = "#"
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")


class ImportRefused(DomainError):
    """Some rows of an import are invalid; nothing was written.

    ``errors`` holds one ``DomainError`` per problem, with the row number in ``extra["row"]``
    and the column in ``field``.
    """

    default_code = "import_invalid"

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(
            ngettext(
                "Nothing was imported: %(count)d problem in the file.",
                "Nothing was imported: %(count)d problems in the file.",
                len(errors),
            )
            % {"count": len(errors)},
            extra={
                "errors": [
                    {
                        "row": error.extra.get("row"),
                        "column": error.field,
                        "code": error.code,
                        "message": str(error.message),
                    }
                    for error in errors
                ]
            },
        )
        self.errors = errors


def row_error(*, row: int, column: str | None, message: str, code: str = "invalid") -> DomainError:
    """One problem in one row of an import file."""
    return DomainError(message, code=code, field=column, extra={"row": row})


def row_error_format(error: DomainError) -> str:
    """``Row 7, column pc4: ...`` for people reading the command's output."""
    if error.field:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": error.extra.get("row"),
            "column": error.field,
            "message": error.message,
        }
    return _("Row %(row)s: %(message)s") % {
        "row": error.extra.get("row"),
        "message": error.message,
    }


def csv_rows_read(*, stream: TextIO, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV file as ``(row number, {column: stripped value})``.

    The first row that is not a comment is the header and must name exactly ``columns`` (in any
    order). Commas or semicolons (what a Dutch spreadsheet saves) both work. Row numbers count
    physical lines from 1, as a text editor or spreadsheet shows them.
    """
    text = stream.read()
    if text.startswith("\ufeff"):  # a byte-order mark, as spreadsheet programs write
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter_of(text))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[DomainError] = []
    start = 1
    for cells in reader:
        row_number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith(COMMENT):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            _header_check(header, columns, row=row_number)
            continue
        if len(cells) != len(header):
            errors.append(
                row_error(
                    row=row_number,
                    column=None,
                    message=_("This row has %(found)d columns; the header has %(expected)d.")
                    % {"found": len(cells), "expected": len(header)},
                    code="column_count",
                )
            )
            continue
        rows.append(
            (row_number, {name: cell.strip() for name, cell in zip(header, cells, strict=True)})
        )
    if header is None:
        raise ImportRefused(
            [
                row_error(
                    row=1,
                    column=None,
                    message=_("The file is empty; the first row must name the columns."),
                    code="empty",
                )
            ]
        )
    if errors:
        raise ImportRefused(errors)
    return rows


def _delimiter_of(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith(COMMENT):
            return ";" if ";" in line and "," not in line else ","
    return ","


def _header_check(header: list[str], columns: tuple[str, ...], *, row: int) -> None:
    missing = [name for name in columns if name not in header]
    unknown = [name for name in header if name not in columns]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if missing or unknown or duplicated:
        raise ImportRefused(
            [
                row_error(
                    row=row,
                    column=None,
                    message=_(
                        "The header must name these columns: %(columns)s. Missing: "
                        "%(missing)s. Unknown: %(unknown)s. Twice: %(duplicated)s."
                    )
                    % {
                        "columns": ", ".join(columns),
                        "missing": ", ".join(missing) or "–",
                        "unknown": ", ".join(unknown) or "–",
                        "duplicated": ", ".join(duplicated) or "–",
                    },
                    code="header",
                )
            ]
        )


def csv_rows_write(
    *, stream: TextIO, columns: tuple[str, ...], rows: Iterable[dict[str, object]]
) -> None:
    """Write ``rows`` with a header, comma-separated, one line per row."""
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


@contextmanager
def csv_source(path: str) -> Iterator[TextIO]:
    """The file at ``path``, or standard input for ``-``."""
    if path == "-":
        yield sys.stdin
        return
    with open(path, encoding="utf-8-sig", newline="") as stream:
        yield stream


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: rows read, records created, records changed."""

    rows: int
    created: int
    updated: int


TRUE_WORDS = frozenset({"true", "yes", "ja", "1", "waar"})
FALSE_WORDS = frozenset({"false", "no", "nee", "0", "onwaar", ""})


class RowCheck:
    """Parses the cells of one row; every problem is appended to ``errors``, none is raised,
    so one pass over the file finds them all."""

    def __init__(self, *, row: int, values: dict[str, str], errors: list[DomainError]) -> None:
        self.row = row
        self.values = values
        self.errors = errors

    def fail(self, column: str | None, message: str, code: str = "invalid") -> None:
        self.errors.append(row_error(row=self.row, column=column, message=message, code=code))

    def text(self, column: str, *, max_length: int, required: bool = True) -> str:
        value = self.values.get(column, "")
        if required and not value:
            self.fail(column, _("Fill in this column."), "required")
        elif len(value) > max_length:
            self.fail(
                column,
                _("At most %(max)d characters.") % {"max": max_length},
                "max_length",
            )
        return value

    def slug(self, column: str, *, max_length: int = 50) -> str:
        value = self.text(column, max_length=max_length)
        if value and not SLUG_RE.match(value):
            self.fail(
                column,
                _("Use only letters, digits, hyphens and underscores, without spaces."),
                "invalid_code",
            )
        return value

    def integer(self, column: str, *, minimum: int, maximum: int) -> int | None:
        value = self.values.get(column, "")
        if value.isdigit() and minimum <= int(value) <= maximum:
            return int(value)
        self.fail(
            column,
            _("Enter a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum},
        )
        return None

    def fraction(self, column: str) -> Decimal | None:
        """A number from 0 to 1 with at most two decimals; a decimal comma works too."""
        value = self.values.get(column, "").replace(",", ".")
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if (
            number is None
            or not number.is_finite()
            or not Decimal(0) <= number <= Decimal(1)
            or number != round(number, 2)
        ):
            self.fail(column, _("Enter a number from 0 to 1 with at most two decimals, e.g. 0.5."))
            return None
        return number.quantize(Decimal("0.01"))

    def boolean(self, column: str) -> bool:
        value = self.values.get(column, "").lower()
        if value in TRUE_WORDS:
            return True
        if value not in FALSE_WORDS:
            self.fail(column, _("Enter true or false."))
        return False

    def email(self, column: str) -> str:
        value = self.text(column, max_length=254, required=False)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.fail(column, _("Enter a valid e-mail address."), "invalid_email")
        return value

    def choice(self, column: str, choices: list[str]) -> str:
        value = self.values.get(column, "")
        if value not in choices:
            self.fail(
                column,
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)},
                "invalid_choice",
            )
        return value

    def same_as_before(self, column: str, value: object, seen: dict, key: object) -> None:
        """Refuse a second, different value for something the file already described, e.g. an
        area's name on two rows: the file must say one thing."""
        first = seen.setdefault(key, (value, self.row))
        if first[0] != value:
            self.fail(
                column,
                _("Row %(row)d gives another value for the same code; use one value.")
                % {"row": first[1]},
                "inconsistent",
            )


def record_update(instance: Model, **fields: object) -> bool:
    """Save those of ``fields`` that differ on ``instance``; whether anything changed. Lets an
    import run twice without touching (or counting) records that are already right."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, fields[name])
        instance.save(update_fields=changed)
    return bool(changed)
