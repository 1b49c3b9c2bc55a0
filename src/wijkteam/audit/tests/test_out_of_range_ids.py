"""An id beyond 64 bits, in a URL or a request body, is a 404 like any unknown id, and its read is
logged as not found (found by the API fuzz test: it was a 500, the log's column overflowed)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from wijkteam.audit.models import AccessLogEntry, LogResult
from wijkteam.audit.tests.conftest import token_client
from wijkteam.budget.models import TeamBudget

TOO_BIG = 2**64


def test_household_with_an_id_beyond_64_bits_is_not_found(world):
    client = token_client(world.director.user)
    response = client.get(f"/api/households/{TOO_BIG}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry.event == "household_viewed"
    assert entry.result == LogResult.NOT_FOUND
    assert entry.object_id is None and entry.household_id is None


def test_spending_request_for_a_household_id_beyond_64_bits_is_not_found(world):
    TeamBudget.objects.create(
        team=world.schalkwijk,
        year=timezone.localdate().year,
        amount=Decimal("1000"),
        coordinator_limit=Decimal("100"),
        set_by=world.director.user,
    )
    client = token_client(world.director.user)
    response = client.post(
        "/api/spending-requests/",
        {"household": TOO_BIG, "amount": "10.00", "purpose": "Fiets"},
        format="json",
    )
    assert response.status_code == 404
