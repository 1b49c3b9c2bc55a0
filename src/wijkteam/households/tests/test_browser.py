"""The household page in a real browser: what another team's member gets to see of it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from wijkteam.cases.services import PersonInput, registration_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nl(text: str) -> str:
    with override("nl"):
        return gettext(text)


def test_another_teams_member_gets_the_dutch_404_and_nothing_of_the_household(
    world, page, login, screenshot
):
    case = registration_create(
        actor=world.director.user,
        question="Schulden bij de energieleverancier.",
        postcode="2035 AB",
        house_number=41,
        street="Floris van Adrichemlaan",
        city="Haarlem",
        person=PersonInput(
            given_name="Noor", family_name="Buitenzicht", bsn="999999990", phone="0612345678"
        ),
    )
    household = case.household
    login(world.outsider.user.username)

    for url in (
        reverse("households:detail", args=[household.pk]),
        reverse("cases:detail", args=[case.pk]),
    ):
        response = page.goto(url)
        assert response.status == 404, url
        assert page.locator("h1").inner_text().strip() == nl("Page not found")
        assert "Pagina niet gevonden" in page.title()  # Dutch, not Django's English page
        assert nl("This page does not exist, or you do not have access to it.") in (
            page.locator("main").inner_text()
        )
        html = page.content()
        for secret in (
            household.reference,
            case.reference,
            "Buitenzicht",
            "Floris van Adrichemlaan",
            "2035",
            "999999990",
            "0612345678",
            "energieleverancier",
            "Schalkwijk",
        ):
            assert secret not in html, (url, secret)
    screenshot("12-outsider-404")

    # The same address for the member of the household's own team: the page is there.
    page.context.clear_cookies()
    login(world.colleague.user.username)
    page.goto(reverse("households:detail", args=[household.pk]))
    assert household.reference in page.locator("h1").inner_text()
    assert "Noor Buitenzicht" in page.locator("main").inner_text()
