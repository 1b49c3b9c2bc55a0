"""The REST API for plans: goals, actions under stepped care, revisions and their comparison."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.cases import services as case_services
from wijkteam.cases.models import Case
from wijkteam.plans.models import Action, Goal, PlanRevision


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def case_in_intake(world, *, house_number: int = 1) -> Case:
    case = case_services.registration_create(
        actor=world.director.user, question="Vraag", postcode="2035AB", house_number=house_number
    )
    return case_services.case_start_intake(
        actor=world.director.user, case=case, director=world.director, expected_version=None
    )


def add_goal(client: APIClient, case: Case, **body) -> dict:
    response = client.post(
        f"/api/cases/{case.pk}/goals/",
        {"domain": "finances", "description": "Rust in de schulden", **body},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_goal_for_a_household_member(world):
    case = case_in_intake(world)
    person = case.household.members.create(given_name="Sem")
    goal = add_goal(api_as(world.director.user), case, person=person.pk)
    assert goal["person"] == person.pk


def test_goal_for_someone_outside_the_household_is_refused(world):
    case = case_in_intake(world)
    other = case_in_intake(world, house_number=2).household.members.create(given_name="Ander")
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/goals/",
        {"domain": "finances", "description": "Doel", "person": other.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_person"


def test_goal_without_description_is_a_400_from_the_service(world):
    case = case_in_intake(world)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/goals/", {"domain": "finances", "description": " "}, format="json"
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("required", "description")


def test_goal_on_a_registered_case_is_a_409(world):
    case = case_services.registration_create(actor=world.director.user, question="Vraag")
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/goals/", {"domain": "finances", "description": "x"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "plan_not_editable"


def test_stepped_care_reason_rule(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    goal = add_goal(client, case)
    url = f"/api/goals/{goal['id']}/actions/"

    step_1 = {"description": "Zelf bellen", "step": 1, "performer": "resident"}
    assert client.post(url, step_1, format="json").status_code == 201
    step_2 = {"description": "Buurvrouw helpt", "step": 2, "performer": "network_person"}
    response = client.post(url, step_2, format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (
        "step_reason_required",
        "step_reason",
    )
    assert Action.objects.count() == 1
    response = client.post(url, {**step_2, "step_reason": "Lukt niet alleen"}, format="json")
    assert response.status_code == 201
    # A step already tried needs no new reason.
    response = client.post(url, {**step_2, "description": "Vrijwilliger"}, format="json")
    assert response.status_code == 201


def test_fast_track_goes_straight_to_step_4_with_a_reason(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    goal = add_goal(client, case)
    url = f"/api/goals/{goal['id']}/actions/"
    body = {"description": "Crisisopvang", "step": 4, "performer": "professional"}
    response = client.post(url, {**body, "is_fast_track": True}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "step_reason_required"
    response = client.post(
        url, {**body, "step": 3, "is_fast_track": True, "step_reason": "Acuut"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "fast_track_step"
    response = client.post(
        url, {**body, "is_fast_track": True, "step_reason": "Acuut gevaar"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["is_fast_track"] is True


def test_action_input_errors(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    goal = add_goal(client, case)
    url = f"/api/goals/{goal['id']}/actions/"
    response = client.post(url, {"description": "x", "step": 5, "performer": "resident"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"step"}
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {"description": "x", "step": 1, "performer": "resident", "due_date": yesterday},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_in_past"


def test_action_status_with_version(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    goal = add_goal(client, case)
    action = client.post(
        f"/api/goals/{goal['id']}/actions/",
        {"description": "Zelf bellen", "step": 1, "performer": "resident"},
        format="json",
    ).json()
    url = f"/api/actions/{action['id']}/"
    response = client.patch(url, {"status": "done", "version": action["version"]}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    response = client.patch(
        url, {"status": "cancelled", "version": action["version"]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert Action.objects.get().status == "done"
    response = client.patch(url, {"status": "done"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"version"}


def test_revisions_are_kept_and_compared(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    goal = add_goal(client, case)
    url = f"/api/cases/{case.pk}/plan/revisions/"
    older = client.post(url, {"note": "Eerste versie"}, format="json").json()
    added = client.post(
        f"/api/goals/{goal['id']}/actions/",
        {"description": "Zelf bellen", "step": 1, "performer": "resident"},
        format="json",
    ).json()
    second_goal = add_goal(client, case, domain="housing", description="Woning behouden")
    newer = client.post(url, {}, format="json").json()
    assert (older["number"], newer["number"]) == (1, 2)
    assert [g["id"] for g in newer["snapshot"]["goals"]] == [goal["id"], second_goal["id"]]

    response = client.get(
        "/api/plan-revisions/compare/", {"older": older["id"], "newer": newer["id"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["older"]["number"] == 1 and body["newer"]["number"] == 2
    assert [(c["kind"], c["id"], c["change"]) for c in body["changes"]] == [
        ("goal", second_goal["id"], "added"),
        ("action", added["id"], "added"),
    ]


def test_compare_needs_both_ids_and_one_plan(world):
    client = api_as(world.director.user)
    revisions = []
    for number in (1, 2):
        case = case_in_intake(world, house_number=number)
        add_goal(client, case)
        revisions.append(client.post(f"/api/cases/{case.pk}/plan/revisions/", {}).json())
    response = client.get("/api/plan-revisions/compare/", {"older": revisions[0]["id"]})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"newer"}
    response = client.get(
        "/api/plan-revisions/compare/",
        {"older": revisions[0]["id"], "newer": revisions[1]["id"]},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "different_plans"


def test_a_revision_is_recorded_only_while_the_plan_can_change(world):
    case = case_services.registration_create(actor=world.director.user, question="Vraag")
    response = api_as(world.director.user).post(f"/api/cases/{case.pk}/plan/revisions/", {})
    assert response.status_code == 409
    assert response.json()["code"] == "plan_not_editable"
    assert not PlanRevision.objects.exists()


def test_the_outsider_cannot_reach_goals_actions_or_revisions(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    goal = add_goal(client, case)
    action = client.post(
        f"/api/goals/{goal['id']}/actions/",
        {"description": "Zelf bellen", "step": 1, "performer": "resident"},
        format="json",
    ).json()
    revision = client.post(f"/api/cases/{case.pk}/plan/revisions/", {}).json()
    own = case_in_intake(world, house_number=2)  # a revision the outsider cannot see either
    outsider = api_as(world.outsider.user)
    assert (
        outsider.post(
            f"/api/goals/{goal['id']}/actions/",
            {"description": "x", "step": 1, "performer": "resident"},
            format="json",
        ).status_code
        == 404
    )
    assert (
        outsider.patch(
            f"/api/actions/{action['id']}/", {"status": "done", "version": 1}, format="json"
        ).status_code
        == 404
    )
    assert (
        outsider.get(
            "/api/plan-revisions/compare/", {"older": revision["id"], "newer": revision["id"]}
        ).status_code
        == 404
    )
    assert outsider.get(f"/api/cases/{own.pk}/plan/revisions/").status_code == 404
    assert Goal.objects.get().actions.get().status == "planned"
