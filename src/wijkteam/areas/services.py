"""Writes on areas: importing and exporting municipality → team areas → neighbourhoods →
postcode ranges as CSV, one row per postcode range.

A municipality describes its own areas; ``import_areas`` loads them and can be run again with
a corrected file: records are matched on their codes and updated, never duplicated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TextIO

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.areas.models import Municipality, Neighbourhood, PostcodeRange, TeamArea
from wijkteam.core.csvio import (
    ImportRefused,
    ImportSummary,
    RowCheck,
    csv_rows_read,
    csv_rows_write,
    record_update,
)
from wijkteam.core.errors import DomainError

AREA_COLUMNS = (
    "municipality_code",
    "municipality_name",
    "area_code",
    "area_name",
    "neighbourhood_code",
    "neighbourhood_name",
    "population",
    "pc4",
    "letters_from",
    "letters_to",
)

MUNICIPALITY_CODE_RE = re.compile(r"^[0-9]{4}$")
LETTERS_RE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class _Row:
    row: int
    municipality_code: str
    municipality_name: str
    area_code: str
    area_name: str
    neighbourhood_code: str
    neighbourhood_name: str
    population: int
    # None for a neighbourhood without postcodes of its own (yet).
    pc4: int | None
    letters_from: str
    letters_to: str

    @property
    def range_label(self) -> str:
        return f"{self.pc4} {self.letters_from}–{self.pc4} {self.letters_to}"


def _row_parse(check: RowCheck) -> _Row | None:
    errors_before = len(check.errors)
    municipality_code = check.text("municipality_code", max_length=4)
    if municipality_code and not MUNICIPALITY_CODE_RE.match(municipality_code):
        check.fail(
            "municipality_code",
            _("A municipality code is the four-digit CBS code, e.g. 0392."),
            "invalid_code",
        )
    values = {
        "municipality_code": municipality_code,
        "municipality_name": check.text("municipality_name", max_length=100),
        "area_code": check.slug("area_code"),
        "area_name": check.text("area_name", max_length=100),
        "neighbourhood_code": check.slug("neighbourhood_code"),
        "neighbourhood_name": check.text("neighbourhood_name", max_length=100),
        "population": check.integer("population", minimum=0, maximum=10_000_000),
    }
    raw_range = [check.values.get(column, "") for column in ("pc4", "letters_from", "letters_to")]
    pc4, letters_from, letters_to = None, "", ""
    if any(raw_range):
        pc4 = check.integer("pc4", minimum=1000, maximum=9999)
        letters_from = check.values.get("letters_from", "").upper()
        letters_to = check.values.get("letters_to", "").upper()
        for column, letters in (("letters_from", letters_from), ("letters_to", letters_to)):
            if not LETTERS_RE.match(letters):
                check.fail(column, _("Enter two letters, e.g. AA or ZZ."), "invalid_letters")
        both_valid = LETTERS_RE.match(letters_from) and LETTERS_RE.match(letters_to)
        if both_valid and letters_from > letters_to:
            check.fail(
                "letters_to",
                _("A range runs from low to high: %(to)s comes before %(from)s.")
                % {"from": letters_from, "to": letters_to},
                "range_order",
            )
    if len(check.errors) > errors_before:
        return None
    return _Row(row=check.row, pc4=pc4, letters_from=letters_from, letters_to=letters_to, **values)


def _rows_check(raw_rows: list[tuple[int, dict[str, str]]]) -> list[_Row]:
    """Every row parsed and checked against the others and the database, or ``ImportRefused``
    listing every problem."""
    errors: list[DomainError] = []
    rows: list[_Row] = []
    for number, values in raw_rows:
        row = _row_parse(RowCheck(row=number, values=values, errors=errors))
        if row is not None:
            rows.append(row)

    names: dict = {}
    for row in rows:
        check = RowCheck(row=row.row, values={}, errors=errors)
        check.same_as_before(
            "municipality_name", row.municipality_name, names, ("m", row.municipality_code)
        )
        check.same_as_before(
            "area_name", row.area_name, names, ("a", row.municipality_code, row.area_code)
        )
        neighbourhood = ("n", row.municipality_code, row.neighbourhood_code)
        check.same_as_before("area_code", row.area_code, names, (*neighbourhood, "area"))
        check.same_as_before(
            "neighbourhood_name", row.neighbourhood_name, names, (*neighbourhood, "name")
        )
        check.same_as_before("population", row.population, names, (*neighbourhood, "population"))

    _overlaps_check(rows, errors)
    if errors:
        errors.sort(key=lambda error: error.extra["row"])
        raise ImportRefused(errors)
    return rows


def _overlaps_check(rows: list[_Row], errors: list[DomainError]) -> None:
    """One postcode, one neighbourhood: ranges within a municipality may not overlap, neither
    with each other nor with ranges already loaded for neighbourhoods this file leaves alone."""
    ranged = [row for row in rows if row.pc4 is not None]
    for index, row in enumerate(ranged):
        for earlier in ranged[:index]:
            if (
                earlier.municipality_code == row.municipality_code
                and earlier.pc4 == row.pc4
                and earlier.letters_from <= row.letters_to
                and row.letters_from <= earlier.letters_to
            ):
                errors.append(
                    _overlap_error(
                        row,
                        _("The postcode range %(range)s overlaps %(other)s on row %(row)d.")
                        % {
                            "range": row.range_label,
                            "other": earlier.range_label,
                            "row": earlier.row,
                        },
                    )
                )
                break

    in_file = {(row.municipality_code, row.neighbourhood_code) for row in rows}
    loaded = PostcodeRange.objects.filter(
        neighbourhood__area__municipality__code__in={row.municipality_code for row in ranged},
        pc4__in={row.pc4 for row in ranged},
    ).select_related("neighbourhood__area__municipality")
    for existing in loaded:
        neighbourhood = existing.neighbourhood
        if (neighbourhood.area.municipality.code, neighbourhood.code) in in_file:
            continue  # its ranges are replaced by the file's
        for row in ranged:
            if (
                row.municipality_code == neighbourhood.area.municipality.code
                and row.pc4 == existing.pc4
                and existing.letters_from <= row.letters_to
                and row.letters_from <= existing.letters_to
            ):
                errors.append(
                    _overlap_error(
                        row,
                        _(
                            "The postcode range %(range)s overlaps %(other)s of neighbourhood "
                            "%(name)s, which is already loaded and not in this file."
                        )
                        % {"range": row.range_label, "other": existing, "name": neighbourhood.name},
                    )
                )


def _overlap_error(row: _Row, message: str) -> DomainError:
    return DomainError(message, code="range_overlap", field="letters_from", extra={"row": row.row})


def areas_import(*, stream: TextIO) -> ImportSummary:
    """Load areas from CSV (``AREA_COLUMNS``, one row per postcode range), all or nothing.

    Municipalities, areas and neighbourhoods are matched on their codes and updated; a
    neighbourhood's postcode ranges become exactly those in the file. Anything the file does
    not mention is left alone. Raises ``ImportRefused`` listing every bad row.
    """
    rows = _rows_check(csv_rows_read(stream=stream, columns=AREA_COLUMNS))
    created = updated = 0

    def count(was_created: bool, was_changed: bool = True) -> None:
        nonlocal created, updated
        if was_created:
            created += 1
        elif was_changed:
            updated += 1

    with transaction.atomic():
        municipalities: dict[str, Municipality] = {}
        areas: dict[tuple[str, str], TeamArea] = {}
        neighbourhoods: dict[tuple[str, str], Neighbourhood] = {}
        ranges: dict[tuple[str, str], set[tuple[int, str, str]]] = {}
        for row in rows:
            if row.municipality_code not in municipalities:
                municipality, was_created = Municipality.objects.get_or_create(
                    code=row.municipality_code, defaults={"name": row.municipality_name}
                )
                count(was_created, record_update(municipality, name=row.municipality_name))
                municipalities[row.municipality_code] = municipality
            municipality = municipalities[row.municipality_code]

            area_key = (row.municipality_code, row.area_code)
            if area_key not in areas:
                area, was_created = TeamArea.objects.get_or_create(
                    municipality=municipality, code=row.area_code, defaults={"name": row.area_name}
                )
                count(was_created, record_update(area, name=row.area_name))
                areas[area_key] = area
            area = areas[area_key]

            neighbourhood_key = (row.municipality_code, row.neighbourhood_code)
            if neighbourhood_key not in neighbourhoods:
                # Matched within the municipality, so a file can move a neighbourhood to
                # another area without losing the households that point at it.
                neighbourhood = Neighbourhood.objects.filter(
                    area__municipality=municipality, code=row.neighbourhood_code
                ).first()
                if neighbourhood is None:
                    neighbourhood = Neighbourhood.objects.create(
                        area=area,
                        code=row.neighbourhood_code,
                        name=row.neighbourhood_name,
                        population=row.population,
                    )
                    count(True)
                else:
                    count(
                        False,
                        record_update(
                            neighbourhood,
                            area=area,
                            name=row.neighbourhood_name,
                            population=row.population,
                        ),
                    )
                neighbourhoods[neighbourhood_key] = neighbourhood
                ranges[neighbourhood_key] = set()
            if row.pc4 is not None:
                ranges[neighbourhood_key].add((row.pc4, row.letters_from, row.letters_to))

        # Removals first, so a range moving between neighbourhoods never exists twice.
        for key, wanted in ranges.items():
            neighbourhood = neighbourhoods[key]
            for existing in list(neighbourhood.postcode_ranges.all()):
                if (existing.pc4, existing.letters_from, existing.letters_to) not in wanted:
                    existing.delete()
                    updated += 1
        for key, wanted in ranges.items():
            neighbourhood = neighbourhoods[key]
            present = set(
                neighbourhood.postcode_ranges.values_list("pc4", "letters_from", "letters_to")
            )
            new = sorted(wanted - present)
            PostcodeRange.objects.bulk_create(
                PostcodeRange(
                    neighbourhood=neighbourhood, pc4=pc4, letters_from=start, letters_to=end
                )
                for pc4, start, end in new
            )
            created += len(new)
    return ImportSummary(rows=len(rows), created=created, updated=updated)


def areas_export(*, stream: TextIO) -> int:
    """Write every municipality's areas as CSV in the import format; the number of rows.

    A neighbourhood without postcode ranges gets one row with the range columns empty, so that
    exporting and importing again gives back the same areas.
    """
    rows = []
    neighbourhoods = Neighbourhood.objects.select_related("area__municipality").prefetch_related(
        "postcode_ranges"
    )
    for neighbourhood in sorted(
        neighbourhoods,
        key=lambda n: (n.area.municipality.code, n.area.code, n.code),
    ):
        area = neighbourhood.area
        base = {
            "municipality_code": area.municipality.code,
            "municipality_name": area.municipality.name,
            "area_code": area.code,
            "area_name": area.name,
            "neighbourhood_code": neighbourhood.code,
            "neighbourhood_name": neighbourhood.name,
            "population": neighbourhood.population,
        }
        postcode_ranges = sorted(
            neighbourhood.postcode_ranges.all(), key=lambda r: (r.pc4, r.letters_from)
        )
        if not postcode_ranges:
            rows.append({**base, "pc4": "", "letters_from": "", "letters_to": ""})
        for postcode_range in postcode_ranges:
            rows.append(
                {
                    **base,
                    "pc4": postcode_range.pc4,
                    "letters_from": postcode_range.letters_from,
                    "letters_to": postcode_range.letters_to,
                }
            )
    csv_rows_write(stream=stream, columns=AREA_COLUMNS, rows=rows)
    return len(rows)
