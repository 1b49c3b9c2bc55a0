"""The signal pages, the export, the API and the resident's form; and the disclosure test:
no page, export or answer shows a count below the threshold or anything of a household."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.areas.models import Neighbourhood
from wijkteam.community.detection import signals_detect
from wijkteam.community.models import NeighbourhoodSignal, SignalOrigin, SignalStatus
from wijkteam.community.tests.signal_world import TODAY, detected_signal, theme, themed_households
from wijkteam.core.disclosure import Suppressed
from wijkteam.households.tests.factories import HouseholdFactory, PersonFactory
from wijkteam.residents.tests.factories import ResidentAccountFactory
from wijkteam.teams.models import Function
from wijkteam.teams.tests.factories import MembershipFactory


def _place(code: str) -> Neighbourhood:
    return Neighbourhood.objects.get(code=code)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login


@pytest.fixture
def api():
    def login(user):
        client = APIClient()
        client.force_authenticate(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login


@pytest.fixture
def policy(world):
    from django.contrib.auth.models import Group

    from wijkteam.access.roles import ROLE_GROUPS, Role

    world.policy.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.POLICY_ADVISOR]))
    return world.policy


@pytest.fixture
def worker(world):
    return MembershipFactory(team=world.schalkwijk, function=Function.COMMUNITY_WORKER).user


@pytest.fixture
def signals(world):
    """A detected signal in Meerwijk (Schalkwijk 1) and one in Parkwijk (Oost 2)."""
    return (
        detected_signal(team=world.schalkwijk, neighbourhood=_place("meerwijk")),
        detected_signal(team=world.oost, neighbourhood=_place("parkwijk"), code="debts"),
    )


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_the_signals_of_ones_own_teams(as_user, world, signals, policy):
    mine, theirs = signals
    url = reverse("community:signals")
    page = html(as_user(world.colleague.user).get(url))
    assert mine.reference in page and theirs.reference not in page
    page = html(as_user(world.outsider.user).get(url))
    assert theirs.reference in page and mine.reference not in page
    page = html(as_user(policy).get(url))
    assert mine.reference in page and theirs.reference in page


def test_the_list_is_refused_to_who_has_no_team(as_user, world, signals):
    assert as_user(world.backoffice).get(reverse("community:signals")).status_code == 403


def test_the_list_filters(as_user, policy, world, signals):
    client = as_user(policy)
    url = reverse("community:signals")
    page = html(client.get(url, {"team": world.oost.pk}))
    assert signals[1].reference in page and signals[0].reference not in page
    page = html(client.get(url, {"theme": theme().pk, "origin": "detected", "status": "new"}))
    assert signals[0].reference in page and signals[1].reference not in page
    assert client.get(url, {"status": "nonsense"}).status_code == 400


def test_the_list_takes_a_fixed_number_of_queries(
    as_user, policy, world, django_assert_max_num_queries
):
    for _ in range(12):
        detected_signal(team=world.schalkwijk, neighbourhood=_place("meerwijk"))
    client = as_user(policy)
    client.get(reverse("community:signals"))  # warm the session
    with django_assert_max_num_queries(18):  # fixed: none per row
        response = client.get(reverse("community:signals"))
    assert response.status_code == 200
    assert html(response).count("BS-") >= 12


# Filing ---------------------------------------------------------------------------------------


def test_filing_through_the_page(as_user, world):
    client = as_user(world.colleague.user)
    page = client.get(reverse("community:signal_file"))
    assert "Do not name people" in html(page)
    assert "Parkwijk" not in html(page)  # only the own team's neighbourhoods
    response = client.post(
        reverse("community:signal_file"),
        {
            "neighbourhood": _place("meerwijk").pk,
            "origin": SignalOrigin.PROFESSIONAL,
            "theme": theme().pk,
            "description": "Jongeren hangen 's avonds bij het speelveld",
        },
    )
    filed = NeighbourhoodSignal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:signal_detail", args=[filed.pk])


def test_a_refused_filing_keeps_what_was_typed(as_user, world):
    client = as_user(world.colleague.user)
    response = client.post(
        reverse("community:signal_file"),
        {
            "neighbourhood": _place("meerwijk").pk,
            "origin": SignalOrigin.PARTNER,
            "description": "Veel vragen over energierekeningen",
        },
    )
    assert response.status_code == 400
    assert "Name the organisation or initiative" in html(response)
    assert "Veel vragen over energierekeningen" in html(response)
    assert not NeighbourhoodSignal.objects.exists()


def test_filing_is_for_team_members(as_user, policy):
    assert as_user(policy).get(reverse("community:signal_file")).status_code == 403


# The signal's page ----------------------------------------------------------------------------


def test_the_page_shows_the_figures_and_who_may_act_gets_the_forms(as_user, world, worker, signals):
    mine = signals[0]
    url = reverse("community:signal_detail", args=[mine.pk])
    page = html(as_user(world.colleague.user).get(url))
    assert "Meerwijk" in page and "rising" in page
    assert reverse("community:signal_close", args=[mine.pk]) not in page
    assert as_user(world.outsider.user).get(url).status_code == 404
    page = html(as_user(worker).get(url))
    assert reverse("community:signal_close", args=[mine.pk]) in page
    assert f"{reverse('community:activity_create')}?signal={mine.pk}" in page


def test_closing_without_a_reason_is_refused_on_the_page(as_user, worker, signals):
    mine = signals[0]
    client = as_user(worker)
    url = reverse("community:signal_close", args=[mine.pk])
    response = client.post(url, {"closure": "no_action", "note": "", "version": mine.version})
    assert response.status_code == 400
    assert "Say why nothing is done" in html(response)
    response = client.post(url, {"closure": "approached", "version": mine.version - 1})
    assert response.status_code == 409
    response = client.post(url, {"closure": "approached", "version": mine.version})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == SignalStatus.CLOSED
    response = client.post(
        reverse("community:signal_reopen", args=[mine.pk]),
        {"note": "Nieuwe meldingen", "version": mine.version},
    )
    assert response.status_code == 302


def test_a_team_member_who_is_no_community_worker_cannot_close(as_user, world, signals):
    url = reverse("community:signal_close", args=[signals[0].pk])
    response = as_user(world.colleague.user).post(url, {"closure": "approached", "version": 1})
    assert response.status_code == 403


# The API --------------------------------------------------------------------------------------


def test_the_api_lists_files_reads_and_moves(api, world, worker, signals, policy):
    listed = api(policy).get("/api/neighbourhood-signals/", {"team": world.oost.pk}).json()
    assert [s["id"] for s in listed["results"]] == [signals[1].pk]
    assert api(policy).get("/api/neighbourhood-signals/", {"status": "x"}).status_code == 400
    created = api(world.colleague.user).post(
        "/api/neighbourhood-signals/",
        {
            "neighbourhood": _place("boerhaavewijk").pk,
            "origin": "professional",
            "description": "Veel eenzaamheid in de flats",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["team"] == world.schalkwijk.pk
    assert created.json()["households"] is None
    refused = api(world.colleague.user).post(
        "/api/neighbourhood-signals/",
        {"neighbourhood": _place("parkwijk").pk, "origin": "professional", "description": "x"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "outside_area"
    mine = signals[0]
    assert api(world.outsider.user).get(f"/api/neighbourhood-signals/{mine.pk}/").status_code == 404
    close = f"/api/neighbourhood-signals/{mine.pk}/close/"
    body = {"version": mine.version, "closure": "approached"}
    assert api(world.colleague.user).post(close, body, format="json").status_code == 403
    stale = api(worker).post(close, {**body, "version": mine.version - 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    closed = api(worker).post(close, body, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    reopen = f"/api/neighbourhood-signals/{mine.pk}/reopen/"
    no_reason = api(worker).post(reopen, {"version": closed.json()["version"]}, format="json")
    assert no_reason.status_code == 400
    reopened = api(worker).post(
        reopen, {"version": closed.json()["version"], "note": "Opnieuw"}, format="json"
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "new"


# The resident's form --------------------------------------------------------------------------


def test_a_resident_files_from_their_own_pages(as_user, world):
    household = HouseholdFactory(team=world.schalkwijk, neighbourhood=_place("meerwijk"))
    resident = ResidentAccountFactory(person=PersonFactory(household=household)).user
    client = as_user(resident)
    url = reverse("residents:neighbourhood_signal")
    page = client.get(url)
    assert page.status_code == 200 and "no house numbers" in html(page)
    assert client.post(url, {"description": ""}).status_code == 400
    response = client.post(url, {"description": "Veel zwerfafval bij de speeltuin"})
    assert response.status_code == 302
    filed = NeighbourhoodSignal.objects.get()
    assert (filed.origin, filed.team, filed.neighbourhood.code) == (
        "resident",
        world.schalkwijk,
        "meerwijk",
    )
    assert as_user(world.colleague.user).get(url).status_code == 404


# Disclosure -----------------------------------------------------------------------------------

GIVEN, FAMILY, STREET, POSTCODE, BSN = (
    "Ermengarde",
    "Zonnebloemstra",
    "Kwikstaartlaan",
    "2036XQ",
    "999990019",
)


@pytest.fixture
def small_numbers(world):
    """A real detection in Meerwijk: 6 households now, 2 in the period before, 1 with the theme
    elsewhere (so expected gives away a count of 1), and 1 household with another theme; the
    households carry names, a street, a postcode and a BSN."""
    meerwijk = _place("meerwijk")
    people = {"postcode": POSTCODE, "street": STREET, "house_number": 13}
    households = themed_households(meerwijk, 6, **people)
    households += themed_households(meerwijk, 2, days_ago=120, **people)
    for number, household in enumerate(households):
        bsn = BSN if number == 0 else ""
        PersonFactory(household=household, given_name=GIVEN, family_name=FAMILY, bsn=bsn)
    themed_households(meerwijk, 1, code="debts", **people)
    themed_households(_place("parkwijk"), 1)
    assert signals_detect(today=TODAY).raised == 1
    signal = NeighbourhoodSignal.objects.get()
    assert signal.detections.get().previous_households == 2
    return signal


def _no_small_counts(text: str) -> None:
    for small in ("0", "1", "2", "3", "4"):
        assert not re.search(rf">\s*{small}\s*<", text), small
        assert f",{small}," not in text and not text.rstrip().endswith(f",{small}")


def _no_personal_fields(text: str) -> None:
    for value in (GIVEN, FAMILY, STREET, POSTCODE, BSN, "2036 XQ"):
        assert value not in text, value


def test_nothing_small_and_nothing_personal_is_shown(as_user, api, world, small_numbers):
    signal = small_numbers
    client = as_user(world.colleague.user)
    withheld = str(Suppressed(5))
    detail = html(client.get(reverse("community:signal_detail", args=[signal.pk])))
    assert withheld in detail and ">6<" in detail
    assert "too few households with this theme elsewhere" in detail  # expected from a count of 1
    listing = html(client.get(reverse("community:signals")))
    export = client.get(reverse("community:signal_export"))
    text = export.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [
        {
            "reference": signal.reference,
            "team": "Schalkwijk 1",
            "neighbourhood": "Meerwijk",
            "theme": theme().name,
            "origin": "detected",
            "status": "new",
            "households": "6",
            "previous_households": "<5",
            "created_on": rows[0]["created_on"],
        }
    ]
    for page in (detail, listing):
        _no_small_counts(page)
        _no_personal_fields(page)
    _no_personal_fields(text)
    assert "Zonnebloem" not in text

    body = api(world.colleague.user).get(f"/api/neighbourhood-signals/{signal.pk}/").json()
    detection = body["detections"][0]
    assert body["households"] == 6 and body["previous_households"] is None
    assert body["previous_households_suppressed"] is True
    assert detection["previous_households"] is None and detection["expected"] is None
    assert detection["expected_suppressed"] is True and detection["ratio"] is None
    listed = api(world.colleague.user).get("/api/neighbourhood-signals/").json()["results"][0]
    assert listed["previous_households"] is None and listed["previous_households_suppressed"]
    for answer in (body, listed):
        _no_personal_fields(str(answer))
        counts = [value for key, value in _walk(answer) if key.endswith("households")]
        assert all(value is None or value >= 5 for value in counts), counts


def _walk(value, key=""):
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _walk(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)
    else:
        yield key, value
