"""Hand-made registrations for the signal tests: households in a neighbourhood whose case got a
theme on a given day, built straight from the factories (the detection reads only these rows)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.models import CaseTheme, Theme
from wijkteam.cases.tests.factories import CaseFactory, ThemeFactory
from wijkteam.community.models import (
    NeighbourhoodSignal,
    SignalDetection,
    SignalOrigin,
    SignalStatusChange,
)
from wijkteam.households.models import Household
from wijkteam.households.tests.factories import HouseholdFactory
from wijkteam.teams.models import Team

TODAY = date(2026, 3, 31)


def theme(code: str = "loneliness") -> Theme:
    """A theme of the default list (migration cases 0005), also where a transactional test
    flushed it."""
    return ThemeFactory(code=code)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def themed_households(
    neighbourhood: Neighbourhood,
    count: int,
    *,
    code: str = "loneliness",
    days_ago: int = 10,
    today: date = TODAY,
    **household: object,
) -> list[Household]:
    """``count`` households in ``neighbourhood`` whose case got theme ``code`` ``days_ago``
    days before ``today``."""
    household.setdefault("team", Team.objects.filter(area=neighbourhood.area).first())
    made = []
    for _ in range(count):
        home = HouseholdFactory(neighbourhood=neighbourhood, **household)
        case = CaseFactory(household=home, team=home.team)
        CaseTheme.objects.create(
            case=case,
            theme=theme(code),
            added_at=at(today - timedelta(days=days_ago)),
            added_by=case.registered_by,
        )
        made.append(home)
    return made


def detected_signal(
    *,
    team: Team,
    neighbourhood: Neighbourhood,
    households: int = 7,
    previous: int = 2,
    expected: float = 0.8,
    code: str = "loneliness",
) -> NeighbourhoodSignal:
    """A detected signal with one detection, as ``signals_detect`` writes it."""
    signal = NeighbourhoodSignal.objects.create(
        team=team, neighbourhood=neighbourhood, theme=theme(code), origin=SignalOrigin.DETECTED
    )
    SignalStatusChange.objects.create(signal=signal, to_status="new", by=None)
    SignalDetection.objects.create(
        signal=signal,
        period_start=TODAY - timedelta(days=90),
        period_end=TODAY,
        households=households,
        previous_households=previous,
        expected=expected,
        p_value=0.0001,
    )
    return signal
