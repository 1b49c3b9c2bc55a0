"""The REST API for registrations and cases: the whole flow, the error shapes, deny by default."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from wijkteam.accounts.models import User
from wijkteam.cases import services
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.plans.models import Performer
from wijkteam.plans.services import action_add, goal_add
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.tests.factories import SharingGroundFactory


def api_as(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def register(client: APIClient, **body) -> dict:
    response = client.post(
        "/api/registrations/", {"question": "Huurachterstand", **body}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def case_in_intake(world, **registration) -> Case:
    """A case past intake, directed by the director persona, through the services."""
    actor = world.director.user
    case = services.registration_create(
        actor=actor, question="Vraag", postcode="2035AB", **registration
    )
    return services.case_start_intake(
        actor=actor, case=case, director=world.director, expected_version=case.version
    )


def case_with_active_plan(world, **registration) -> Case:
    actor = world.director.user
    case = case_in_intake(world, **registration)
    goal = goal_add(actor=actor, case=case, domain="finances", description="Rust in de schulden")
    action_add(actor=actor, goal=goal, description="Budget", step=1, performer=Performer.RESIDENT)
    return services.case_activate_plan(actor=actor, case=case, expected_version=case.version)


def test_whole_flow_through_the_api(world):
    client = api_as(world.director.user)

    # Register: routed by postcode to Schalkwijk 1, visible to its member.
    result = register(
        client,
        domains=["finances", "housing"],
        urgency=2,
        postcode="2035 ab",
        house_number=12,
        person={"given_name": "Test", "family_name": "Persoon", "bsn": "999999990"},
    )
    assert result["team"] == {"id": world.schalkwijk.pk, "name": "Schalkwijk 1"}
    case = result["case"]
    case_id, household_id = case["id"], case["household"]["id"]
    assert case["status"] == "registered"
    assert case["allowed_transitions"] == ["start_intake", "transfer", "stop"]
    inbox = client.get(f"/api/teams/{world.schalkwijk.pk}/inbox/").json()
    assert [c["id"] for c in inbox["results"]] == [case_id]

    # Intake with a director.
    response = client.post(
        f"/api/cases/{case_id}/intake/",
        {"director": world.director.pk, "version": case["version"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["status"] == "intake"
    assert case["director"]["id"] == world.director.pk
    assert client.get(f"/api/teams/{world.schalkwijk.pk}/inbox/").json()["count"] == 0
    assert [c["id"] for c in client.get("/api/cases/caseload/").json()["results"]] == [case_id]

    # ZRM at intake.
    response = client.post(
        f"/api/cases/{case_id}/assessments/",
        {"kind": "intake", "scores": {"finances": 2, "housing": 3}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["scores"] == {"finances": 2, "housing": 3}

    # A goal, and actions under stepped care: a higher step needs its reason.
    response = client.post(
        f"/api/cases/{case_id}/goals/",
        {"domain": "finances", "description": "Rust in de schulden"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    goal_id = response.json()["id"]
    action = {"description": "Schuldhulp", "step": 3, "performer": "provision"}
    response = client.post(f"/api/goals/{goal_id}/actions/", action, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "step_reason_required"
    assert response.json()["field"] == "step_reason"
    response = client.post(
        f"/api/goals/{goal_id}/actions/",
        {**action, "step_reason": "Eigen kracht en netwerk zijn uitgeput"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    action_id, action_version = response.json()["id"], response.json()["version"]

    # Activate the plan; its first revision is kept.
    case = client.get(f"/api/cases/{case_id}/").json()
    assert [g["id"] for g in case["plan"]["goals"]] == [goal_id]
    assert case["plan"]["goals"][0]["actions"][0]["step"] == 3
    response = client.post(
        f"/api/cases/{case_id}/activate-plan/", {"version": case["version"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["status"] == "plan_active"

    # A contact moment, with the defaults for what is left out.
    response = client.post(f"/api/cases/{case_id}/contacts/", {"note": "Huisbezoek"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["duration_minutes"] == 30
    assert response.json()["date"] == timezone.localdate().isoformat()
    assert client.get(f"/api/cases/{case_id}/contacts/").json()["count"] == 1

    # Change an action, record a revision, compare it with the agreed plan.
    response = client.patch(
        f"/api/actions/{action_id}/",
        {"status": "in_progress", "version": action_version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    response = client.post(
        f"/api/cases/{case_id}/plan/revisions/", {"note": "Na casusoverleg"}, format="json"
    )
    assert response.status_code == 201, response.json()
    revisions = client.get(f"/api/cases/{case_id}/plan/revisions/").json()["results"]
    assert [r["number"] for r in revisions] == [1, 2]
    response = client.get(
        "/api/plan-revisions/compare/",
        {"older": revisions[0]["id"], "newer": revisions[1]["id"]},
    )
    assert response.status_code == 200, response.json()
    changes = response.json()["changes"]
    assert [(c["kind"], c["id"], c["change"]) for c in changes] == [
        ("action", action_id, "changed")
    ]
    assert changes[0]["changed_fields"] == ["status"]

    # Close with outcomes and a closing ZRM.
    response = client.post(
        f"/api/cases/{case_id}/close/",
        {
            "reason": "goals_reached",
            "outcomes": {str(goal_id): "reached"},
            "closing_scores": {"finances": 4},
            "version": case["version"],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["status"] == "closed"
    assert case["plan"]["goals"][0]["outcome"] == "reached"
    assert case["allowed_transitions"] == ["reopen"]

    # Reopen: back to intake with the last director.
    response = client.post(
        f"/api/cases/{case_id}/reopen/",
        {"reason": "relapse", "version": case["version"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    case = response.json()
    assert case["status"] == "intake"
    assert case["director"]["id"] == world.director.pk
    assert [h["to_status"] for h in case["status_history"]] == [
        "registered",
        "intake",
        "plan_active",
        "closed",
        "intake",
    ]

    # The household shows it all: timeline and ZRM progress.
    timeline = client.get(f"/api/households/{household_id}/timeline/").json()
    assert {"status", "director", "contact", "assessment", "plan"} <= {
        entry["kind"] for entry in timeline["results"]
    }
    progress = client.get(f"/api/households/{household_id}/zrm-progress/").json()
    finances = next(d for d in progress["domains"] if d["domain"] == "finances")
    assert [p["score"] for p in finances["points"]] == [2, 4]


def test_token_from_the_token_endpoint_authenticates(world):
    user = world.director.user
    anonymous = APIClient()
    response = anonymous.post(
        "/api/token/", {"username": user.username, "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    response = anonymous.post(
        "/api/token/", {"username": user.username, "password": "test-password-123"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    result = register(client, postcode="2036AA", house_number=3)
    assert result["case"]["team"]["name"] == "Schalkwijk 1"
    assert client.get("/api/cases/").json()["count"] == 1


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/api/cases/"),
        ("get", "/api/households/"),
        ("post", "/api/registrations/"),
        ("get", "/api/teams/"),
        ("get", "/api/areas/"),
    ],
)
def test_unauthenticated_requests_are_refused(world, method, url):
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"].startswith("Token")


def test_a_bad_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/cases/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_session_auth_needs_csrf_for_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.director.user)
    assert client.get("/api/cases/").status_code == 200
    response = client.post("/api/registrations/", {"question": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_invalid_bsn_is_a_structured_400(world):
    response = api_as(world.director.user).post(
        "/api/registrations/",
        {"question": "Vraag", "person": {"bsn": "123456789"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_bsn",
        "detail": response.json()["detail"],
        "field": "bsn",
        "extra": {},
    }
    assert response.json()["detail"]
    assert "123456789" not in response.json()["detail"]
    assert not Case.objects.exists()


def test_postcode_outside_the_municipality_is_a_structured_400(world):
    response = api_as(world.director.user).post(
        "/api/registrations/",
        {"question": "Vraag", "postcode": "1011 AB", "house_number": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "postcode_outside_municipality"
    assert response.json()["field"] == "postcode"


def test_malformed_input_is_a_400_with_fields(world):
    response = api_as(world.director.user).post(
        "/api/registrations/",
        {"question": "Vraag", "urgency": 9, "domains": ["astrology"], "house_number": "twelve"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"urgency", "domains", "house_number"}


def test_possible_duplicate_is_a_409_with_matches_and_can_be_resolved(world):
    client = api_as(world.director.user)
    first = register(client, postcode="2035AB", house_number=7)
    services.case_stop(
        actor=world.director.user,
        case=Case.objects.get(pk=first["case"]["id"]),
        expected_version=None,
        reason="answered",
    )
    body = {"question": "Nieuwe vraag", "postcode": "2035 ab", "house_number": 7}
    response = client.post("/api/registrations/", body, format="json")
    assert response.status_code == 409
    error = response.json()
    assert error["code"] == "possible_duplicate"
    assert error["field"] == "household"
    [match] = error["extra"]["matches"]
    assert match["household_id"] == first["case"]["household"]["id"]
    assert match["reason"] == "address"
    assert match["visible"] is True

    # Retry on the existing household, as the 409 suggests.
    response = client.post(
        "/api/registrations/",
        {"question": "Nieuwe vraag", "household": match["household_id"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["case"]["household"]["id"] == match["household_id"]


def test_confirm_new_registers_a_different_household_at_a_known_address(world):
    client = api_as(world.director.user)
    first = register(client, postcode="2035AB", house_number=8)
    body = {"question": "Andere bewoner", "postcode": "2035AB", "house_number": 8}
    assert client.post("/api/registrations/", body, format="json").status_code == 409
    second = register(client, **{**body, "question": "Andere bewoner"}, confirm_new=True)
    assert second["case"]["household"]["id"] != first["case"]["household"]["id"]


def test_second_open_case_is_a_409(world):
    client = api_as(world.director.user)
    first = register(client, postcode="2035AB", house_number=9)
    response = client.post(
        "/api/registrations/",
        {"question": "Nog een vraag", "household": first["case"]["household"]["id"]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "open_case_exists"
    assert response.json()["extra"]["open_case_id"] == first["case"]["id"]


def test_registration_for_another_teams_area_answers_with_reference_only(world):
    response = api_as(world.director.user).post(
        "/api/registrations/",
        {"question": "Vraag uit Oost", "postcode": "2033AB", "house_number": 1},
        format="json",
    )
    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json() == {
        "reference": case.reference,
        "team": {"id": world.oost.pk, "name": "Oost 2"},
        "case": None,
    }
    inbox = api_as(world.outsider.user).get(f"/api/teams/{world.oost.pk}/inbox/").json()
    assert [c["id"] for c in inbox["results"]] == [case.pk]


def test_registering_on_a_hidden_household_is_refused_like_a_missing_one(world):
    case = case_in_intake(world)
    response = api_as(world.outsider.user).post(
        "/api/registrations/",
        {"question": "Vraag", "household": case.household_id},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"household"}


def test_illegal_transition_is_a_409(world):
    client = api_as(world.director.user)
    case = register(client, postcode="2035AB", house_number=10)["case"]
    response = client.post(
        f"/api/cases/{case['id']}/close/",
        {
            "reason": "goals_reached",
            "outcomes": {},
            "closing_scores": {"finances": 4},
            "version": case["version"],
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    response = client.post(
        f"/api/cases/{case['id']}/reopen/",
        {"reason": "relapse", "version": case["version"]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert Case.objects.get(pk=case["id"]).status == Status.REGISTERED


def test_stale_version_is_a_409_and_changes_nothing(world):
    client = api_as(world.director.user)
    case = register(client, postcode="2035AB", house_number=11)["case"]
    ok = client.post(
        f"/api/cases/{case['id']}/intake/",
        {"director": world.director.pk, "version": case["version"]},
        format="json",
    )
    assert ok.status_code == 200
    response = client.post(
        f"/api/cases/{case['id']}/stop/",
        {"reason": "declined", "version": case["version"]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert Case.objects.get(pk=case["id"]).status == Status.INTAKE


def test_a_step_needs_the_version(world):
    case = case_in_intake(world)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/stop/", {"reason": "declined"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"version"}


def test_missing_reason_is_a_400(world):
    case = case_in_intake(world)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/stop/", {"version": case.version}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert response.json()["field"] == "reason"


def test_close_needs_an_outcome_per_goal(world):
    case = case_with_active_plan(world)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/close/",
        {
            "reason": "goals_reached",
            "outcomes": {},
            "closing_scores": {"finances": 4},
            "version": case.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "outcome_required"
    assert response.json()["extra"]["goal_ids"] == [case.plan.goals.get().pk]


def test_close_refuses_outcome_keys_that_are_not_goal_ids(world):
    case = case_with_active_plan(world)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/close/",
        {
            "reason": "goals_reached",
            "outcomes": {"schulden": "reached"},
            "closing_scores": {"finances": 4},
            "version": case.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"outcomes"}


def test_hand_over_records_the_new_director_and_refuses_a_stale_one(world):
    case = case_in_intake(world)
    client = api_as(world.director.user)
    body = {"to": world.cjg_coach.pk, "expected_director_id": world.director.pk, "reason": "CJG"}
    response = client.post(f"/api/cases/{case.pk}/hand-over/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["director"]["id"] == world.cjg_coach.pk
    body = {"to": world.colleague.pk, "expected_director_id": world.director.pk, "reason": "x"}
    response = client.post(f"/api/cases/{case.pk}/hand-over/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_director"


def test_transfer_to_another_team_hides_the_case_but_answers_with_its_reference(world):
    case = case_in_intake(world)
    SharingGroundFactory(
        household=case.household, party=Party.OTHER_TEAM, purpose=Purpose.DIRECTION_TRANSFER
    )
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/transfer/",
        {"reason": "other_team", "to_team": world.oost.pk, "version": case.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"reference": case.reference, "status": "transferred", "case": None}
    inbox = api_as(world.outsider.user).get(f"/api/teams/{world.oost.pk}/inbox/").json()
    assert inbox["count"] == 1


def test_transfer_to_specialist_care_keeps_the_case_visible(world):
    case = case_in_intake(world)
    SharingGroundFactory(household=case.household)  # consent to refer to specialist care
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/transfer/",
        {"reason": "specialist", "version": case.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["case"]["status"] == "transferred"


def test_reopen_after_the_term_is_a_409(world, settings):
    case = case_with_active_plan(world)
    case = services.case_stop(
        actor=world.director.user, case=case, expected_version=None, reason="moved"
    )
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - timedelta(days=settings.WIJKTEAM_REOPEN_DAYS + 1)
    )
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/reopen/",
        {"reason": "relapse", "version": case.version},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "reopen_term_passed"


def test_contact_in_the_future_is_a_400(world):
    case = case_in_intake(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = api_as(world.director.user).post(
        f"/api/cases/{case.pk}/contacts/", {"date": tomorrow.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_in_future"
    assert response.json()["field"] == "date"


def test_case_list_filters_by_status_and_team(world):
    registered = register(api_as(world.director.user), postcode="2035AB", house_number=1)
    in_intake = case_in_intake(world, house_number=2)
    client = api_as(world.director.user)
    by_status = client.get("/api/cases/", {"status": "intake"}).json()["results"]
    assert [c["id"] for c in by_status] == [in_intake.pk]
    by_team = client.get("/api/cases/", {"team": world.schalkwijk.pk}).json()["results"]
    assert {c["id"] for c in by_team} == {in_intake.pk, registered["case"]["id"]}
    assert client.get("/api/cases/", {"team": world.oost.pk}).json()["count"] == 0
    response = client.get("/api/cases/", {"status": "dreaming"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_outsider_sees_nothing_of_another_teams_cases(world):
    case = case_with_active_plan(world)
    goal = case.plan.goals.get()
    action = goal.actions.get()
    revision = case.plan.revisions.get()
    client = api_as(world.outsider.user)

    for url in ["/api/cases/", "/api/cases/caseload/", f"/api/teams/{world.schalkwijk.pk}/inbox/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] == 0

    gets = [
        f"/api/cases/{case.pk}/",
        f"/api/cases/{case.pk}/contacts/",
        f"/api/cases/{case.pk}/assessments/",
        f"/api/cases/{case.pk}/plan/revisions/",
        f"/api/plan-revisions/compare/?older={revision.pk}&newer={revision.pk}",
    ]
    posts = [
        (f"/api/cases/{case.pk}/intake/", {"director": world.outsider.pk, "version": 1}),
        (f"/api/cases/{case.pk}/hand-over/", {"to": 1, "expected_director_id": 1, "reason": "x"}),
        (f"/api/cases/{case.pk}/activate-plan/", {"version": case.version}),
        (f"/api/cases/{case.pk}/close/", {"reason": "other", "version": case.version}),
        (f"/api/cases/{case.pk}/stop/", {"reason": "moved", "version": case.version}),
        (f"/api/cases/{case.pk}/transfer/", {"reason": "specialist", "version": case.version}),
        (f"/api/cases/{case.pk}/reopen/", {"reason": "relapse", "version": case.version}),
        (f"/api/cases/{case.pk}/contacts/", {}),
        (f"/api/cases/{case.pk}/assessments/", {"scores": {"finances": 1}}),
        (f"/api/cases/{case.pk}/goals/", {"domain": "finances", "description": "x"}),
        (f"/api/cases/{case.pk}/plan/revisions/", {}),
        (
            f"/api/goals/{goal.pk}/actions/",
            {"description": "x", "step": 1, "performer": "resident"},
        ),
    ]
    for url in gets:
        response = client.get(url)
        assert (url, response.status_code) == (url, 404)
        assert response.json()["code"] == "not_found"
    for url, body in posts:
        response = client.post(url, body, format="json")
        assert (url, response.status_code) == (url, 404)
        assert response.json() == {
            "code": "not_found",
            "detail": response.json()["detail"],
            "field": None,
            "extra": {},
        }
    response = client.patch(
        f"/api/actions/{action.pk}/", {"status": "done", "version": 1}, format="json"
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.PLAN_ACTIVE
    assert not case.contacts.exists()


def _queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/api/cases/", "/api/cases/caseload/", "/api/cases/?status=intake", "team-inbox"],
)
def test_case_lists_take_a_fixed_number_of_queries(world, url, django_assert_max_num_queries):
    if url == "team-inbox":
        url = f"/api/teams/{world.schalkwijk.pk}/inbox/"
    client = api_as(world.director.user)

    def add_cases(first: int, count: int) -> None:
        for number in range(first, first + count):
            case_in_intake(world, house_number=number)
            services.registration_create(
                actor=world.director.user,
                question="Vraag",
                postcode="2036AB",
                house_number=number,
            )

    add_cases(1, 1)
    few = _queries(client, url)
    add_cases(100, 8)
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 6


def test_case_detail_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    case = case_with_active_plan(world)
    client = api_as(world.director.user)
    few = _queries(client, f"/api/cases/{case.pk}/")
    for number in range(5):
        goal = goal_add(
            actor=world.director.user, case=case, domain="housing", description=f"Doel {number}"
        )
        action_add(
            actor=world.director.user,
            goal=goal,
            description="Zelf bellen",
            step=1,
            performer=Performer.RESIDENT,
        )
        services.contact_add(actor=world.director.user, case=case)
    with django_assert_max_num_queries(few):
        client.get(f"/api/cases/{case.pk}/")


def test_a_bsn_match_cannot_be_confirmed_away(world):
    client = api_as(world.director.user)
    first = register(client, person={"bsn": "999999990"})
    body = {"question": "Vraag", "person": {"bsn": "999999990"}, "confirm_new": True}
    response = client.post("/api/registrations/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "possible_duplicate"
    [match] = response.json()["extra"]["matches"]
    assert (match["household_id"], match["reason"]) == (first["case"]["household"]["id"], "bsn")
    assert "999999990" not in response.content.decode()


def test_a_match_in_another_team_tells_only_reference_and_team(world):
    register(api_as(world.outsider.user), postcode="2033AB", house_number=5)
    response = api_as(world.director.user).post(
        "/api/registrations/",
        {"question": "Vraag", "postcode": "2033AB", "house_number": 5},
        format="json",
    )
    assert response.status_code == 409
    [match] = response.json()["extra"]["matches"]
    assert (match["team_name"], match["visible"], match["open_case_id"]) == ("Oost 2", False, None)
