"""Shared personas and places for every test.

The personas of the house style: a case director in team Schalkwijk 1, a colleague in the
same team, a member of team Oost 2 who must see nothing of Schalkwijk's households, and users
with no team (back office, policy advisor) who see no client data yet.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import factory.random
import pytest

from wijkteam.accounts.models import User
from wijkteam.areas.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    PostcodeRangeFactory,
    TeamAreaFactory,
)
from wijkteam.teams.models import Function, Membership, Team
from wijkteam.teams.tests.factories import MembershipFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _reproducible_names(request: pytest.FixtureRequest) -> None:
    """The factories draw the same names in a test on every run (Faker and factory_boy seeded
    by the test's id), so a test that passes keeps passing: names drawn anew each run once
    made a staff member share a client's first name that a test looked for, now and then."""
    factory.random.reseed_random(request.node.nodeid)


@dataclass
class World:
    schalkwijk: Team
    oost: Team
    director: Membership
    colleague: Membership
    cjg_coach: Membership
    outsider: Membership
    backoffice: User
    policy: User


@pytest.fixture
def world(db) -> World:
    """Haarlem with two teams: Schalkwijk 1 (postcodes 2035 AA–ZZ, 2036 AA–ZZ) and Oost 2
    (2033 AA–ZZ). A postcode like 1011 AB lies outside the municipality."""
    haarlem = MunicipalityFactory(name="Haarlem", code="0392")
    schalkwijk_area = TeamAreaFactory(
        municipality=haarlem, name="Schalkwijk 1", code="schalkwijk-1"
    )
    oost_area = TeamAreaFactory(municipality=haarlem, name="Oost 2", code="oost-2")
    boerhaave = NeighbourhoodFactory(
        area=schalkwijk_area, name="Boerhaavewijk", code="boerhaavewijk", population=6000
    )
    meerwijk = NeighbourhoodFactory(
        area=schalkwijk_area, name="Meerwijk", code="meerwijk", population=4000
    )
    parkwijk = NeighbourhoodFactory(
        area=oost_area, name="Parkwijk", code="parkwijk", population=5000
    )
    PostcodeRangeFactory(neighbourhood=boerhaave, pc4=2035)
    PostcodeRangeFactory(neighbourhood=meerwijk, pc4=2036)
    PostcodeRangeFactory(neighbourhood=parkwijk, pc4=2033)
    schalkwijk = TeamFactory(area=schalkwijk_area, name="Schalkwijk 1")
    oost = TeamFactory(area=oost_area, name="Oost 2")
    return World(
        schalkwijk=schalkwijk,
        oost=oost,
        director=MembershipFactory(
            team=schalkwijk,
            user=UserFactory(username="regisseur"),
            function=Function.SOCIAL_WORKER,
            fte="1.00",
        ),
        colleague=MembershipFactory(
            team=schalkwijk,
            user=UserFactory(username="collega"),
            function=Function.WORK_INCOME_DEBT,
        ),
        cjg_coach=MembershipFactory(
            team=schalkwijk,
            user=UserFactory(username="cjgcoach"),
            function=Function.CJG_COACH,
            is_expert=True,
            fte="0.20",
        ),
        outsider=MembershipFactory(team=oost, user=UserFactory(username="buitenstaander")),
        backoffice=UserFactory(username="backoffice"),
        policy=UserFactory(username="beleid"),
    )


@pytest.fixture
def english() -> Iterator[None]:
    """The messages in English (the source language), for tests that read them."""
    from django.utils import translation

    with translation.override("en"):
        yield


CHROMIUM = Path(os.environ.get("WIJKTEAM_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium driven by Playwright. A missing browser fails the test, loudly: browser
    tests run in CI, never silently skipped (`apt-get install chromium`)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `apt-get install chromium` "
            "or set WIJKTEAM_CHROMIUM.",
            pytrace=False,
        )
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this is deliberate.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A fresh browser page (own cookies) whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """``login(username)``: log in through the login form, as a person would.

    The labels are found through the catalogue, so the fixture follows the wording of the
    Dutch UI; a failed login stops the test at once instead of somewhere later.
    """
    from django.urls import reverse
    from django.utils.translation import gettext, override

    with override("nl"):
        username_label, password_label, button = (
            gettext("Username"),
            gettext("Password"),
            gettext("Log in"),
        )

    def _login(username: str, password: str = "test-password-123") -> None:
        page.goto(reverse("login"))
        page.get_by_label(username_label, exact=True).fill(username)
        page.get_by_label(password_label, exact=True).fill(password)
        page.get_by_role("button", name=button, exact=True).click()
        page.wait_for_load_state()
        if page.url.split("?")[0].endswith(reverse("login")):
            pytest.fail(f"Logging in as {username!r} failed", pytrace=False)

    return _login


SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "screens"


@pytest.fixture
def screenshot(page):
    """``screenshot(name)``: the whole page as <tmp>/screens/<name>.png, only when
    ``WIJKTEAM_SCREENSHOTS=1``, for a person to look at; never committed."""
    wanted = os.environ.get("WIJKTEAM_SCREENSHOTS") == "1"

    def _screenshot(name: str, locator=None) -> None:
        """The whole page, or only ``locator`` (a Playwright locator) when given."""
        if wanted:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            path = str(SCREENSHOT_DIR / f"{name}.png")
            if locator is not None:
                locator.screenshot(path=path)
            else:
                page.screenshot(path=path, full_page=True)

    return _screenshot
