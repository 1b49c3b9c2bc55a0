"""The REST API for ZRM assessments and the matrix."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.cases import services as case_services
from wijkteam.cases.models import Case
from wijkteam.zrm.models import Assessment


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def case_in_intake(world) -> Case:
    case = case_services.registration_create(
        actor=world.director.user, question="Vraag", postcode="2035AB", house_number=1
    )
    return case_services.case_start_intake(
        actor=world.director.user, case=case, director=world.director, expected_version=None
    )


def test_assessments_are_recorded_and_listed_oldest_first(world):
    case = case_in_intake(world)
    person = case.household.members.create(given_name="Anna")
    client = api_as(world.director.user)
    url = f"/api/cases/{case.pk}/assessments/"
    earlier = (timezone.localdate() - timedelta(days=30)).isoformat()
    first = client.post(
        url,
        {"kind": "intake", "assessed_on": earlier, "scores": {"finances": 1, "housing": 2}},
        format="json",
    )
    assert first.status_code == 201, first.json()
    second = client.post(
        url,
        {"kind": "follow_up", "person": person.pk, "scores": {"finances": 3, "housing": None}},
        format="json",
    )
    assert second.status_code == 201, second.json()
    assert second.json()["scores"] == {"finances": 3}
    assert second.json()["person"] == person.pk
    listed = client.get(url).json()["results"]
    assert [a["kind"] for a in listed] == ["intake", "follow_up"]


def test_score_out_of_range_is_a_structured_400(world):
    case = case_in_intake(world)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/assessments/", {"scores": {"finances": 7}}, format="json"
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (
        "invalid_score",
        "score_finances",
    )
    assert not Assessment.objects.exists()


def test_unknown_domain_and_empty_scores_are_refused(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    url = f"/api/cases/{case.pk}/assessments/"
    response = client.post(url, {"scores": {"astrology": 3}}, format="json")
    assert response.json()["code"] == "invalid_domain"
    response = client.post(url, {"scores": {}}, format="json")
    assert response.json()["code"] == "scores_required"
    response = client.post(url, {"scores": {"finances": "veel"}}, format="json")
    assert response.json()["code"] == "invalid"


def test_the_outsider_cannot_see_or_record_assessments(world):
    case = case_in_intake(world)
    client = api_as(world.outsider.user)
    url = f"/api/cases/{case.pk}/assessments/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"scores": {"finances": 2}}, format="json").status_code == 404
    assert not Assessment.objects.exists()


def test_a_person_from_a_hidden_household_is_refused(world):
    own = case_services.registration_create(
        actor=world.outsider.user, question="Vraag", postcode="2033AB", house_number=1
    )
    own = case_services.case_start_intake(
        actor=world.outsider.user, case=own, director=world.outsider, expected_version=None
    )
    hidden = case_in_intake(world).household.members.create(given_name="Anna")
    response = api_as(world.outsider.user).post(
        f"/api/cases/{own.pk}/assessments/",
        {"person": hidden.pk, "scores": {"finances": 2}},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"person"}


def test_the_matrix_explains_every_level_of_every_domain(world):
    response = api_as(world.policy).get("/api/zrm/matrix/")
    assert response.status_code == 200
    domains = response.json()
    assert len(domains) == 13
    assert all([level["score"] for level in d["levels"]] == [1, 2, 3, 4, 5] for d in domains)
    assert all(level["description"] for d in domains for level in d["levels"])
