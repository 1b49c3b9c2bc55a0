"""The demo's knowledge network, built on its own (the whole demo is in core/tests)."""

from __future__ import annotations

from wijkteam.core.demo.knowledgenetwork import NETWORK, demo_knowledge_network_build
from wijkteam.knowledgenetwork import selectors
from wijkteam.knowledgenetwork.models import Response, Round
from wijkteam.teams.tests.factories import UserFactory


def test_the_demo_network_has_a_closed_0_meting_and_an_open_1_meting(db):
    coordinator = UserFactory(username="kenniskring")
    for _time in range(2):  # a reload gives the same data
        demo_knowledge_network_build()
    round_0, round_1 = Round.objects.filter(network__name=NETWORK).order_by("number")
    assert not round_0.accepts_answers() and round_1.accepts_answers()
    assert Response.objects.filter(round=round_0, submitted_at__isnull=False).count() == 6
    assert Response.objects.filter(round=round_1, submitted_at__isnull=False).count() == 2
    assert Response.objects.filter(round=round_1, submitted_at__isnull=True).count() == 1
    rows = {row.round.name: row for row in selectors.round_rows(user=coordinator)}
    assert rows["1-meting"].own_response is None  # Haarlem's 1-meting is the persona's to do
    result = selectors.comparison_get(user=coordinator, round=round_1)
    stage = {o.option.letter: o.counts for o in result.questions[0].options}
    assert stage["d"] == [2, 2] and stage["a"] == [2, 0]
