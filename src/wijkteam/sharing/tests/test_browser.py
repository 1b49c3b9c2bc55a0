"""A refused transfer, the consent recorded on the household page, the transfer again: in a real
browser, in the Dutch UI (texts through the catalogue, as the casework browser tests do)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from wijkteam.cases.lifecycle import Status, TransferReason
from wijkteam.cases.models import Case
from wijkteam.sharing.models import Basis, Party, Purpose, SharingGround

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nl(text: object) -> str:
    with override("nl"):
        return gettext(text) if isinstance(text, str) else str(text)


def test_a_refused_transfer_then_consent_then_the_transfer(page, login, world, case, screenshot):
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login("regisseur")
    page.goto(reverse("cases:detail", args=[case.pk]))
    page.get_by_text(nl("Transfer"), exact=True).first.click()
    transfer = page.locator(f"form[action='{reverse('cases:transfer', args=[case.pk])}']")
    transfer.get_by_label(nl(TransferReason.SPECIALIST.label)).check()
    transfer.get_by_label(nl("Note")).fill("Naar de GGZ")
    transfer.get_by_role("button", name=nl("Transfer")).click()

    refusal = page.locator("form .message.error[role=alert]")
    expect(refusal).to_contain_text(nl(Party.SPECIALIST_CARE.label))
    expect(transfer.get_by_label(nl("Note"))).to_have_value("Naar de GGZ")
    assert Case.objects.get(pk=case.pk).status == Status.INTAKE
    screenshot("sharing-transfer-refused", transfer)

    refusal.get_by_role("link").click()
    section = page.locator("section[aria-labelledby=sharing-title]")
    section.get_by_text(nl("Record a ground for sharing"), exact=True).click()
    section.get_by_label(nl("With whom")).select_option(Party.SPECIALIST_CARE.value)
    section.get_by_label(nl("Purpose"), exact=True).select_option(Purpose.REFERRAL.value)
    section.get_by_label(nl(Basis.CONSENT.label), exact=True).check()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    section.get_by_label(nl("Consent given on")).fill(yesterday)
    section.get_by_label(nl("What may be shared")).fill("Het plan en de ZRM")
    section.get_by_role("button", name=nl("Record ground")).click()

    expect(page.locator("section[aria-labelledby=sharing-title] table")).to_contain_text(
        "Het plan en de ZRM"
    )
    assert SharingGround.objects.filter(household=case.household).count() == 1
    screenshot("sharing-household-section", section)

    page.goto(reverse("cases:detail", args=[case.pk]))
    page.get_by_text(nl("Transfer"), exact=True).first.click()
    transfer.get_by_label(nl(TransferReason.SPECIALIST.label)).check()
    transfer.get_by_role("button", name=nl("Transfer")).click()
    page.wait_for_load_state()
    assert Case.objects.get(pk=case.pk).status == Status.TRANSFERRED
    assert csp_errors == []
