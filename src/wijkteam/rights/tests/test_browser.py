"""The rights pages in a real browser: from the household page to a printable export, and
restricting processing, without breaking the Content Security Policy."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from wijkteam.rights.models import Restriction
from wijkteam.rights.tests.conftest import BSN, GIVEN_NAME, PARTNER_NAME, make_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def nl(text: str, **values: object) -> str:
    with override("nl"):
        translated = gettext(text)
    return translated % values if values else translated


def test_from_the_household_page_to_a_printable_export(world, page, login, tmp_path):
    file = make_file(world)
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    login("regisseur")
    page.goto(reverse("households:detail", args=[file.household.pk]))
    page.get_by_role(
        "link", name=nl("Rights and retention (AVG): export, restriction, erasure")
    ).click()
    page.get_by_role("link", name=f"{nl('page')} {GIVEN_NAME}", exact=False).first.click()
    page.wait_for_load_state()
    heading = nl("Overview of the data we hold about you")
    assert page.get_by_role("heading", name=heading, level=1).is_visible()
    assert page.get_by_text(BSN).is_visible()
    assert PARTNER_NAME not in page.content()
    back = page.get_by_role("link", name=nl("Download as JSON"))
    assert back.is_visible()
    page.emulate_media(media="print")
    assert not back.is_visible()  # the print style drops what is not the export
    pdf = page.pdf(path=str(tmp_path / "export.pdf"))
    assert pdf.startswith(b"%PDF")
    assert violations == []


def test_restricting_processing_from_the_rights_page(world, page, login):
    file = make_file(world)
    login("regisseur")
    page.goto(reverse("rights:household", args=[file.household.pk]))
    page.get_by_label(nl("Reason for the restriction")).fill("Bewoner betwist de juistheid")
    page.get_by_role("button", name=nl("Restrict processing")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=nl("Processing restricted")).is_visible()
    assert Restriction.objects.get().is_active
