"""The case page and the work on a case, through the web views, as a case director would."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from wijkteam.cases import services
from wijkteam.cases.lifecycle import Status, Transition
from wijkteam.cases.models import Case, Contact
from wijkteam.cases.services import PersonInput
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.plans.models import Action, Goal, PlanRevision
from wijkteam.plans.services import action_add, goal_add
from wijkteam.sharing.models import Party, Purpose
from wijkteam.sharing.tests.factories import SharingGroundFactory
from wijkteam.zrm.models import Assessment, AssessmentKind


def _register(world) -> Case:
    return services.registration_create(
        actor=world.director.user,
        question="Huurachterstand en stress",
        domains=["finances", "housing"],
        postcode="2035AB",
        house_number=12,
        person=PersonInput(given_name="Test", family_name="Persoon"),
    )


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _checked(html: str, name: str, value: object) -> bool:
    """Whether the radio button ``name`` with ``value`` is the one checked."""
    return (
        re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]* checked>', html)
        is not None
    )


def _detail(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


@pytest.fixture
def director(client, world):
    """The case director, reading the UI in English so the assertions do not depend on the
    Dutch catalogue (its completeness is tested in ``core``)."""
    client.force_login(world.director.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_whole_flow_through_the_web(director, world):
    case = _register(world)
    today = timezone.localdate().isoformat()

    page = director.get(_detail(case))
    assert page.status_code == 200
    html = page.content.decode()
    # The best-fitting member (social worker: all domains) is suggested first and preselected,
    # with function and caseload shown.
    assert _checked(html, "intake-director", world.director.pk)
    assert "Social worker" in html and "0 open cases" in html

    response = director.post(
        reverse("cases:start_intake", args=[case.pk]),
        {"intake-director": world.director.pk, "intake-expected_version": case.version},
    )
    assert response.status_code == 302 and response.url == _detail(case)
    case = _fresh(case)
    assert case.status == Status.INTAKE and case.director == world.director

    response = director.post(
        reverse("plans:goal_add", args=[case.pk]),
        {
            "goal-domain": "finances",
            "goal-description": "Weer overzicht over de rekeningen",
            "goal-person": "",
            "goal-expected_version": case.version,
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan__case=case)

    action_url = reverse("plans:action_add", args=[goal.pk])
    typed = {
        f"goal{goal.pk}-description": "Aanmelden bij de schuldhulp",
        f"goal{goal.pk}-step": "3",
        f"goal{goal.pk}-performer": "provision",
        f"goal{goal.pk}-performer_name": "Schuldhulp Haarlem",
        f"goal{goal.pk}-expected_version": case.version,
    }
    refused = director.post(action_url, typed)
    assert refused.status_code == 400
    assert "higher step than tried so far" in refused.content.decode()
    assert not Action.objects.exists()
    response = director.post(
        action_url, {**typed, f"goal{goal.pk}-step_reason": "Eigen budget lukte al niet"}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.step == 3 and action.step_reason == "Eigen budget lukte al niet"

    response = director.post(
        reverse("zrm:assessment_create", args=[case.pk]),
        {
            "kind": "intake",
            "assessed_on": today,
            "person": "",
            "score_finances": "2",
            "score_housing": "3",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 302
    intake = Assessment.objects.get(kind=AssessmentKind.INTAKE)
    assert {s.domain: s.score for s in intake.scores.all()} == {"finances": 2, "housing": 3}

    response = director.post(
        reverse("cases:activate_plan", args=[case.pk]),
        {"activate-note": "Afgesproken met bewoner", "activate-expected_version": case.version},
    )
    assert response.status_code == 302
    case = _fresh(case)
    assert case.status == Status.PLAN_ACTIVE

    response = director.post(
        reverse("cases:contact_add", args=[case.pk]),
        {
            "contact-kind": "home_visit",
            "contact-date": today,
            "contact-duration_minutes": "45",
            "contact-note": "Post doorgenomen",
            "contact-expected_version": case.version,
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(case=case)
    assert (contact.kind, contact.duration_minutes) == ("home_visit", 45)

    response = director.post(
        reverse("plans:action_status", args=[action.pk]),
        {f"action{action.pk}-status": "in_progress", f"action{action.pk}-expected_version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="action-{action.pk}"' in response.content.decode()
    assert Action.objects.get().status == "in_progress"

    response = director.post(
        reverse("plans:revision_create", args=[case.pk]),
        {"revision-note": "Na het casusoverleg", "revision-expected_version": case.version},
    )
    assert response.status_code == 302
    first, second = PlanRevision.objects.filter(plan__case=case).order_by("number")
    page = director.get(
        reverse("plans:revisions", args=[case.pk]), {"older": first.pk, "newer": second.pk}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aanmelden bij de schuldhulp" in html
    assert "<del>Planned</del> → <ins>In progress</ins>" in html

    assert director.get(reverse("cases:close", args=[case.pk])).status_code == 200
    response = director.post(
        reverse("cases:close", args=[case.pk]),
        {
            f"outcome_{goal.pk}": "reached",
            "assessed_on": today,
            "score_finances": "4",
            "score_housing": "",
            "reason": "goals_reached",
            "note": "Rekeningen op orde",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 302
    case = _fresh(case)
    assert case.status == Status.CLOSED
    assert Goal.objects.get().outcome == "reached"
    closing = Assessment.objects.get(kind=AssessmentKind.CLOSING)
    assert {s.domain: s.score for s in closing.scores.all()} == {"finances": 4}

    response = director.post(
        reverse("cases:reopen", args=[case.pk]),
        {"reopen-reason": "relapse", "reopen-note": "", "reopen-expected_version": case.version},
    )
    assert response.status_code == 302
    case = _fresh(case)
    assert case.status == Status.INTAKE and case.director == world.director

    page = director.get(_detail(case)).content.decode()
    for shown in ("Post doorgenomen", "Weer overzicht over de rekeningen", "Problems returned"):
        assert shown in page


def test_missing_step_reason_keeps_everything_typed(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    goal = goal_add(actor=world.director.user, case=case, domain="housing", description="Huis")
    prefix = f"goal{goal.pk}"
    response = director.post(
        reverse("plans:action_add", args=[goal.pk]),
        {
            f"{prefix}-description": "Specialistische woonbegeleiding",
            f"{prefix}-step": "4",
            f"{prefix}-performer": "professional",
            f"{prefix}-performer_name": "Begeleider van de GGZ",
            f"{prefix}-due_date": timezone.localdate().isoformat(),
            f"{prefix}-expected_version": case.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Specialistische woonbegeleiding" in html
    assert 'value="Begeleider van de GGZ"' in html
    assert _checked(html, f"{prefix}-step", 4)
    # The message sits at the reason field, which points at it, and the summary links there.
    assert f'id="id_{prefix}-step_reason_error"' in html
    assert f'aria-describedby="id_{prefix}-step_reason_helptext id_{prefix}-step_reason_error"' in (
        html
    )
    assert f'href="#id_{prefix}-step_reason"' in html
    assert not Action.objects.exists()


def test_fast_track_needs_its_reason_and_goes_to_step_4(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    goal = goal_add(actor=world.director.user, case=case, domain="housing", description="Huis")
    prefix = f"goal{goal.pk}"
    data = {
        f"{prefix}-description": "Crisisopvang",
        f"{prefix}-step": "4",
        f"{prefix}-performer": "professional",
        f"{prefix}-is_fast_track": "on",
        f"{prefix}-expected_version": case.version,
    }
    refused = director.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert refused.status_code == 400
    assert "urgent enough for the fast track" in refused.content.decode()
    data[f"{prefix}-step_reason"] = "Dreigende huisuitzetting deze week"
    assert director.post(reverse("plans:action_add", args=[goal.pk]), data).status_code == 302
    assert Action.objects.get().is_fast_track


def test_closing_a_registered_case_is_refused_as_illegal(director, world):
    case = _register(world)
    page = director.get(reverse("cases:close", args=[case.pk]))
    assert page.status_code == 200
    assert "cannot be given the step" in page.content.decode()

    response = director.post(
        reverse("cases:close", args=[case.pk]),
        {"reason": "goals_reached", "note": "Mijn toelichting", "expected_version": case.version},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "A case that is &#x27;Registered&#x27; cannot be given the step" in html
    assert "Mijn toelichting" in html
    assert _fresh(case).status == Status.REGISTERED


def test_activating_a_registered_case_is_refused_on_the_full_page(director, world):
    case = _register(world)
    response = director.post(
        reverse("cases:activate_plan", args=[case.pk]),
        {"activate-note": "Te vroeg", "activate-expected_version": case.version},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "cannot be given the step" in html
    assert "Huurachterstand en stress" in html  # the whole case page, not just an error
    assert "Te vroeg" in html  # what was typed is shown, though the form has no place now


def test_stale_version_from_a_second_edit_is_a_conflict(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    seen = case.version
    # A colleague hands direction over while the page is open: the case moves on.
    services.case_hand_over(
        actor=world.colleague.user,
        case=case,
        to=world.colleague,
        expected_director_id=world.director.pk,
        reason="Vooral schulden",
    )
    response = director.post(
        reverse("cases:stop", args=[case.pk]),
        {
            "stop-reason": "declined",
            "stop-note": "Wil geen hulp meer",
            "stop-expected_version": seen,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this case in the meantime" in html
    assert "Wil geen hulp meer" in html
    assert _checked(html, "stop-reason", "declined")
    # The page shows the case as it is now; sending again is a deliberate choice on that.
    current = _fresh(case)
    assert f'name="stop-expected_version" value="{current.version}"' in html
    assert current.status == Status.PLAN_ACTIVE


def test_simultaneous_hand_over_is_refused(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    services.case_hand_over(
        actor=world.colleague.user,
        case=case,
        to=world.colleague,
        expected_director_id=world.director.pk,
        reason="Schulden",
    )
    response = director.post(
        reverse("cases:hand_over", args=[case.pk]),
        {
            "handover-director": world.cjg_coach.pk,
            "handover-reason": "Opvoedvragen",
            "handover-expected_director_id": world.director.pk,
            "handover-expected_version": case.version,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Direction of this case was changed in the meantime" in html
    assert "Opvoedvragen" in html
    assert _fresh(case).director == world.colleague
    # The page now shows who directs the case; the form is set against that.
    assert f'name="handover-expected_director_id" value="{world.colleague.pk}"' in html


def test_hand_over_needs_a_reason_and_is_recorded(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    url = reverse("cases:hand_over", args=[case.pk])
    data = {
        "handover-director": world.cjg_coach.pk,
        "handover-reason": "",
        "handover-expected_director_id": world.director.pk,
        "handover-expected_version": case.version,
    }
    refused = director.post(url, data)
    assert refused.status_code == 400
    assert "Say why direction is handed over." in refused.content.decode()
    data["handover-reason"] = "Opvoedvragen staan voorop"
    assert director.post(url, data).status_code == 302
    case = _fresh(case)
    assert case.director == world.cjg_coach
    assert case.director_history.filter(ended_at__isnull=True).get().reason == (
        "Opvoedvragen staan voorop"
    )


def test_contact_in_the_future_is_refused_at_the_date(director, world):
    case = _register(world)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = director.post(
        reverse("cases:contact_add", args=[case.pk]),
        {
            "contact-kind": "phone",
            "contact-date": tomorrow,
            "contact-duration_minutes": "20",
            "contact-note": "Teruggebeld",
            "contact-expected_version": case.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "A contact cannot lie in the future." in html
    assert 'aria-invalid="true"' in html and 'id="id_contact-date_error"' in html
    assert "Teruggebeld" in html and f'value="{tomorrow}"' in html
    assert not Contact.objects.exists()


def test_transfer_to_another_team_needs_the_team(director, world):
    case = _register(world)
    url = reverse("cases:transfer", args=[case.pk])
    data = {
        "transfer-reason": "other_team",
        "transfer-to_team": "",
        "transfer-note": "Verhuisd naar Oost",
        "transfer-expected_version": case.version,
    }
    refused = director.post(url, data)
    assert refused.status_code == 400
    assert "Choose the team to transfer to." in refused.content.decode()
    SharingGroundFactory(
        household=case.household, party=Party.OTHER_TEAM, purpose=Purpose.DIRECTION_TRANSFER
    )
    data["transfer-to_team"] = world.oost.pk
    assert director.post(url, data).status_code == 302
    assert _fresh(case).status == Status.TRANSFERRED
    assert Case.objects.get(household=case.household, team=world.oost).status == "registered"


def test_stop_from_the_inbox(director, world):
    case = _register(world)
    response = director.post(
        reverse("cases:stop", args=[case.pk]),
        {"stop-reason": "answered", "stop-note": "", "stop-expected_version": case.version},
    )
    assert response.status_code == 302
    assert _fresh(case).status == Status.STOPPED


def test_close_without_outcome_marks_the_goal(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    goal = Goal.objects.get(plan__case=case)
    response = director.post(
        reverse("cases:close", args=[case.pk]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "score_finances": "4",
            "reason": "self_reliant",
            "note": "Zelfstandig verder",
            "expected_version": case.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Record for every goal whether it was reached." in html
    assert f'id="id_outcome_{goal.pk}_error"' in html
    assert _checked(html, "score_finances", 4)
    assert "Zelfstandig verder" in html
    assert _fresh(case).status == Status.PLAN_ACTIVE


CASE_URLS = [
    ("get", "cases:detail"),
    ("get", "cases:close"),
    ("get", "plans:revisions"),
    ("get", "zrm:assessment_create"),
    ("post", "cases:start_intake"),
    ("post", "cases:hand_over"),
    ("post", "cases:activate_plan"),
    ("post", "cases:contact_add"),
    ("post", "cases:close"),
    ("post", "cases:stop"),
    ("post", "cases:transfer"),
    ("post", "cases:reopen"),
    ("post", "plans:goal_add"),
    ("post", "plans:revision_create"),
    ("post", "zrm:assessment_create"),
]


@pytest.mark.parametrize(("method", "name"), CASE_URLS)
def test_outsider_gets_404_on_every_case_url(client, world, method, name):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    client.force_login(world.outsider.user)
    response = getattr(client, method)(reverse(name, args=[case.pk]), {})
    assert response.status_code == 404
    assert _fresh(case).version == case.version


@pytest.mark.parametrize("name", ["plans:action_add", "plans:step_reason"])
def test_outsider_gets_404_on_goal_urls(client, world, name):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    goal = Goal.objects.get(plan__case=case)
    client.force_login(world.outsider.user)
    assert client.post(reverse(name, args=[goal.pk]), {}).status_code == 404


def test_outsider_gets_404_on_action_status(client, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    action = Action.objects.get(goal__plan__case=case)
    client.force_login(world.outsider.user)
    response = client.post(
        reverse("plans:action_status", args=[action.pk]),
        {f"action{action.pk}-status": "done", f"action{action.pk}-expected_version": 1},
    )
    assert response.status_code == 404
    assert Action.objects.get().status == "planned"


def test_anonymous_is_sent_to_login(client, world):
    case = _register(world)
    response = client.get(_detail(case))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _case_with(world, *, goals: int, contacts: int) -> Case:
    actor = world.director.user
    case = case_in_state(actor=actor, director=world.director, status="plan_active")
    for number in range(goals):
        goal = goal_add(actor=actor, case=case, domain="housing", description=f"Doel {number}")
        action_add(
            actor=actor, goal=goal, description=f"Actie {number}", step=1, performer="resident"
        )
    for number in range(contacts):
        services.contact_add(actor=actor, case=case, note=f"Contact {number}")
    from wijkteam.zrm.services import assessment_create

    for score in (2, 3):
        assessment_create(
            actor=actor, case=case, kind="follow_up", scores={"finances": score, "housing": 3}
        )
    return _fresh(case)


# One query per kind of record: the bound holds whatever the length of the plan or history.
# + the menu's roles (memberships, groups); PostgreSQL adds the access log's advisory lock.
# + the back-office panel (wijkteam.backoffice): advices, contact, breakthrough requests (3);
# + the case-conference conclusions (wijkteam.conferences) (1);
# + the case's themes with the choices for its form (wijkteam.cases.themes) (1).
CASE_PAGE_QUERY_BOUND = 33


@pytest.mark.parametrize("size", [2, 20])
def test_case_page_queries_do_not_grow(director, world, django_assert_max_num_queries, size):
    case = _case_with(world, goals=size, contacts=size)
    with django_assert_max_num_queries(CASE_PAGE_QUERY_BOUND):
        response = director.get(_detail(case))
    assert response.status_code == 200
    assert response.content.decode().count('class="goal"') == size + 1


def test_case_page_query_count_is_the_same_for_2_and_20(director, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 20):
        case = _case_with(world, goals=size, contacts=size)
        with CaptureQueriesContext(connection) as queries:
            director.get(_detail(case))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _in_dutch(message: str) -> str:
    """A core message as the Dutch UI shows it (the catalogue decides the words)."""
    with translation.override("nl"):
        return escape(translation.gettext(message))


def test_refusals_speak_dutch_by_default(client, world):
    client.force_login(world.director.user)
    case = _register(world)
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        {"reason": "goals_reached", "expected_version": case.version},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert '<html lang="nl">' in html
    with translation.override("nl"):
        status, step = str(Status.REGISTERED.label), str(Transition.CLOSE.label)
    expected = _in_dutch("A case that is '%(status)s' cannot be given the step '%(transition)s'.")
    assert expected % {"status": escape(status), "transition": escape(step)} in html
