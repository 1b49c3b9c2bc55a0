"""Issue 5's promise, checked across all its outputs at once: no signal, page, export or API
answer of community work or the area analysis shows a count below the disclosure threshold, or
any personal field of the households behind the figures.

One world holds every kind of small number the figures are built from: a detected signal whose
previous period had 2 households, a theme on 1 household elsewhere, a neighbourhood with 2
registrations, an activity that 1 plan action joins. Each output is read by the policy advisor
and by the community worker; the personal values of every household must be absent, and every
count the outputs give must be withheld or at least the threshold.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.community.detection import signals_detect
from wijkteam.community.models import NeighbourhoodSignal
from wijkteam.community.tests.signal_world import theme, themed_households
from wijkteam.community.tests.test_activities_support import activity, community_worker
from wijkteam.households.models import Person
from wijkteam.plans.services import action_add

THRESHOLD = 5
# Keys of the API answers that carry a count of households, cases, registrations or actions.
COUNT_KEYS = {"households", "previous_households", "registrations", "actions"}
# Export columns that carry such a count.
COUNT_COLUMNS = {"households", "previous_households", "registrations"}

# Personal values of the households behind the figures: none may leave the files.
GIVEN, FAMILY = "Wubbolt", "Quadflieg-Ypma"
STREET, QUESTION = "Zwavelzuurpad", "Ik durf de deur niet meer uit sinds de inbraak"
BSN = "111222333"


@pytest.fixture
def small_world(world, settings):
    settings.WIJKTEAM_DISCLOSURE_THRESHOLD = THRESHOLD
    settings.WIJKTEAM_SIGNAL_MINIMUM = THRESHOLD
    policy_group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[Role.POLICY_ADVISOR])
    world.policy.groups.add(policy_group)
    today = timezone.localdate()
    meerwijk = world.schalkwijk.area.neighbourhoods.get(code="meerwijk")
    boerhaave = world.schalkwijk.area.neighbourhoods.get(code="boerhaavewijk")
    parkwijk = world.oost.area.neighbourhoods.get(code="parkwijk")
    personal = {"street": STREET, "postcode": "2036XQ", "house_number": 17}
    # A cluster of loneliness in Meerwijk (found), with 2 households the period before.
    households = themed_households(meerwijk, 6, today=today, **personal)
    households += themed_households(meerwijk, 2, today=today, days_ago=120, **personal)
    # One household with debts in Parkwijk, one with loneliness in Boerhaavewijk.
    households += themed_households(parkwijk, 1, code="debts", today=today, **personal)
    households += themed_households(boerhaave, 1, today=today, **personal)
    for number, household in enumerate(households):
        Person.objects.create(
            household=household,
            given_name=GIVEN,
            family_name=FAMILY,
            bsn=BSN if number == 0 else "",
        )
        household.cases.update(question=QUESTION)
    signals_detect(today=today)
    signal = NeighbourhoodSignal.objects.get(neighbourhood=meerwijk)
    worker = community_worker(world)
    made = activity(world, worker.user, signals=[signal], themes=[theme()])
    # One plan action joins the activity: the route count is 1.
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    action_add(
        actor=world.director.user,
        goal=case.plan.goals.get(),
        description="Naar de koffieochtend",
        step=2,
        performer="volunteer_organisation",
        step_reason="Klein netwerk",
        collective_activity=made,
    )
    start, end = (today - timedelta(days=365)).isoformat(), today.isoformat()
    period = f"start={start}&end={end}"
    return {
        "readers": [world.policy, worker.user],
        "pages": [
            "/buurt/signalen/",
            f"/buurt/signalen/{signal.pk}/",
            "/buurt/activiteiten/",
            f"/buurt/activiteiten/{made.pk}/",
            f"/monitoring/wijkanalyse/?{period}&level=neighbourhood",
            f"/monitoring/wijkanalyse/?{period}&level=team_area",
        ],
        "exports": ["/buurt/signalen/export/", f"/monitoring/wijkanalyse/export/?{period}"],
        "api": [
            "/api/neighbourhood-signals/",
            f"/api/neighbourhood-signals/{signal.pk}/",
            "/api/collective-activities/",
            f"/api/collective-activities/{made.pk}/",
            f"/api/area-analysis/?{period}",
        ],
    }


def _no_personal_values(url: str, body: str) -> None:
    for value in (GIVEN, FAMILY, STREET, QUESTION, BSN, "2036XQ", "2036 XQ"):
        assert value not in body, (url, value)


def _counts_in(data: object, key: str = "") -> list[tuple[str, object]]:
    """Every value under a count key, anywhere in an API answer."""
    if isinstance(data, dict):
        return [found for k, v in data.items() for found in _counts_in(v, k)]
    if isinstance(data, list):
        return [found for item in data for found in _counts_in(item, key)]
    return [(key, data)] if key in COUNT_KEYS else []


@pytest.mark.parametrize("reader", [0, 1], ids=["policy_advisor", "community_worker"])
def test_no_output_of_issue_5_shows_a_small_count_or_a_personal_field(client, small_world, reader):
    client.force_login(small_world["readers"][reader])
    with translation.override("en"):
        for url in small_world["pages"]:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, url
            _no_personal_values(url, response.content.decode())

        for url in small_world["exports"]:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            _no_personal_values(url, body)
            rows = list(csv.DictReader(io.StringIO(body)))
            assert rows, url
            for row in rows:
                for column in COUNT_COLUMNS & set(row):
                    cell = row[column]
                    assert cell in {"", f"<{THRESHOLD}"} or int(cell) >= THRESHOLD, (url, row)

        for url in small_world["api"]:
            response = client.get(url)
            assert response.status_code == 200, url
            _no_personal_values(url, response.content.decode())
            for key, value in _counts_in(response.json()):
                assert value is None or value >= THRESHOLD, (url, key, value)


def test_the_small_numbers_are_there_to_hide(client, small_world, world):
    """The sweep above can only pass for the right reason: the small numbers exist, and the
    outputs say they are withheld instead of leaving them out unnoticed."""
    client.force_login(world.policy)
    signal = NeighbourhoodSignal.objects.get(neighbourhood__code="meerwijk")
    latest = signal.detections.get()
    assert (latest.households, latest.previous_households) == (6, 2)
    signals = client.get("/api/neighbourhood-signals/").json()["results"]
    detected = next(row for row in signals if row["id"] == signal.pk)
    assert detected["households"] == 6
    assert detected["previous_households"] is None and detected["previous_households_suppressed"]
    route = client.get(small_world["api"][3]).json()["route"]
    assert route["actions"] is None and route["actions_suppressed"]
    export = client.get(small_world["exports"][1]).content.decode()
    parkwijk = next(row for row in csv.DictReader(io.StringIO(export)) if row["name"] == "Parkwijk")
    assert parkwijk["registrations"] == f"<{THRESHOLD}"
    page = client.get(small_world["pages"][1], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"fewer than {THRESHOLD}" in page
