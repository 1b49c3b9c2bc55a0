"""The resident's own view in a real browser, and what withdrawing consent does for the team.

The resident logs in (locally, as the demo does instead of DigiD), reads their plan, goals,
actions, ZRM, their case director and how to reach them, who looked at their file, and
withdraws their consent to share with specialist care. Then the case director tries to transfer
the case to specialist care and is refused, with the reason: the consent was withdrawn.
Texts are looked up in the Dutch catalogue, as the user reads them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from wijkteam.audit.context import access_context
from wijkteam.audit.models import LogChannel
from wijkteam.cases.lifecycle import Status, TransferReason
from wijkteam.cases.selectors import case_get
from wijkteam.core.domains import LifeDomain
from wijkteam.sharing.models import SharingGround

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def nl(text: object) -> str:
    with override("nl"):
        return gettext(text) if isinstance(text, str) else str(text)


def menu(page, text: str):
    return page.get_by_role("navigation").get_by_role("link", name=nl(text), exact=True)


def test_resident_reads_their_file_withdraws_consent_and_the_transfer_is_refused(
    world, residents, page, login, screenshot
):
    world.schalkwijk.phone, world.schalkwijk.email = "023 000 0101", "team@wijkteam.example.org"
    world.schalkwijk.save()
    director = world.director.user
    with access_context(channel=LogChannel.UI, actor=director):
        case_get(user=director, pk=residents.case.pk)  # the director opened the file earlier
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)

    # The resident logs in and lands on their plan.
    login(residents.user.username)
    expect(page).to_have_url(re.compile(re.escape(reverse("residents:overview")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("My plan"))
    screenshot("resident-1-plan")
    main = page.locator("main")
    for text in (
        "Rust in de schulden",
        "Een rustig huis",
        "Met de buurvrouw boodschappen doen",
        "Buurvrouw Els",
        director.get_full_name(),
    ):
        expect(main).to_contain_text(text)
    director_section = page.get_by_role("region", name=nl("Your case director"))
    expect(director_section.get_by_role("link", name="023 000 0101")).to_have_attribute(
        "href", "tel:0230000101"
    )
    expect(
        director_section.get_by_role("link", name="team@wijkteam.example.org")
    ).to_have_attribute("href", "mailto:team@wijkteam.example.org")

    # How it is going: the ZRM series, as a chart and as numbers.
    menu(page, "How it is going").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("How it is going"))
    expect(page.locator(".zrm-panel figcaption").first).to_contain_text(
        nl(LifeDomain.FINANCES.label)
    )
    expect(page.locator(".zrm-panel svg circle.zrm-point")).to_have_count(4)
    screenshot("resident-2-zrm")

    # Who looked at my file: the director, by name; not the resident's own visits.
    menu(page, "Who looked at my file").click()
    looks = page.locator(".file-looks")
    expect(looks).to_contain_text(director.get_full_name())
    expect(looks).to_contain_text(nl("Looked at your case"))
    expect(looks).not_to_contain_text(residents.user.get_full_name())
    screenshot("resident-3-file-looks")

    # My permissions: withdraw the consent to refer to specialist care.
    menu(page, "My permissions").click()
    page.get_by_role(
        "link", name=re.compile("^" + re.escape(nl("Withdraw this permission")))
    ).click()
    screenshot("resident-4a-withdraw")
    page.get_by_role("button", name=nl("Yes, withdraw my permission")).click()
    expect(page.locator(".messages")).to_contain_text(
        nl(
            "Your permission has been withdrawn. From now on the team may not share this "
            "information on the basis of it."
        )
    )
    expect(page.get_by_role("region", name=nl("Permissions that have ended"))).to_be_visible()
    screenshot("resident-4b-withdrawn")
    consent = SharingGround.objects.get(pk=residents.consent.pk)
    assert consent.withdrawn_by == residents.user
    assert not violations, violations

    # The case director tries to transfer the case to specialist care.
    page.get_by_role("button", name=nl("Log out")).click()
    login(director.username)
    page.goto(reverse("cases:detail", args=[residents.case.pk]))
    page.get_by_text(nl("Transfer"), exact=True).first.click()
    page.get_by_role("radio", name=nl(TransferReason.SPECIALIST.label), exact=True).check()
    page.get_by_role("button", name=nl("Transfer"), exact=True).click()

    with override("nl"):
        withdrawn_on = formats.date_format(
            timezone.localtime(consent.withdrawn_at).date(), "SHORT_DATE_FORMAT"
        )
    # The refusal next to the transfer form: why (with the date) and what to do.
    alert = page.locator(".message.error[role=alert]").filter(has_text=withdrawn_on)
    expect(alert).to_be_visible()
    screenshot("resident-5-transfer-refused")
    expect(alert).to_contain_text(nl("Record a ground for sharing on the household page"))
    residents.case.refresh_from_db()
    assert residents.case.status == Status.PLAN_ACTIVE
    assert not violations, violations
