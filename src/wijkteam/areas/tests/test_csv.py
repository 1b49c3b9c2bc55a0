"""Importing and exporting areas as CSV, and the Haarlem reference file."""

import io
from collections import defaultdict
from itertools import combinations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from wijkteam.areas.models import Municipality, Neighbourhood, PostcodeRange, TeamArea
from wijkteam.areas.services import AREA_COLUMNS, areas_export, areas_import
from wijkteam.core.csvio import ImportRefused, csv_rows_read
from wijkteam.core.demo.haarlem import AREAS_CSV

HEADER = ",".join(AREA_COLUMNS)

# Seed 004 §4: the 8 team areas of Haarlem and their neighbourhoods, as the seed names them.
SEED_004_AREAS = {
    "Schalkwijk 1": {"Boerhaavewijk", "Meerwijk"},
    "Schalkwijk 2": {"Europawijk", "Molenwijk"},
    "Oost 1": {"Slachthuisbuurt", "Amsterdamsebuurt", "Van Zeggelenbuurt"},
    "Oost 2": {"Parkwijk", "Zuiderpolder"},
    "Noord 1": {
        "Vondelkwartier",
        "Vogelbuurt",
        "Dietsveld",
        "Delftwijk",
        "Indischebuurt Noord",
        "Planetenwijk",
        "Sinnevelt",
        "Waarderpolder (woongebieden)",
    },
    "Noord 2": {
        "de Krim",
        "Bomenbuurt",
        "Indische buurt Zuid",
        "Transvaal",
        "Patrimonium",
        "Frans Hals",
        "Kleverpark",
        "Sportheldenbuurt",
    },
    "Oude stad/centrum en Rozenprieel": {"Oude stad/centrum", "Rozenprieel", "Scheepmakersdijk"},
    "Overig Zuid-West": {"Overig Zuid-West"},
}
HAARLEM_PC4 = {*range(2011, 2016), *range(2021, 2027), *range(2031, 2038)}


def _import(text: str):
    return areas_import(stream=io.StringIO(text))


def _export() -> str:
    buffer = io.StringIO()
    areas_export(stream=buffer)
    return buffer.getvalue()


def _haarlem_import():
    with AREAS_CSV.open(encoding="utf-8", newline="") as stream:
        return areas_import(stream=stream)


def _letters_index(letters: str) -> int:
    return (ord(letters[0]) - 65) * 26 + ord(letters[1]) - 65


def test_haarlem_file_has_exactly_the_areas_and_neighbourhoods_of_seed_004():
    with AREAS_CSV.open(encoding="utf-8", newline="") as stream:
        rows = csv_rows_read(stream=stream, columns=AREA_COLUMNS)
    areas = defaultdict(set)
    for _number, row in rows:
        assert row["municipality_code"] == "0392" and row["municipality_name"] == "Haarlem"
        areas[row["area_name"]].add(row["neighbourhood_name"])
    assert dict(areas) == SEED_004_AREAS


def test_haarlem_file_has_plausible_populations():
    with AREAS_CSV.open(encoding="utf-8", newline="") as stream:
        rows = csv_rows_read(stream=stream, columns=AREA_COLUMNS)
    population = {
        (row["area_code"], row["neighbourhood_code"]): row["population"] for _, row in rows
    }
    per_area = defaultdict(int)
    for (area, _neighbourhood), inhabitants in population.items():
        per_area[area] += int(inhabitants)
    assert 150_000 <= sum(per_area.values()) <= 170_000
    assert all(10_000 <= inhabitants <= 30_000 for inhabitants in per_area.values()), per_area


def test_haarlem_postcode_ranges_do_not_overlap_and_cover_the_municipality(db):
    _haarlem_import()
    by_pc4 = defaultdict(list)
    for postcode_range in PostcodeRange.objects.all():
        by_pc4[postcode_range.pc4].append(postcode_range)
    assert set(by_pc4) == HAARLEM_PC4
    for pc4, ranges in by_pc4.items():
        for a, b in combinations(ranges, 2):
            assert a.letters_to < b.letters_from or b.letters_to < a.letters_from, (a, b)
        covered = sum(
            _letters_index(r.letters_to) - _letters_index(r.letters_from) + 1 for r in ranges
        )
        assert covered == 26 * 26, pc4


def test_import_creates_then_running_again_changes_nothing(db):
    first = _haarlem_import()
    counts = (
        Municipality.objects.count(),
        TeamArea.objects.count(),
        Neighbourhood.objects.count(),
        PostcodeRange.objects.count(),
    )
    assert counts == (1, 8, 29, 32)
    assert first.created == sum(counts) and first.updated == 0
    again = _haarlem_import()
    assert (again.created, again.updated) == (0, 0)
    assert (
        Municipality.objects.count(),
        TeamArea.objects.count(),
        Neighbourhood.objects.count(),
        PostcodeRange.objects.count(),
    ) == counts


def test_import_updates_names_and_replaces_a_neighbourhoods_ranges(db):
    _import(
        f"{HEADER}\n"
        "0392,Haarlem,oost-2,Oost 2,parkwijk,Parkwijk,5000,2033,AA,KZ\n"
        "0392,Haarlem,oost-2,Oost 2,parkwijk,Parkwijk,5000,2032,AA,ZZ\n"
    )
    summary = _import(
        f"{HEADER}\n0392,Haarlem,oost-2,Oost Twee,parkwijk,Parkwijk,5100,2033,AA,MZ\n"
    )
    area = TeamArea.objects.get(code="oost-2")
    assert area.name == "Oost Twee"
    assert Neighbourhood.objects.get(code="parkwijk").population == 5100
    assert list(PostcodeRange.objects.values_list("pc4", "letters_from", "letters_to")) == [
        (2033, "AA", "MZ")
    ]
    assert summary.created == 1  # the new range; the rest was updated in place
    assert TeamArea.objects.count() == 1 and Neighbourhood.objects.count() == 1


def test_import_reports_every_bad_row_with_its_row_number_and_writes_nothing(db):
    text = (
        "# a comment row\n"
        f"{HEADER}\n"
        "392,Haarlem,oost-2,Oost 2,parkwijk,Parkwijk,5000,2033,AA,KZ\n"  # row 3: code
        "0392,Haarlem,oost-2,Oost 2,parkwijk,Parkwijk,5000,2033,A1,KZ\n"  # row 4: letters
        "0392,Haarlem,oost-2,Oost 2,zuiderpolder,Zuiderpolder,6000,2034,KZ,AA\n"  # row 5: order
        "0392,Haarlem,oost-2,Oost 2,zuiderpolder,Zuiderpolder,6000,2033,AA,ZZ\n"  # valid
        "0392,Haarlem,oost-2,Oost 2,eiland,Eiland,x,2033,ZA,ZZ\n"  # row 7: population
        "0392,Haarlem,oost-2,Oost Twee,molen,Molen,10,2033,KA,LZ\n"  # row 8: overlap, name
        "0392,Haarlem,oost-2,Oost 2,molen,Molen,11,,,\n"  # row 9: population differs
    )
    with pytest.raises(ImportRefused) as refused:
        _import(text)
    problems = {(e.extra["row"], e.field, e.code) for e in refused.value.errors}
    assert problems == {
        (3, "municipality_code", "invalid_code"),
        (4, "letters_from", "invalid_letters"),
        (5, "letters_to", "range_order"),
        (7, "population", "invalid"),
        (8, "area_name", "inconsistent"),
        (8, "letters_from", "range_overlap"),
        (9, "population", "inconsistent"),
    }
    assert [e["row"] for e in refused.value.extra["errors"]] == [3, 4, 5, 7, 8, 8, 9]
    assert not Municipality.objects.exists() and not PostcodeRange.objects.exists()


def test_import_refuses_a_range_overlapping_one_already_loaded_elsewhere(db):
    _import(f"{HEADER}\n0392,Haarlem,oost-2,Oost 2,parkwijk,Parkwijk,5000,2033,AA,KZ\n")
    with pytest.raises(ImportRefused) as refused:
        _import(f"{HEADER}\n0392,Haarlem,oost-1,Oost 1,slachthuis,Slachthuis,10,2033,KA,ZZ\n")
    assert [(e.extra["row"], e.code) for e in refused.value.errors] == [(2, "range_overlap")]
    assert not TeamArea.objects.filter(code="oost-1").exists()


def test_import_refuses_a_wrong_header():
    with pytest.raises(ImportRefused) as refused:
        _import("municipality_code,name\n0392,Haarlem\n")
    assert refused.value.errors[0].code == "header"


def test_import_reads_semicolons_and_a_byte_order_mark(db):
    text = (
        "\ufeff"
        + HEADER.replace(",", ";")
        + "\n0392;Haarlem;oost-2;Oost 2;park;Park;1;2033;aa;kz\n"
    )
    _import(text)
    assert PostcodeRange.objects.get().letters_to == "KZ"


def test_export_import_export_round_trip_is_identical(db):
    _haarlem_import()
    _import(f"{HEADER}\n9999,Elders,noord,Noord,leeg,Leeg,0,,,\n")  # without postcodes
    exported = _export()
    PostcodeRange.objects.all().delete()
    Neighbourhood.objects.all().delete()
    TeamArea.objects.all().delete()
    Municipality.objects.all().delete()

    _import(exported)
    assert _export() == exported
    assert exported.splitlines()[0] == HEADER
    assert len(exported.splitlines()) == 1 + 32 + 1


def test_commands_read_and_write_files_and_standard_streams(db, tmp_path, monkeypatch):
    source = tmp_path / "areas.csv"
    source.write_text(f"{HEADER}\n0392,Haarlem,oost-2,Oost 2,park,Park,1,2033,AA,KZ\n")
    out = io.StringIO()
    call_command("import_areas", str(source), stdout=out)
    assert PostcodeRange.objects.count() == 1

    target = tmp_path / "export.csv"
    call_command("export_areas", str(target), stdout=io.StringIO())
    stdout = io.StringIO()
    call_command("export_areas", "-", stdout=stdout)
    assert target.read_text() == stdout.getvalue() == source.read_text()

    monkeypatch.setattr(
        "sys.stdin", io.StringIO(f"{HEADER}\n0392,Haarlem,oost-2,Oost 2,park,Park,2,2033,AA,KZ\n")
    )
    call_command("import_areas", "-", stdout=io.StringIO())
    assert Neighbourhood.objects.get().population == 2


def test_import_command_exits_non_zero_listing_each_bad_row(db, tmp_path):
    source = tmp_path / "areas.csv"
    source.write_text(
        f"{HEADER}\n"
        "0392,Haarlem,oost-2,Oost 2,park,Park,1,2033,AA,KZ\n"
        "0392,Haarlem,oost-2,Oost 2,park,Park,1,20333,AA,KZ\n"
        "0392,Haarlem,oost 2,Oost 2,veld,Veld,1,2034,AA,ZZ\n"
    )
    stderr = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_areas", str(source), stdout=io.StringIO(), stderr=stderr)
    assert "2 problems" in str(error.value)
    assert stderr.getvalue().splitlines() == [
        "Row 3, column pc4: Enter a whole number from 1000 to 9999.",
        "Row 4, column area_code: Use only letters, digits, hyphens and underscores, "
        "without spaces.",
    ]
    assert not Municipality.objects.exists()


def test_import_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_areas", str(tmp_path / "missing.csv"))
