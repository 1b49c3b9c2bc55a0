"""Every page a persona can reach, checked with axe-core in a real browser (issue 7): no serious
or critical violation of WCAG 2.1 AA (axe's tags wcag2a, wcag2aa, wcag21a and wcag21aa).

The pages come from the persona matrix (``wijkteam.access.tests.test_persona_matrix``): every
GET route whose rule lets some persona in, its parameters filled with the objects of the same
world, opened as the persona who works with it (anonymous for public pages). A new page is
checked as soon as the matrix has its row. htmx fragments are checked where they appear, in
their page; the main forms also after a failed submit, with their error messages shown.

One test walks them all and collects every page's violations, so one failure lists all of them:
page, persona, rule, impact and element. axe-core comes with ``axe-playwright-python``
(requirements-dev.txt) and is evaluated through the browser's debugging protocol, so the pages'
Content Security Policy does not stop it.

The admin (/beheer/) is in the matrix too: its pages that the functional administrator
reaches are checked, with our stylesheet and date-and-time widget on top of Django's
(``templates/admin/base_site.html``, ``core/admin_widgets.py``). The API answers JSON only, also
to a browser; its page for people is the Swagger UI (/api/docs/), checked here.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext, override

from wijkteam.access.roles import ROLE_GROUPS, Role
from wijkteam.access.tests.persona_world import PersonaWorld, build_persona_world
from wijkteam.access.tests.test_persona_matrix import ROUTES, Ask, _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}

# Who opens a page: anonymous for public pages, else the first of these whom its rule lets in
# (who works with the page before who may only look at it).
PREFERRED = (
    "director",
    "coordinator",
    "resident",
    "backoffice",
    "functional_admin",
    "log_officer",
    "policy",
    "colleague",
    "cjg_coach",
    "outsider",
    "other_resident",
)
# Pages that differ by role: also opened as these personas.
ALSO = {"": ("backoffice", "policy", "functional_admin", "log_officer")}

# Routes that answer with no page of their own.
NOT_PAGES = {
    # Files and machine formats.
    "rechten/personen/<int:person_id>/inzage.json",
    "buurt/signalen/export/",
    "sociale-kaart/exporteren/",
    "monitoring/wijkanalyse/export/",
    "monitoring/dashboard/export/",
    "taken/<int:pk>/download/",
    "api/",  # the API root: JSON only, also to a browser (test_api_json_only.py)
    "api/schema/",
    "beheer/jsi18n/",
    # htmx fragments, checked in their page by ``_fragments``.
    "taken/<int:pk>/voortgang/",
    "plannen/doelen/<int:pk>/voorzieningen/",
    "buurt/activiteiten/<int:pk>/voorzieningen/",
}


def nl(text: str) -> str:
    with override("nl"):
        return gettext(text)


def _data_migration_rows() -> None:
    """The groups and themes of the data migrations, which a transactional test flushed."""
    for module, function in (
        ("wijkteam.access.migrations.0001_role_groups", "create_groups"),
        ("wijkteam.audit.migrations.0003_log_officer_group", "create_group"),
        ("wijkteam.cases.migrations.0005_default_themes", "themes_add"),
    ):
        getattr(import_module(module), function)(apps, None)
    Group.objects.get(name=ROLE_GROUPS[Role.FUNCTIONAL_ADMIN]).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="otp_totp",
            codename__in=("view_totpdevice", "change_totpdevice", "delete_totpdevice"),
        )
    )


def visits() -> list[tuple[str, str]]:
    """(route, persona): every page of the matrix that some persona reaches, with who opens it."""
    found = []
    for route, row in ROUTES.items():
        if "GET" not in row.methods or route in NOT_PAGES:
            continue
        if row.rule["anonymous"] == "ok":
            found.append((route, "anonymous"))
            continue
        allowed = [persona for persona in PREFERRED if row.rule[persona] in ("ok", "self")]
        if allowed:
            found.append((route, allowed[0]))
        found.extend((route, persona) for persona in ALSO.get(route, ()))
    return found


class Checker:
    """Opens pages as personas, each in its own browser context logged in by a session cookie
    of the world, and collects axe's serious and critical violations."""

    def __init__(self, browser, base_url: str, world: PersonaWorld) -> None:
        self.browser = browser
        self.base_url = base_url
        self.world = world
        self.axe = Axe()
        self.pages: dict[str, object] = {}
        self.problems: list[str] = []
        self.checked: list[str] = []

    def page(self, persona: str):
        if persona not in self.pages:
            context = self.browser.new_context(base_url=self.base_url, locale="nl-NL")
            context.set_default_timeout(10_000)
            if persona != "anonymous":
                cookie = {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": self.world.sessions[persona],
                    "url": self.base_url,
                }
                context.add_cookies([cookie])
            self.pages[persona] = context.new_page()
        return self.pages[persona]

    def open(self, persona: str, url: str) -> None:
        response = self.page(persona).goto(url)
        status = response.status if response else None
        content_type = response.headers.get("content-type", "") if response else ""
        if status != 200 or not content_type.startswith("text/html"):
            self.problems.append(f"{url} as {persona}: {status} {content_type}, not a page")
            return
        self.check(persona, url)

    def check(self, persona: str, what: str) -> None:
        """axe on the page as it is now."""
        results = self.axe.run(self.page(persona), options=AXE_OPTIONS).response
        self.checked.append(what)
        for violation in results["violations"]:
            if violation["impact"] in BLOCKING:
                for node in violation["nodes"]:
                    target = " ".join(map(str, node["target"]))
                    self.problems.append(
                        f"{what} as {persona}: {violation['id']} ({violation['impact']}) "
                        f"at {target}: {violation['help']}"
                    )

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def test_no_page_has_a_serious_accessibility_violation(live_server, browser):
    _data_migration_rows()
    world = build_persona_world()
    ids = world.ids
    checker = Checker(browser, live_server.url, world)
    try:
        for route, persona in visits():
            checker.open(persona, _url(Ask(route, ROUTES[route], "GET", f"/{route}", route), ids))
        _fragments(checker, world)
        _form_errors(checker, world)
    finally:
        checker.close()
    assert checker.problems == [], "\n".join(checker.problems)
    # The walk reached every page it meant to (a page that failed to open is a problem above).
    assert len(checker.checked) == len(visits()) + 6


def _fragments(checker: Checker, world: PersonaWorld) -> None:
    """The social map's search results, loaded by htmx into the action form of the plan and
    into a collective activity's page."""
    page = checker.page("director")
    page.goto(f"/zaken/{world.case.pk}/")
    goal = page.locator("article.goal").first
    goal.get_by_text(nl("Add an action"), exact=True).click()
    goal.locator(".provision-choice input[type=search]").focus()
    goal.locator(".provision-results li").first.wait_for()
    checker.check("director", "the plan's action form with provisions found")

    page = checker.page("coordinator")
    page.goto(f"/buurt/activiteiten/{world.ids['activity']}/")
    page.locator("#provision-search").focus()
    page.locator("#provision-results li").first.wait_for()
    checker.check("coordinator", "an activity's page with provisions found")


def _form_errors(checker: Checker, world: PersonaWorld) -> None:
    """The main forms after a failed submit: the error summary and the fields marked invalid."""

    def submit_and_check(persona: str, button: str, what: str) -> None:
        page = checker.page(persona)
        page.get_by_role("button", name=nl(button), exact=True).click()
        page.locator(".error-summary").wait_for()
        checker.check(persona, what)

    page = checker.page("anonymous")
    page.goto("/inloggen/")
    page.get_by_label(nl("Username"), exact=True).fill("niemand")
    page.get_by_label(nl("Password"), exact=True).fill("geen-wachtwoord")
    submit_and_check("anonymous", "Log in", "the login form with an error")

    page = checker.page("director")
    page.goto("/zaken/aanmelden/")
    submit_and_check("director", "Register", "the registration form with errors")

    page.goto(f"/huishoudens/{world.household.pk}/adres/")
    page.locator("input[name=postcode]").fill("1011AB")
    submit_and_check("director", "Save", "the household address form with errors")

    page.goto(f"/huishoudens/{world.household.pk}/personen/nieuw/")
    page.locator("input[name=email]").fill("geen e-mailadres")
    page.locator("input[name=bsn]").fill("123")
    submit_and_check("director", "Save", "the new person form with errors")
