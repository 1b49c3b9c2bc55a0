"""The area analysis page, its CSV export and its API: the right figures, "fewer than 5" for a
small neighbourhood, no personal field anywhere, refusals, and bounded queries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.areas.models import Neighbourhood
from wijkteam.monitoring.tests.conftest import PERSONAL
from wijkteam.teams.tests.factories import UserFactory

PAGE = reverse("monitoring:area_analysis")
EXPORT = reverse("monitoring:area_analysis_export")
API = "/api/area-analysis/"
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}
TWO = ("finances", "housing")


@pytest.fixture
def small_world(world, register):
    """Boerhaavewijk 20 registrations, Meerwijk 2, Parkwijk 12, with names, addresses, a BSN
    and a question that must not leak."""
    places = {n.code: n for n in Neighbourhood.objects.all()}
    for _ in range(20):
        register(
            places["boerhaavewijk"],
            domains=TWO,
            intake={"finances": 1, "housing": 2},
            theme_names=["Schulden"],
        )
    for _ in range(2):
        register(
            places["meerwijk"],
            domains=TWO,
            intake={"finances": 1, "housing": 2},
            theme_names=["Eenzaamheid"],
        )
    for _ in range(12):
        register(places["parkwijk"], intake={"finances": 4}, theme_names=["Schulden"])
    return world


def _client(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _no_personal_field(text: str) -> None:
    for value in PERSONAL:
        assert value not in text, value


def test_page_shows_figures_and_fewer_than_5(small_world, policy, client):
    response = _client(client, policy).get(PAGE, {**PERIOD, "level": "neighbourhood"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html and 'scope="row"' in html
    # Meerwijk's 2 registrations, and Boerhaavewijk's 20 that would give them away.
    assert html.count("fewer than 5") >= 8
    assert "Parkwijk" in html and "2.4" in html  # 12 per 5,000
    assert "Below the guideline of 6,000–10,000 inhabitants per team" in html  # Oost 2
    assert "style=" not in html.split("<main", 1)[1]
    assert "<svg" in html and "<title" in html and "<desc" in html
    _no_personal_field(html)


def test_page_ranks_and_draws_no_bar_for_withheld_figures(small_world, policy, client):
    response = _client(client, policy).get(PAGE, {**PERIOD, "level": "neighbourhood"})
    rows = response.context["rows"]
    assert [(row.name, row.rank) for row in rows] == [
        ("Parkwijk", 1),
        ("Boerhaavewijk", None),
        ("Meerwijk", None),
    ]
    bars = [bar for group in response.context["rate_chart"].groups for bar in group.bars]
    assert [bar.drawn for bar in bars] == [True, False, False]


def test_page_by_team_area_and_zrm_chart_for_a_chosen_area(small_world, policy, client):
    oost = next(a for a in small_world.oost.area.__class__.objects.filter(code="oost-2"))
    response = _client(client, policy).get(
        PAGE,
        {**PERIOD, "level": "team_area", "sort": "zrm_finances", "area": f"team_area:{oost.pk}"},
    )
    assert response.status_code == 200
    assert response.context["chosen"].name == "Oost 2"
    assert [row.name for row in response.context["rows"]] == ["Schalkwijk 1", "Oost 2"]
    assert "Average intake ZRM per life domain: Oost 2 and the municipality" in (
        response.content.decode()
    )


def test_default_period_and_invalid_dates_keep_the_input(world, policy, client):
    client = _client(client, policy)
    assert client.get(PAGE).status_code == 200
    response = client.get(PAGE, {"start": "31-02-2025", "end": "2025-01-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="31-02-2025"' in html
    response = client.get(PAGE, {"start": "2025-03-01", "end": "2025-01-01"})
    assert response.status_code == 400
    assert "The end lies before the start." in response.content.decode()
    assert client.get(EXPORT, {"start": "2025-03-01", "end": "nonsense"}).status_code == 400


def test_policy_advisors_start_page_links_it(world, policy, client):
    response = _client(client, policy).get("/")
    assert f'href="{PAGE}"' in response.content.decode()


def test_export_has_the_same_figures_and_lt5(small_world, policy, client):
    response = _client(client, policy).get(EXPORT, PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    _no_personal_field(text)
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Meerwijk"]["registrations"] == "<5"
    assert rows["Meerwijk"]["registrations_per_1000"] == "<5"
    assert rows["Meerwijk"]["multi_domain_pct"] == "<5"
    assert rows["Meerwijk"]["zrm_finances"] == "<5"
    assert rows["Boerhaavewijk"]["registrations"] == "<5"  # the complement
    assert rows["Schalkwijk 1"]["registrations"] == "22"
    assert rows["Parkwijk"]["registrations_per_1000"] == "2.4"
    assert rows["Haarlem"]["registrations"] == "34"
    assert rows["Oost 2"]["guideline"] == "below"
    assert "Eenzaamheid" not in text


def test_api_nulls_and_names_withheld_figures(small_world, policy):
    api = APIClient()
    api.force_authenticate(policy)
    response = api.get(API, PERIOD)
    assert response.status_code == 200
    body = response.json()
    _no_personal_field(json.dumps(body))
    meerwijk = next(row for row in body["neighbourhoods"] if row["name"] == "Meerwijk")
    assert meerwijk["registrations"] is None and meerwijk["rate"] is None
    assert meerwijk["multi_domain_share"] is None
    assert {"registrations", "rate", "multi_domain_share", "zrm.finances.mean"} <= set(
        meerwijk["suppressed"]
    )
    assert next(z for z in meerwijk["zrm"] if z["domain"] == "finances")["mean"] is None
    parkwijk = next(row for row in body["neighbourhoods"] if row["name"] == "Parkwijk")
    assert parkwijk["registrations"] == 12 and "registrations" not in parkwijk["suppressed"]
    assert body["municipality"]["registrations"] == 34
    assert body["disclosure_threshold"] == 5
    assert api.get(API, {"start": "2025-03-01", "end": "2025-01-01"}).status_code == 400
    assert api.get(API, {"start": "nonsense"}).status_code == 400


@pytest.mark.parametrize("role", [Role.BACK_OFFICE, Role.LOG_OFFICER])
def test_back_office_and_log_officer_are_refused(world, client, role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.get(EXPORT).status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(API).status_code == 403


def test_team_members_see_it_and_the_menu_links_it(world, client):
    response = _client(client, world.director.user).get(PAGE, PERIOD)
    assert response.status_code == 200
    assert f'href="{PAGE}" aria-current="page"' in response.content.decode()


def test_page_queries_do_not_grow_with_cases(
    world, policy, client, register, django_assert_max_num_queries
):
    client = _client(client, policy)
    places = list(Neighbourhood.objects.all())
    for place in places:
        register(place, domains=TWO)
    with django_assert_max_num_queries(20) as few:
        client.get(PAGE, {**PERIOD, "level": "neighbourhood"})
    for _ in range(8):
        for place in places:
            register(place, domains=TWO, intake={"finances": 2}, theme_names=["Schulden"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE, {**PERIOD, "level": "neighbourhood"})
