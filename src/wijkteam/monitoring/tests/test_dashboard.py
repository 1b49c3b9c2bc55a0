"""The dashboard: figures against the previous period on hand-made data, exact counts for the
own team and "fewer than 5" (with complementary suppression between the teams) for anyone
outside it, its exports (CSV and XLSX), its API, refusals and bounded queries."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.areas.models import Neighbourhood
from wijkteam.core.disclosure import Suppressed
from wijkteam.monitoring.dashboard import (
    DashboardPeriod,
    dashboard_compute,
    dashboard_period_parse,
)
from wijkteam.monitoring.dashboard_export import dashboard_export_write
from wijkteam.monitoring.indicators import INDICATORS, TEAM, Scope
from wijkteam.monitoring.tests.conftest import PERSONAL, at

PAGE = reverse("monitoring:dashboard")
EXPORT = reverse("monitoring:dashboard_export")
API = "/api/dashboard/"
YEAR_2025 = DashboardPeriod("year", 2025)


@pytest.fixture
def places(world):
    return {n.code: n for n in Neighbourhood.objects.all()}


@pytest.fixture
def two_and_twenty(world, register, places):
    """Oost 2 (Parkwijk) has 2 registrations in 2025, Schalkwijk 1 (Boerhaavewijk) 20; and
    Schalkwijk 3 in 2024."""
    for _ in range(2):
        register(places["parkwijk"])
    for _ in range(20):
        register(places["boerhaavewijk"])
    for _ in range(3):
        register(places["boerhaavewijk"], when=at(date(2024, 5, 1)))
    return world


def _client(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _xlsx_rows(content: bytes, sheet: int = 1) -> list[list[object]]:
    """The cells of a worksheet, read straight from the file (no spreadsheet library)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314 (our own file)
        strings = ["".join(t.text or "" for t in si.iter(f"{SHEET}t")) for si in shared]
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{sheet}.xml"))  # noqa: S314
    rows = []
    for row in root.iter(f"{SHEET}row"):
        cells: list[object] = [None] * 11
        for cell in row.iter(f"{SHEET}c"):
            column = ord(cell.get("r")[0]) - ord("A")
            value = cell.find(f"{SHEET}v")
            if value is None:
                continue
            if cell.get("t") == "s":
                cells[column] = strings[int(value.text)]
            else:
                number = float(value.text)
                cells[column] = int(number) if number.is_integer() else number
        rows.append(cells)
    return rows


def _card(dashboard, key):
    return next(card for card in dashboard.cards if card.key == key)


# The figures -------------------------------------------------------------------------------------


def test_previous_period_and_change_for_the_own_team(two_and_twenty):
    user = two_and_twenty.director.user
    dashboard = dashboard_compute(
        user=user, scope=Scope(TEAM, two_and_twenty.schalkwijk.pk), period=YEAR_2025
    )
    assert dashboard.exact
    card = _card(dashboard, "questions_registered")
    assert (card.value, card.previous, card.change) == (20, 3, 17)
    assert [item.value for item in card.chart_items] == [3, 20]
    assert len(dashboard.cards) == len(INDICATORS)
    assert dashboard.previous_period.start == date(2024, 1, 1)


def test_previous_period_of_a_quarter_and_a_month():
    assert dashboard_period_parse(year=2026, quarter=1).previous() == DashboardPeriod(
        "quarter", 2025, 4
    )
    assert dashboard_period_parse(year=2026, month=3).previous().period.start == date(2026, 2, 1)
    assert dashboard_period_parse(year=2026, quarter=2).period.end == date(2026, 6, 30)


def test_the_own_team_sees_exact_small_numbers(two_and_twenty):
    oost = two_and_twenty.oost
    own = dashboard_compute(
        user=two_and_twenty.outsider.user, scope=Scope(TEAM, oost.pk), period=YEAR_2025
    )
    assert _card(own, "questions_registered").value == 2
    other = dashboard_compute(
        user=two_and_twenty.director.user, scope=Scope(TEAM, oost.pk), period=YEAR_2025
    )
    assert not other.exact
    assert isinstance(_card(other, "questions_registered").value, Suppressed)


def test_policy_advisor_gets_suppression_and_complements_between_teams(two_and_twenty, policy):
    dashboard = dashboard_compute(user=policy, scope=Scope(), period=YEAR_2025)
    assert not dashboard.exact
    card = _card(dashboard, "questions_registered")
    assert card.value == 22  # the municipality
    assert isinstance(card.previous, Suppressed)  # 3 in 2024
    assert isinstance(card.change, Suppressed)
    per_team = {row.name: row.values["questions_registered"] for row in dashboard.teams}
    # Oost's 2 is withheld; Schalkwijk's 20 too, or 22 − 20 would give it away.
    assert all(isinstance(value, Suppressed) for value in per_team.values()), per_team
    budget = {row.name: row.values["budget_spent"] for row in dashboard.teams}
    assert not any(isinstance(value, Suppressed) for value in budget.values())


def test_page_for_the_policy_advisor(two_and_twenty, policy, client):
    response = _client(client, policy).get(PAGE, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "fewer than 5" in html
    assert "Municipality: Haarlem" in html  # the municipality by its name
    assert "Comparison between teams" in html and "Oost 2" in html
    assert "<svg" in html and "<details" in html and "The numbers" in html
    assert "The numbers per team" in html
    assert str(INDICATORS["questions_registered"].definition) in html
    assert "style=" not in html.split("<main", 1)[1]
    assert "cdn" not in html.lower()
    for value in PERSONAL:
        assert value not in html


def test_page_defaults_to_the_own_team_and_shows_exact_numbers(two_and_twenty, client):
    response = _client(client, two_and_twenty.outsider.user).get(PAGE, {"year": 2025})
    dashboard = response.context["dashboard"]
    assert dashboard.scope == Scope(TEAM, two_and_twenty.oost.pk)
    assert dashboard.exact and _card(dashboard, "questions_registered").value == 2
    assert "This is your own team" in response.content.decode()


def test_page_keeps_bad_input_and_says_why(world, policy, client):
    response = _client(client, policy).get(PAGE, {"level": "team", "year": "twee"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "twee" in html and "Choose which one." in html
    response = client.get(PAGE, {"level": "team", "scope": 999999})
    assert response.status_code == 400
    assert "does not exist" in response.content.decode()


@pytest.mark.parametrize("who", ["backoffice", "nobody"])
def test_others_are_refused(world, client, who):
    user = world.backoffice
    if who == "backoffice":
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.BACK_OFFICE]))
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.get(EXPORT, {"format": "csv"}).status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(API).status_code == 403


# Exports -----------------------------------------------------------------------------------------


def test_csv_export_has_fewer_than_5(two_and_twenty, policy, client):
    response = _client(client, policy).get(EXPORT, {"year": 2025, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    lines = list(csv.DictReader(io.StringIO(text)))
    total = next(
        line
        for line in lines
        if line["indicator"] == "questions_registered" and line["row"] == "total"
    )
    assert (total["value"], total["previous_value"], total["change"]) == ("22", "<5", "<5")
    teams = [
        line["value"]
        for line in lines
        if line["indicator"] == "questions_registered" and line["row"].startswith("team:")
    ]
    assert teams == ["<5", "<5"]
    for value in PERSONAL:
        assert value not in text


def test_xlsx_export_reads_back(two_and_twenty, client):
    user = two_and_twenty.director.user
    scope = two_and_twenty.schalkwijk.pk
    response = _client(client, user).get(
        EXPORT, {"level": "team", "scope": scope, "year": 2025, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    rows = _xlsx_rows(response.content)
    header = rows[0]
    total = next(
        dict(zip(header, row, strict=False))
        for row in rows[1:]
        if row[0] == "questions_registered" and row[header.index("row")] == "total"
    )
    assert (total["value"], total["previous_value"], total["change"]) == (20, 3, 17)
    definitions = _xlsx_rows(response.content, sheet=2)
    assert len(definitions) == len(INDICATORS) + 1


def test_xlsx_export_writes_fewer_than_5_as_text(two_and_twenty, policy):
    dashboard = dashboard_compute(user=policy, scope=Scope(), period=YEAR_2025)
    stream = io.BytesIO()
    calls: list[tuple[int, int]] = []
    dashboard_export_write(
        dashboard=dashboard, stream=stream, fmt="xlsx", progress=lambda d, t: calls.append((d, t))
    )
    assert calls[-1] == (len(INDICATORS), len(INDICATORS)) and len(calls) == len(INDICATORS)
    values = [row[8] for row in _xlsx_rows(stream.getvalue())]
    assert "<5" in values


def test_export_refuses_an_unknown_format(world, policy, client):
    assert _client(client, policy).get(EXPORT, {"format": "pdf"}).status_code == 400


# API ---------------------------------------------------------------------------------------------


def test_api_nulls_and_lists_the_suppressed(two_and_twenty, policy):
    api = APIClient()
    api.force_authenticate(policy)
    response = api.get(API, {"year": 2025})
    assert response.status_code == 200
    data = response.json()
    card = next(i for i in data["indicators"] if i["key"] == "questions_registered")
    assert card["value"] == 22 and card["previous"] is None
    assert "previous" in card["suppressed"]
    oost = next(team for team in data["teams"] if team["name"] == "Oost 2")
    figure = next(f for f in oost["figures"] if f["indicator"] == "questions_registered")
    assert figure["value"] is None and figure["suppressed"]
    response = api.get(API, {"level": "team", "scope": 999999})
    assert response.status_code == 400


# Queries -----------------------------------------------------------------------------------------


def test_team_year_page_queries_do_not_grow(
    world, register, places, client, django_assert_max_num_queries
):
    client = _client(client, world.director.user)
    query = {"level": "team", "scope": world.schalkwijk.pk, "year": 2025}
    register(places["boerhaavewijk"], intake={"finances": 2})
    with django_assert_max_num_queries(45) as few:
        assert client.get(PAGE, query).status_code == 200
    for _ in range(3):
        for code in ("boerhaavewijk", "meerwijk"):
            register(places[code], domains=("finances", "housing"), intake={"finances": 2})
            register(places[code], when=at(date(2024, 3, 1)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(PAGE, query).status_code == 200
