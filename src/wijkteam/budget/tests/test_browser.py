"""The budget in a real browser: a request from the household page, approved by the team
coordinator on the budget page, without breaking the Content Security Policy."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from wijkteam.budget.models import SpendingRequest, SpendingStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def nl(text: str) -> str:
    with override("nl"):
        return gettext(text)


def test_request_from_the_household_page_and_approve_it(bud, page, login):
    violations: list[str] = []
    page.expose_function("reportViolation", lambda text: violations.append(text))
    page.add_init_script(LISTEN)
    login("regisseur")
    page.goto(reverse("households:detail", args=[bud.household.pk]))
    page.get_by_role("link", name=nl("Request from the custom-solutions budget")).click()
    page.get_by_label(nl("Amount in euros")).fill("0")
    page.get_by_label(nl("Purpose")).fill("Tweedehands koelkast")
    page.get_by_role("button", name=nl("Send the request")).click()
    page.wait_for_load_state()
    assert page.get_by_label(nl("Purpose")).input_value() == "Tweedehands koelkast"
    page.get_by_label(nl("Amount in euros")).fill("175,25")
    page.get_by_role("button", name=nl("Send the request")).click()
    page.wait_for_load_state()
    spending = SpendingRequest.objects.get()
    assert spending.status == SpendingStatus.REQUESTED

    page.context.clear_cookies()
    login("coordinator")
    page.goto(reverse("budget:detail", args=[bud.budget.pk]))
    page.get_by_role("button", name=nl("Approve"), exact=True).click()
    page.wait_for_load_state()
    spending.refresh_from_db()
    assert spending.status == SpendingStatus.APPROVED
    ledger = page.get_by_role("table", name=nl("Approved spending, oldest first"))
    # In the ledger for the coordinator: the amount, not the purpose (not on the case).
    assert "175,25" in ledger.inner_text()
    assert "Tweedehands koelkast" not in ledger.inner_text()
    assert violations == []
