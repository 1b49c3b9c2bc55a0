"""Shared makers for the collective-activity tests (no tests here): a community worker in
Schalkwijk 1, a theme, a detected signal and an activity, made through the services."""

from __future__ import annotations

from datetime import date

from wijkteam.community.models import (
    CollectiveActivity,
    NeighbourhoodSignal,
    SignalDetection,
    SignalOrigin,
)
from wijkteam.community.services.activities import activity_create
from wijkteam.community.tests.signal_world import theme
from wijkteam.teams.models import Function, Membership
from wijkteam.teams.tests.factories import MembershipFactory, UserFactory


def community_worker(world, username: str = "opbouwwerker") -> Membership:
    return MembershipFactory(
        team=world.schalkwijk,
        user=UserFactory(username=username),
        function=Function.COMMUNITY_WORKER,
    )


def signal(world, *, team=None, neighbourhood: str = "meerwijk") -> NeighbourhoodSignal:
    """A detected signal as the detection would leave it (counts at the threshold)."""
    team = team or world.schalkwijk
    made = NeighbourhoodSignal.objects.create(
        team=team,
        neighbourhood=team.area.neighbourhoods.get(code=neighbourhood)
        if neighbourhood
        else team.area.neighbourhoods.first(),
        theme=theme(),
        origin=SignalOrigin.DETECTED,
    )
    SignalDetection.objects.create(
        signal=made,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        households=6,
        previous_households=2,
        expected=2.1,
        p_value=0.01,
    )
    return made


def activity(world, actor, **changes) -> CollectiveActivity:
    values = {"team": world.schalkwijk, "kind": "group", "name": "Koffieochtend Meerwijk"}
    values.update(changes)
    return activity_create(actor=actor, **values)
