"""The plan through the web: stepped care in the form, inline status changes, revisions."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from wijkteam.cases.tests.factories import case_in_state
from wijkteam.plans.models import Action, Goal, PlanRevision
from wijkteam.plans.services import action_add, goal_add, plan_revision_create


@pytest.fixture
def director(client, world):
    """The case director, reading the UI in English so the assertions do not depend on the
    Dutch catalogue (its completeness is tested in ``core``)."""
    client.force_login(world.director.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def intake_goal(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    return goal_add(actor=world.director.user, case=case, domain="housing", description="Huis")


def _step_reason(client, goal, **values):
    prefix = f"goal{goal.pk}"
    data = {f"{prefix}-{name}": value for name, value in values.items()}
    return client.post(reverse("plans:step_reason", args=[goal.pk]), data, HTTP_HX_REQUEST="true")


def test_step_reason_is_optional_at_the_lowest_step(director, intake_goal):
    response = _step_reason(director, intake_goal, step="1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "(optional)" in html and " required>" not in html


def test_step_reason_is_required_above_what_was_tried(director, world, intake_goal):
    html = _step_reason(director, intake_goal, step="2", step_reason="Al geprobeerd").content
    html = html.decode()
    assert " required>" in html and "Nothing has been tried for this goal yet" in html
    assert ">Al geprobeerd</textarea>" in html  # what was typed stays

    action_add(
        actor=world.director.user,
        goal=intake_goal,
        description="Buurman helpt",
        step=2,
        performer="network_person",
        step_reason="Zelf lukt het niet",
    )
    assert " required>" not in _step_reason(director, intake_goal, step="2").content.decode()
    html = _step_reason(director, intake_goal, step="3").content.decode()
    assert " required>" in html and "up to step 2" in html


def test_step_reason_is_required_for_the_fast_track(director, intake_goal):
    html = _step_reason(director, intake_goal, step="4", is_fast_track="on").content.decode()
    assert " required>" in html and "urgent enough" in html


def test_action_form_shows_every_step_with_its_meaning(director, world, intake_goal):
    html = director.get(reverse("cases:detail", args=[intake_goal.plan.case_id])).content
    html = html.decode()
    for text in (
        "1 · Own strength",
        "The resident does it themselves.",
        "4 · Tailored or specialist support",
        "Tailored professional or specialist help",
    ):
        assert text in html
    assert f'hx-post="{reverse("plans:step_reason", args=[intake_goal.pk])}"' in html


def _status(client, action, status, version, **headers):
    prefix = f"action{action.pk}"
    return client.post(
        reverse("plans:action_status", args=[action.pk]),
        {f"{prefix}-status": status, f"{prefix}-expected_version": version},
        **headers,
    )


@pytest.fixture
def active_action(world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    return Action.objects.get(goal__plan__case=case)


def test_status_change_inline_returns_the_row(director, active_action):
    response = _status(director, active_action, "done", 1, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="action-{active_action.pk}"')
    assert "Saved" in html and f'name="action{active_action.pk}-expected_version" value="2"' in html
    assert Action.objects.get().status == "done"


def test_stale_status_change_is_a_conflict_inline(director, active_action):
    assert _status(director, active_action, "in_progress", 1, HTTP_HX_REQUEST="true").status_code
    response = _status(director, active_action, "cancelled", 1, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this in the meantime" in html
    assert 'value="cancelled" selected' in html  # the choice made stays
    assert Action.objects.get().status == "in_progress"


def test_stale_status_change_without_htmx_renders_the_case_page(director, active_action):
    _status(director, active_action, "in_progress", 1)
    response = _status(director, active_action, "done", 1)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this in the meantime" in html
    assert "Rust in de schulden" in html


def test_unknown_status_is_a_bad_request(director, active_action):
    response = _status(director, active_action, "vanished", 1, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert Action.objects.get().status == "planned"


def test_goal_needs_domain_and_words(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="intake")
    response = director.post(
        reverse("plans:goal_add", args=[case.pk]),
        {"goal-domain": "", "goal-description": "", "goal-expected_version": case.version},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a life domain." in html
    assert "Write the goal down, in the resident&#x27;s words." in html
    assert not Goal.objects.exists()


def test_goal_on_a_closed_case_is_a_conflict(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="closed")
    response = director.post(
        reverse("plans:goal_add", args=[case.pk]),
        {
            "goal-domain": "housing",
            "goal-description": "Nieuw doel",
            "goal-expected_version": case.version,
        },
    )
    assert response.status_code == 409
    assert "Nieuw doel" in response.content.decode()
    assert Goal.objects.count() == 1


def test_revision_needs_a_note(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    response = director.post(
        reverse("plans:revision_create", args=[case.pk]),
        {"revision-note": "", "revision-expected_version": case.version},
    )
    assert response.status_code == 400
    assert PlanRevision.objects.count() == 1


def test_compare_shows_added_and_changed_items(director, world):
    actor = world.director.user
    case = case_in_state(actor=actor, director=world.director, status="plan_active")
    action = Action.objects.get(goal__plan__case=case)
    goal = goal_add(actor=actor, case=case, domain="social_network", description="Meer contact")
    action_add(
        actor=actor,
        goal=goal,
        description="Naar het buurthuis",
        step=3,
        performer="provision",
        step_reason="Netwerk is klein",
        due_date=timezone.localdate(),
    )
    Action.objects.filter(pk=action.pk).update(status="done")
    plan_revision_create(actor=actor, plan=case.plan, note="Uitgebreid")

    page = director.get(reverse("plans:revisions", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "From version 1 to version 2" in html
    assert 'class="change-added"' in html and "Meer contact" in html
    assert "Naar het buurthuis" in html
    assert "<del>Planned</del> → <ins>Done</ins>" in html


def test_compare_with_unknown_revision_is_a_bad_request(director, world):
    actor = world.director.user
    case = case_in_state(actor=actor, director=world.director, status="plan_active")
    plan_revision_create(actor=actor, plan=case.plan, note="Tweede")
    other = case_in_state(actor=actor, director=world.director, status="plan_active")
    foreign = PlanRevision.objects.get(plan__case=other)
    page = director.get(
        reverse("plans:revisions", args=[case.pk]), {"older": foreign.pk, "newer": foreign.pk}
    )
    assert page.status_code == 400


def test_plan_panel_read_only_shows_goals_actions_and_outcomes(world):
    actor = world.director.user
    case = case_in_state(actor=actor, director=world.director, status="closed")
    request = RequestFactory().get("/")
    request.user = actor
    with translation.override("en"):
        html = Template("{% load plan_tags %}{% plan_panel case %}").render(
            Context({"case": case, "request": request})
        )
    for text in ("Finances", "Rust in de schulden", "Budget bijhouden", "1 · Own strength"):
        assert text in html
    assert "Reached" in html and "Resident" in html and "Planned" in html
    assert "<form" not in html


def test_plan_panel_groups_goals_per_domain_in_zrm_order(world):
    actor = world.director.user
    case = case_in_state(actor=actor, director=world.director, status="intake")
    goal_add(actor=actor, case=case, domain="justice", description="Boete regelen")
    goal_add(actor=actor, case=case, domain="finances", description="Schulden op een rij")
    with translation.override("en"):
        html = Template("{% load plan_tags %}{% plan_panel case %}").render(Context({"case": case}))
    assert html.index("Schulden op een rij") < html.index("Boete regelen")
    assert "No goals yet" not in html


def _browser_login(page, live_server, user) -> None:
    # A session made on the server side: this test is about the plan, not the login form.
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    # English, so the assertions do not depend on the Dutch catalogue.
    page.context.add_cookies(
        [
            {"name": "sessionid", "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_htmx_asks_for_a_step_reason_and_changes_status_inline(world, page, live_server):
    actor = world.director.user
    case = case_in_state(actor=actor, director=world.director, status="plan_active")
    goal = Goal.objects.get(plan__case=case)
    action = Action.objects.get(goal=goal)
    _browser_login(page, live_server, actor)
    page.goto(reverse("cases:detail", args=[case.pk]))

    page.locator(f"#goal-{goal.pk} summary").click()
    reason = page.locator(f"#id_goal{goal.pk}-step_reason")
    assert reason.get_attribute("required") is None
    page.locator(f"#id_goal{goal.pk}-step_2").check()  # step 3: above step 1, tried so far
    page.locator(f"#goal{goal.pk}-reason .reason-required").wait_for()
    assert reason.get_attribute("required") is not None
    assert "up to step 1" in page.locator(f"#goal{goal.pk}-reason").inner_text()

    row = page.locator(f"#action-{action.pk}")
    row.locator("select").select_option("in_progress")
    row.get_by_role("button").click()
    page.locator(f"#action-{action.pk} .saved").wait_for()
    assert Action.objects.get(pk=action.pk).status == "in_progress"

    # Someone else changes the action while this page is open: the row says so in place.
    Action.objects.filter(pk=action.pk).update(status="done", version=action.version + 5)
    row = page.locator(f"#action-{action.pk}")
    row.locator("select").select_option("cancelled")
    row.get_by_role("button").click()
    page.locator(f"#action-{action.pk} [role=alert]").wait_for()
    assert "Someone else changed this" in row.inner_text()
    assert Action.objects.get(pk=action.pk).status == "done"
    assert page.url.endswith(reverse("cases:detail", args=[case.pk]))


def test_revisions_page_with_one_revision_lists_it_without_comparing(director, world):
    case = case_in_state(actor=world.director.user, director=world.director, status="plan_active")
    page = director.get(reverse("plans:revisions", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Plan agreed" in html and 'name="older"' not in html
