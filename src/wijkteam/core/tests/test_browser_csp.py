"""The strict Content Security Policy in a real browser: no page breaks it, htmx still works.

Chromium reports every blocked inline style, inline script, eval or foreign source as a
``securitypolicyviolation`` event and a console error; the test collects both on every page.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from wijkteam.cases.lifecycle import Status
from wijkteam.cases.tests.factories import case_in_state
from wijkteam.core.domains import LifeDomain
from wijkteam.plans.models import Action, ActionStatus
from wijkteam.plans.services import action_set_status
from wijkteam.zrm.models import AssessmentKind
from wijkteam.zrm.services import assessment_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts; injected by the browser's debugging protocol,
# so the policy under test does not apply to it.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


def nl(text: str, **values: object) -> str:
    with override("nl"):
        translated = gettext(text)
    return translated % values if values else translated


def test_no_page_violates_the_csp_and_htmx_still_works(world, page):
    director = world.director
    case = case_in_state(actor=director.user, director=director, status=Status.PLAN_ACTIVE)
    assessment_create(
        actor=director.user,
        case=case,
        kind=AssessmentKind.INTAKE,
        scores={LifeDomain.FINANCES: 2, LifeDomain.HOUSING: 3},
    )

    violations: list[str] = []
    console_errors: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)

    def on_console(message) -> None:
        # The browser asks for /favicon.ico by itself; the site has none, and that is no error.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    failed: list[str] = []
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )

    page.goto(reverse("login"))
    page.fill("input[name=username]", director.user.username)
    page.fill("input[name=password]", "test-password-123")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("cases:caseload")) + "$"))
    page.locator("h1").wait_for()

    # The household page draws the ZRM chart as SVG, styled from the stylesheet only.
    page.goto(reverse("households:detail", args=[case.household_id]))
    chart_point = page.locator(".zrm-chart svg circle.zrm-point").first
    chart_point.wait_for()
    # The stylesheet applies (a class rule, not a style attribute): the point is filled.
    fill = chart_point.evaluate("(element) => getComputedStyle(element).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")

    # The case page: choosing a higher step asks for a reason through htmx.
    page.goto(reverse("cases:detail", args=[case.pk]))
    goal = page.locator("article.goal").first
    goal.get_by_text(nl("Add an action"), exact=True).click()
    goal.get_by_role("radio", name=re.compile(r"^3 ·")).check()
    reason = goal.locator(".step-reason-box .reason-required")
    reason.wait_for()
    assert nl("required") in reason.inner_text()
    # htmx's indicator class comes from our stylesheet now that htmx injects no style element.
    assert page.locator("head style").count() == 0

    # A status change goes through htmx and is saved in place.
    action = Action.objects.get(goal__plan__case=case)
    row = page.locator(f"#action-{action.pk}")
    row.get_by_role("combobox").select_option(ActionStatus.IN_PROGRESS)
    row.get_by_role("button").click()
    page.locator(f"#action-{action.pk} .saved").wait_for()
    # Someone else changes it meanwhile: the refused (409) change is swapped into the plan
    # panel by wijkteam.js, which replaced an inline hx-on handler, instead of being dropped.
    action.refresh_from_db()
    action_set_status(
        actor=director.user,
        action=action,
        status=ActionStatus.DONE,
        expected_version=action.version,
    )
    row = page.locator(f"#action-{action.pk}")
    row.get_by_role("combobox").select_option(ActionStatus.CANCELLED)
    row.get_by_role("button").click()
    page.locator(f"#action-{action.pk} .errorlist").wait_for()

    # The API documentation, served from our own static files, renders its operations.
    page.goto(reverse("api-docs"))
    page.locator(".swagger-ui .opblock").first.wait_for()

    assert violations == []
    assert [error for error in console_errors if "Content Security Policy" in error] == []
    # The only failed request is the refused status change, made on purpose above.
    status_url = reverse("plans:action_status", args=[action.pk])
    assert [entry.split(" ", 1)[0] for entry in failed] == ["409"]
    assert failed[0].endswith(status_url)
    assert [error for error in console_errors if status_url not in error] == []
