"""Two back-office consultants decide on the same advice at the same moment, each on the
version they saw: exactly one decision wins, the other gets 409 ``stale_version``. The advice
row is locked (``select_for_update``) before its version is checked, so on PostgreSQL the second
waits for the first to commit and then sees the new version; SQLite's ``BEGIN IMMEDIATE``
serialises the two the same way."""

from __future__ import annotations

import pytest

from wijkteam.backoffice import services
from wijkteam.backoffice.models import Advice, AdviceDecision
from wijkteam.cases.tests.test_concurrency import ROUNDS, race, split
from wijkteam.core.errors import ConflictError

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_decisions_at_once_one_wins(bo, round_):
    advice = bo.advice()
    seen = advice.version

    def decide(actor, outcome):
        return services.advice_decide(
            actor=actor,
            advice=Advice.objects.get(pk=advice.pk),
            outcome=outcome,
            reason="Besluit",
            expected_version=seen,
        )

    results = race(
        lambda: decide(bo.consultant, "granted"), lambda: decide(bo.colleague, "refused")
    )

    won, lost = split(results)
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], ConflictError) and lost[0].code == "stale_version", lost
    decisions = list(AdviceDecision.objects.filter(advice_id=advice.pk))
    assert len(decisions) == 1 and decisions[0].is_current
    assert Advice.objects.get(pk=advice.pk).status == won[0].outcome
