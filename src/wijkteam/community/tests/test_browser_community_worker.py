"""The community worker's path in a real browser (issue 5): the detection raises a signal from
hand-made registrations; the community worker opens it from the signals list, starts a
collective activity from it (a group), links a provision of the social map and records
participation; the case director adds a plan action at step 2 that joins the activity; the
activity's page then counts the route, suppressed below the threshold ("fewer than 5").

Texts are looked up in the Dutch catalogue, as in the other browser tests.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.community.detection import signals_detect
from wijkteam.community.models import CollectiveActivity, NeighbourhoodSignal, SignalStatus
from wijkteam.community.tests.signal_world import TODAY, themed_households
from wijkteam.community.tests.test_activities_support import community_worker
from wijkteam.core.disclosure import Suppressed, threshold
from wijkteam.plans.models import Action
from wijkteam.socialmap.services import provision_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nl(text: str) -> str:
    with override("nl"):
        return gettext(text)


@pytest.fixture
def path(world):
    """A detected loneliness signal in Meerwijk, a provision of the social map there, a
    community worker in Schalkwijk 1 and a case of the director with an active plan."""
    community_worker(world)
    themed_households(world.schalkwijk.area.neighbourhoods.get(code="meerwijk"), 6)
    assert signals_detect(today=TODAY).raised == 1
    provision_create(
        actor=None,
        municipality=world.schalkwijk.area.municipality,
        name="Buurtkamer Meerwijk",
        provider="Stichting Buurt (test)",
        kind="collective",
        domains=["social_network"],
        areas=[world.schalkwijk.area],
    )
    case = case_in_state(
        actor=world.director.user, director=world.director, status=Status.PLAN_ACTIVE
    )
    return {"signal": NeighbourhoodSignal.objects.get(), "case": case}


def test_from_detected_signal_to_a_collective_activity_a_plan_action_joins(page, login, path):
    signal = path["signal"]
    login("opbouwwerker")

    # The signal, from the list; a collective activity started from it.
    page.goto(reverse("community:signals"))
    page.get_by_role("link", name=signal.reference).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=nl("Start a collective activity")).click()
    page.wait_for_load_state()
    expect(page.get_by_label(signal.reference, exact=False)).to_be_checked()
    page.get_by_label(nl("Kind"), exact=True).select_option("group")
    page.get_by_label(nl("Name"), exact=True).fill("Koffieochtend Meerwijk")
    page.get_by_role("button", name=nl("Save activity")).click()
    page.wait_for_load_state()
    activity = CollectiveActivity.objects.get()
    assert page.url.endswith(reverse("community:activity_detail", args=[activity.pk]))
    signal.refresh_from_db()
    assert signal.status == SignalStatus.TAKEN_UP

    # A provision of the social map, through the search.
    page.get_by_label(nl("Search the social map")).fill("buurtkamer")
    result = page.locator("#provision-results li", has_text="Buurtkamer Meerwijk")
    result.get_by_role("button", name=re.compile(re.escape(nl("Link")))).click()
    page.wait_for_load_state()
    expect(page.locator(".linked-provisions")).to_contain_text("Buurtkamer Meerwijk")

    # Participation, as tallied.
    page.locator("summary", has_text=nl("Record participation")).click()
    page.get_by_label(nl("Date"), exact=True).fill("2026-04-07")
    page.get_by_label(nl("Participants"), exact=True).fill("9")
    page.get_by_role("button", name=nl("Record participation")).click()
    page.wait_for_load_state()
    expect(page.locator("#participation-title + p + table tbody")).to_contain_text("9")

    # The case director joins the activity from the plan, at step 2.
    page.context.clear_cookies()
    login("regisseur")
    case = path["case"]
    goal = case.plan.goals.get()
    page.goto(reverse("cases:detail", args=[case.pk]))
    form = page.locator(f"#goal-{goal.pk}")
    form.locator("summary", has_text=nl("Add an action")).click()
    form.locator(f'textarea[name="goal{goal.pk}-description"]').fill("Koffieochtend bezoeken")
    form.locator(f'input[name="goal{goal.pk}-step"][value="2"]').check()
    form.locator(".reason-required").wait_for()
    form.locator(f'textarea[name="goal{goal.pk}-step_reason"]').fill("Klein netwerk")
    form.locator(f'select[name="goal{goal.pk}-collective_activity"]').select_option(
        str(activity.pk)
    )
    form.get_by_role("button", name=nl("Add action")).click()
    page.wait_for_load_state()
    action = Action.objects.get(collective_activity=activity)
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("Koffieochtend Meerwijk")

    # Back to the activity: one action, counted as "fewer than 5".
    page.context.clear_cookies()
    login("opbouwwerker")
    page.goto(reverse("community:activity_detail", args=[activity.pk]))
    with override("nl"):
        fewer = str(Suppressed(threshold()))
    expect(page.locator('[data-count="actions"]')).to_have_text(fewer)
    expect(page.locator('[data-count="households"]')).to_have_text(fewer)
    expect(page.locator('[data-count="signals"]')).to_have_text("1")
