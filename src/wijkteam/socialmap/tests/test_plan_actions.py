"""Choosing a provision of the social map while adding a plan action, and seeing it on the
case page; the plan's own rules (stepped care, step reasons) stay as they are."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.errors import DomainError
from wijkteam.plans.models import Action
from wijkteam.plans.services import action_add, goal_add
from wijkteam.socialmap import services


@pytest.fixture
def goal(world, smap):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    assert case.team == world.schalkwijk
    return goal_add(
        actor=world.director.user, case=case, domain="finances", description="Rust in de post"
    )


@pytest.fixture
def director(client, world):
    client.force_login(world.director.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _data(goal, **values) -> dict:
    base = {"expected_version": goal.plan.case.version, "performer": "resident"}
    base.update(values)
    return {f"goal{goal.pk}-{name}": value for name, value in base.items()}


def test_the_search_lists_the_goals_domain_in_the_area_lowest_step_first(director, goal):
    url = reverse("plans:action_provisions", args=[goal.pk])
    html = director.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert html.index("Schuldhulpmaatje") < html.index("Schuldhulpverlening")
    assert "Taalcafé" not in html and "Buurtcentrum" not in html
    html = director.get(url, {f"goal{goal.pk}-provision_q": "gemeente"}).content.decode()
    assert "Schuldhulpverlening" in html and "Schuldhulpmaatje" not in html
    # Nothing of the goal's domain matches: what matches elsewhere, said so.
    html = director.get(url, {f"goal{goal.pk}-provision_q": "ringvaart"}).content.decode()
    assert "Buurtcentrum De Ringvaart" in html and "other life domains" in html


def test_choosing_fills_the_step_and_an_empty_description_and_keeps_the_rest(director, goal, smap):
    url = reverse("plans:action_provision", args=[goal.pk])
    data = {**_data(goal, due_date="2099-01-31", step="1"), "choose": str(smap.buddy.pk)}
    html = director.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    prefix = f"goal{goal.pk}"
    assert f'name="{prefix}-provision" value="{smap.buddy.pk}"' in html
    assert f'value="2" id="id_{prefix}-step_1" checked' in html.replace(" required", "")
    assert "Schuldhulpmaatje</textarea>" in html  # the empty description is filled in
    assert 'value="2099-01-31"' in html  # what was typed stays
    assert 'value="Stichting Maatjes (demo)"' in html
    assert " required>" in html  # step 2 with nothing tried yet: a reason is asked
    # A description that was typed is kept.
    data[f"{prefix}-description"] = "Samen de post doen"
    html = director.post(url, data).content.decode()
    assert "Samen de post doen</textarea>" in html
    # And the choice can be dropped again.
    data["choose"] = ""
    html = director.post(url, data).content.decode()
    assert f'name="{prefix}-provision" id=' in html and "Chosen" not in html


def test_adding_the_action_links_the_provision_and_the_case_page_shows_it(director, goal, smap):
    data = _data(
        goal,
        description="Schuldhulpmaatje helpt met de post",
        step="2",
        performer="volunteer_organisation",
        step_reason="Alleen lukt het niet meer",
        provision=str(smap.buddy.pk),
    )
    response = director.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert response.status_code == 302
    action = Action.objects.get(goal=goal)
    assert action.provision == smap.buddy
    page = director.get(reverse("cases:detail", args=[goal.plan.case_id])).content.decode()
    assert reverse("socialmap:detail", args=[smap.buddy.pk]) in page


def test_the_choice_survives_a_validation_error(director, goal, smap):
    # Step 4 with nothing tried yet, without a reason: refused, the choice stays.
    data = _data(
        goal,
        description="Aanmelden",
        step="4",
        performer="provision",
        provision=str(smap.counselling.pk),
    )
    response = director.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="goal{goal.pk}-provision" value="{smap.counselling.pk}"' in html
    assert "Chosen" in html and "Schuldhulpverlening" in html
    assert not Action.objects.exists()
    # A form that does not parse (no description) keeps it too.
    data[f"goal{goal.pk}-description"] = ""
    response = director.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert response.status_code == 400
    assert f'value="{smap.counselling.pk}"' in response.content.decode()


def test_a_step_other_than_the_provisions_is_refused(world, goal, smap):
    with pytest.raises(DomainError) as refused:
        action_add(
            actor=world.director.user,
            goal=goal,
            description="Maatje",
            step=1,
            performer="resident",
            provision=smap.buddy,
        )
    assert refused.value.code == "step_not_provision" and refused.value.field == "step"


def test_an_inactive_provision_is_refused_at_the_search_field(director, goal, smap):
    services.provision_set_active(
        actor=smap.admin, provision=smap.buddy, active=False, expected_version=1
    )
    data = _data(
        goal,
        description="Maatje",
        step="2",
        performer="volunteer_organisation",
        step_reason="Lukt niet alleen",
        provision=str(smap.buddy.pk),
    )
    response = director.post(reverse("plans:action_add", args=[goal.pk]), data)
    assert response.status_code == 400
    assert "no longer offered" in response.content.decode()
    assert not Action.objects.exists()


def test_the_api_links_a_provision(world, goal, smap):
    client = APIClient()
    client.force_authenticate(world.director.user)
    body = {
        "description": "Schuldhulpverlening",
        "step": 4,
        "performer": "provision",
        "step_reason": "Te veel schuldeisers",
        "provision": smap.counselling.pk,
    }
    response = client.post(f"/api/goals/{goal.pk}/actions/", body, format="json")
    assert response.status_code == 201 and response.json()["provision"] == smap.counselling.pk
    body["provision"] = 999999
    response = client.post(f"/api/goals/{goal.pk}/actions/", body, format="json")
    assert response.status_code == 400
