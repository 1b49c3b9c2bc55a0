"""The demo's signals: the detection finds loneliness in Meerwijk for Schalkwijk 1, whose
coordinator persona is its community worker, and two filed signals sit beside it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from wijkteam.community.models import NeighbourhoodSignal, SignalOrigin
from wijkteam.community.roles import may_work_on


@pytest.mark.slow
def test_the_demo_has_a_detected_and_two_filed_signals(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    detected = NeighbourhoodSignal.objects.get(origin=SignalOrigin.DETECTED)
    assert (detected.team.name, detected.neighbourhood.code, detected.theme.code) == (
        "Schalkwijk 1",
        "meerwijk",
        "loneliness",
    )
    assert detected.detections.get().households >= settings.WIJKTEAM_DISCLOSURE_THRESHOLD
    from wijkteam.accounts.models import User

    assert may_work_on(user=User.objects.get(username="coordinator"), team=detected.team)
    filed = NeighbourhoodSignal.objects.exclude(origin=SignalOrigin.DETECTED)
    assert sorted(filed.values_list("origin", flat=True)) == [
        "professional",
        "residents_initiative",
    ]
    # Loading again gives the same signals, not twice as many.
    call_command("load_demo", stdout=io.StringIO())
    assert NeighbourhoodSignal.objects.count() == 3
