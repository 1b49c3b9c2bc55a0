"""Two approvals at the same moment cannot overspend the budget.

Two requests that each fit the budget but together do not are approved at once, by the team
coordinator and by the municipality, from two threads with their own database connections,
released together by a barrier. On PostgreSQL the second approval blocks on the first's lock of
the budget row (``select_for_update``) and then adds up the committed total; on SQLite the
``BEGIN IMMEDIATE`` transactions do the same. Exactly one wins; the other gets
``budget_exceeded``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkteam.budget import services
from wijkteam.budget.models import SpendingRequest, SpendingStatus
from wijkteam.cases.tests.test_concurrency import ROUNDS, race, split
from wijkteam.core.errors import ConflictError

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _approve(actor, pk: int):
    spending = SpendingRequest.objects.get(pk=pk)
    return services.spending_request_approve(
        actor=actor, request=spending, expected_version=spending.version
    )


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_approvals_at_once_cannot_overspend_the_budget(bud, round_):
    within = bud.request("300")  # the coordinator's
    above = bud.request("800")  # the municipality's; 300 + 800 > 1000

    results = race(
        lambda: _approve(bud.coordinator, within.pk),
        lambda: _approve(bud.municipality, above.pk),
    )

    won, lost = split(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError), repr(lost[0])
    assert lost[0].code == "budget_exceeded"
    statuses = dict(SpendingRequest.objects.values_list("pk", "status"))
    assert sorted(statuses.values()) == [SpendingStatus.APPROVED, SpendingStatus.REQUESTED]
    assert services.approved_total(budget=bud.budget) <= Decimal("1000")
    assert services.approved_total(budget=bud.budget) == won[0].amount


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_many_small_approvals_at_once_stop_at_the_budget(bud, round_):
    requests = [bud.request("300") for _ in range(4)]  # 1200 asked of 1000

    results = race(*[lambda pk=spending.pk: _approve(bud.coordinator, pk) for spending in requests])

    won, lost = split(results)
    assert len(won) == 3 and len(lost) == 1, results
    assert all(getattr(error, "code", None) == "budget_exceeded" for error in lost), lost
    assert services.approved_total(budget=bud.budget) == Decimal("900")


def test_the_approval_locks_the_budget_row(bud):
    spending = bud.request("100")
    with CaptureQueriesContext(connection) as queries:
        _approve(bud.coordinator, spending.pk)
    sql = [query["sql"] for query in queries if "budget_teambudget" in query["sql"]]
    if connection.vendor == "postgresql":
        assert any("FOR UPDATE" in statement for statement in sql), sql
    else:
        # SQLite has no row locks: every write transaction starts IMMEDIATE (settings), so a
        # second approval waits for the first to commit.
        assert connection.vendor == "sqlite"
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
