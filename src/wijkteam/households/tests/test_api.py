"""The REST API for households and persons: read, search, edit, deny by default."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.cases import services as case_services
from wijkteam.cases.services import PersonInput
from wijkteam.households.models import Household, Person
from wijkteam.zrm.services import assessment_create


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def household_with_case(world, *, house_number: int = 12, bsn: str = "", **person) -> Household:
    case = case_services.registration_create(
        actor=world.director.user,
        question="Vraag",
        postcode="2035AB",
        house_number=house_number,
        street="Amerikaweg",
        city="Haarlem",
        person=PersonInput(bsn=bsn, **person),
    )
    return case.household


def test_list_and_detail_show_members_address_team_and_cases(world):
    household = household_with_case(world, given_name="Anna", family_name="Jansen")
    client = api_as(world.colleague.user)

    listing = client.get("/api/households/").json()
    assert listing["count"] == 1
    row = listing["results"][0]
    assert row["id"] == household.pk
    assert row["member_count"] == 1
    assert row["open_case"]["status"] == "registered"
    assert row["team"]["name"] == "Schalkwijk 1"

    detail = client.get(f"/api/households/{household.pk}/").json()
    assert detail["postcode"] == "2035AB"
    assert detail["neighbourhood"] == "Boerhaavewijk"
    assert detail["address"] == "Amerikaweg 12, 2035 AB Haarlem"
    assert [m["display_name"] for m in detail["members"]] == ["Anna Jansen"]
    assert [c["status"] for c in detail["cases"]] == ["registered"]


def test_the_bsn_is_never_returned(world):
    household = household_with_case(world, bsn="999999990", given_name="Anna")
    client = api_as(world.director.user)
    for url in [
        "/api/households/",
        f"/api/households/{household.pk}/",
        f"/api/households/{household.pk}/timeline/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "999999990" not in response.content.decode()
    detail = client.get(f"/api/households/{household.pk}/").json()
    assert detail["members"][0]["has_bsn"] is True


def test_search_goes_in_the_body_and_finds_by_name_postcode_and_bsn(world):
    household = household_with_case(world, bsn="999999990", family_name="Jansen")
    household_with_case(world, house_number=40, family_name="Pietersen")
    client = api_as(world.director.user)
    for query in ["Jansen", "999999990", f"HH-{household.pk}"]:
        response = client.post("/api/households/search/", {"q": query}, format="json")
        assert response.status_code == 200
        assert [h["id"] for h in response.json()["results"]] == [household.pk], query
    response = client.post("/api/households/search/", {"q": "2035"}, format="json")
    assert response.json()["count"] == 2
    # A query in the URL is not how this endpoint works.
    assert client.get("/api/households/search/?q=Jansen").status_code == 405


def test_address_change_with_version(world):
    household = household_with_case(world)
    client = api_as(world.director.user)
    response = client.patch(
        f"/api/households/{household.pk}/",
        {"house_number": 14, "version": household.version, "reason": "Typefout"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["house_number"] == 14
    assert body["street"] == "Amerikaweg"  # left out, so kept
    assert body["version"] == household.version + 1


def test_address_change_on_a_stale_version_is_a_409(world):
    household = household_with_case(world)
    client = api_as(world.director.user)
    first = client.patch(
        f"/api/households/{household.pk}/",
        {"street": "Europaweg", "version": 1, "reason": "Verhuisd"},
        format="json",
    )
    assert first.status_code == 200
    response = client.patch(
        f"/api/households/{household.pk}/",
        {"street": "Aziëweg", "version": 1, "reason": "Verhuisd"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    household.refresh_from_db()
    assert household.street == "Europaweg"


def test_address_outside_the_municipality_is_a_400(world):
    household = household_with_case(world)
    response = api_as(world.director.user).patch(
        f"/api/households/{household.pk}/",
        {"postcode": "1011AB", "version": household.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "postcode_outside_municipality"
    assert response.json()["field"] == "postcode"


def test_address_change_needs_the_version(world):
    household = household_with_case(world)
    response = api_as(world.director.user).patch(
        f"/api/households/{household.pk}/", {"street": "Europaweg"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"version"}


def test_add_a_person_and_change_them_with_version(world):
    household = household_with_case(world)
    client = api_as(world.director.user)
    response = client.post(
        f"/api/households/{household.pk}/persons/",
        {"role": "child", "given_name": "Sem", "date_of_birth": "2015-03-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = response.json()
    assert person["role"] == "child"
    response = client.patch(
        f"/api/persons/{person['id']}/",
        {"family_name": "de Vries", "version": person["version"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["display_name"] == "Sem de Vries"
    assert response.json()["role"] == "child"  # left out, so kept
    response = client.patch(
        f"/api/persons/{person['id']}/",
        {"family_name": "Visser", "version": person["version"], "reason": "Typefout"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"


def test_patching_a_person_keeps_their_bsn_unless_given(world):
    household = household_with_case(world, bsn="999999990", given_name="Anna")
    person = household.members.get()
    response = api_as(world.director.user).patch(
        f"/api/persons/{person.pk}/", {"phone": "0612345678", "version": person.version}
    )
    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert person.bsn == "999999990"


@pytest.mark.parametrize(
    "body,code,field",
    [
        ({"bsn": "123456789"}, "invalid_bsn", "bsn"),
        ({"date_of_birth": "2999-01-01"}, "invalid_date_of_birth", "date_of_birth"),
    ],
)
def test_person_input_refused_by_a_rule_is_a_structured_400(world, body, code, field):
    household = household_with_case(world)
    response = api_as(world.director.user).post(
        f"/api/households/{household.pk}/persons/", body, format="json"
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert household.members.count() == 0


def test_a_bsn_that_is_already_known_is_a_409(world):
    household_with_case(world, bsn="999999990")
    other = household_with_case(world, house_number=30)
    response = api_as(world.director.user).post(
        f"/api/households/{other.pk}/persons/", {"bsn": "999999990"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "bsn_exists"


def test_zrm_progress_per_household_and_per_member(world):
    household = household_with_case(world, given_name="Anna")
    case = household.cases.get()
    case = case_services.case_start_intake(
        actor=world.director.user, case=case, director=world.director, expected_version=None
    )
    person = household.members.get()
    assessment_create(actor=world.director.user, case=case, kind="intake", scores={"finances": 2})
    assessment_create(
        actor=world.director.user, case=case, kind="intake", scores={"housing": 1}, person=person
    )
    client = api_as(world.director.user)
    whole = client.get(f"/api/households/{household.pk}/zrm-progress/").json()
    assert len(whole["domains"]) == 13
    scored = {d["domain"]: [p["score"] for p in d["points"]] for d in whole["domains"]}
    assert scored["finances"] == [2] and scored["housing"] == []
    member = client.get(f"/api/households/{household.pk}/zrm-progress/?person={person.pk}").json()
    assert member["person"] == person.pk
    scored = {d["domain"]: [p["score"] for p in d["points"]] for d in member["domains"]}
    assert scored["finances"] == [] and scored["housing"] == [1]
    response = client.get(f"/api/households/{household.pk}/zrm-progress/?person=abc")
    assert response.status_code == 400


def test_the_outsider_gets_404_on_every_household_endpoint_and_empty_lists(world):
    household = household_with_case(world, bsn="999999990", family_name="Jansen")
    person = household.members.get()
    client = api_as(world.outsider.user)

    assert client.get("/api/households/").json()["count"] == 0
    for query in ["Jansen", "999999990", f"HH-{household.pk}", ""]:
        response = client.post("/api/households/search/", {"q": query}, format="json")
        assert response.json()["count"] == 0, query

    for url in [
        f"/api/households/{household.pk}/",
        f"/api/households/{household.pk}/timeline/",
        f"/api/households/{household.pk}/zrm-progress/",
    ]:
        response = client.get(url)
        assert (url, response.status_code) == (url, 404)
        assert response.json()["code"] == "not_found"
    writes = [
        ("patch", f"/api/households/{household.pk}/", {"street": "x", "version": 1}),
        ("post", f"/api/households/{household.pk}/persons/", {"given_name": "x"}),
        ("patch", f"/api/persons/{person.pk}/", {"given_name": "x", "version": 1}),
    ]
    for method, url, body in writes:
        response = getattr(client, method)(url, body, format="json")
        assert (url, response.status_code) == (url, 404)
    household.refresh_from_db()
    assert household.street == "Amerikaweg"
    assert Person.objects.filter(household=household).count() == 1


def test_a_missing_household_looks_the_same_as_a_hidden_one(world):
    household = household_with_case(world)
    client = api_as(world.outsider.user)
    hidden = client.get(f"/api/households/{household.pk}/")
    missing = client.get(f"/api/households/{household.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def _queries(client: APIClient, method: str, url: str, body: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, body, format="json")
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "method,url,body",
    [
        ("get", "/api/households/", None),
        ("post", "/api/households/search/", {"q": "2035"}),
        ("get", "detail", None),
        ("get", "timeline", None),
        ("get", "zrm-progress", None),
    ],
)
def test_household_reads_take_a_fixed_number_of_queries(
    world, method, url, body, django_assert_max_num_queries
):
    first = household_with_case(world, given_name="Anna")
    url = {
        "detail": f"/api/households/{first.pk}/",
        "timeline": f"/api/households/{first.pk}/timeline/",
        "zrm-progress": f"/api/households/{first.pk}/zrm-progress/",
    }.get(url, url)
    case = case_services.case_start_intake(
        actor=world.director.user,
        case=first.cases.get(),
        director=world.director,
        expected_version=None,
    )

    def add_rows(count: int) -> None:
        # One of each kind of row, so "few" already pays for every related lookup.
        for _number in range(count):
            household_with_case(world, house_number=100 + Household.objects.count())
            case_services.contact_add(actor=world.director.user, case=case)
            assessment_create(
                actor=world.director.user, case=case, kind="follow_up", scores={"finances": 3}
            )
            first.members.create(given_name="Lid")

    add_rows(1)
    client = api_as(world.director.user)
    few = _queries(client, method, url, body)
    add_rows(8)
    with django_assert_max_num_queries(few):
        getattr(client, method)(url, body, format="json")
