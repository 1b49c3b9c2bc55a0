"""Demo neighbourhood signals: one found by the detection, two filed.

Loneliness in Meerwijk (Schalkwijk 1, whose coordinator persona is its community worker): the
team's recent registrations from Meerwijk carry the theme, as the registrar would have chosen
it, and two anonymous walk-ins ("I live in Meerwijk and hardly see anyone"), answered with a
referral to the neighbourhood's coffee morning, come on top. Then the detection runs as cron
would, and raises the signal. A residents' initiative in Boerhaavewijk and a professional in
Oost 2 file the other two.

Deterministic: fixed days before today, fixed texts, cases chosen in a fixed order. Only two new
households, so the team stays within the demo's size.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from wijkteam.areas.models import Neighbourhood
from wijkteam.cases import services as cases
from wijkteam.cases.lifecycle import StopReason
from wijkteam.cases.models import Case, CaseTheme, Channel, Source, Theme
from wijkteam.community.detection import signals_detect
from wijkteam.community.models import ActivitySignal, NeighbourhoodSignal, SignalOrigin
from wijkteam.community.services.signals import signal_file
from wijkteam.teams.models import Function, Membership, Team

CLUSTER_TEAM = "Schalkwijk 1"
CLUSTER_NEIGHBOURHOOD = "meerwijk"
CLUSTER_THEME = "loneliness"
# How many of the team's recent Meerwijk cases get the theme, and the walk-ins on top (days ago).
TAGGED_CASES = 4
WALK_INS = (19, 47)
WALK_IN_QUESTION = (
    "Woont alleen in de buurt en ziet bijna niemand meer; wil graag mensen ontmoeten."
)


def _moment(days_ago: int, hour: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def demo_signals_wipe(*, team_names: list[str]) -> None:
    signals = NeighbourhoodSignal.objects.filter(team__name__in=team_names)
    ActivitySignal.objects.filter(signal__in=signals).delete()
    signals.delete()


def demo_signals_build(*, team_names: list[str] | None = None) -> int:
    """The demo's signals; returns how many signals there are afterwards."""
    import time_machine  # a development dependency, as in casework

    from wijkteam.core.demo.haarlem import TEAM_NAMES

    team_names = list(team_names or TEAM_NAMES)
    demo_signals_wipe(team_names=team_names)
    team = Team.objects.get(name=CLUSTER_TEAM)
    meerwijk = Neighbourhood.objects.get(area=team.area, code=CLUSTER_NEIGHBOURHOOD)
    loneliness = Theme.objects.get(code=CLUSTER_THEME)
    since = timezone.now() - timedelta(days=settings.WIJKTEAM_SIGNAL_PERIOD_DAYS - 2)
    recent = Case.objects.filter(
        team=team, household__neighbourhood=meerwijk, registered_at__gte=since
    ).order_by("-registered_at", "-pk")[:TAGGED_CASES]
    for case in recent:
        CaseTheme.objects.get_or_create(
            case=case,
            theme=loneliness,
            defaults={"added_at": case.registered_at, "added_by_id": case.registered_by_id},
        )
    registrar = Membership.objects.get(
        team=team, function=Function.SOCIAL_WORKER, is_active=True, is_expert=False
    ).user
    postcode_range = meerwijk.postcode_ranges.order_by("pc4", "letters_from").first()
    for days_ago in WALK_INS:
        with time_machine.travel(_moment(days_ago, 10), tick=False):
            case = cases.registration_create(
                actor=registrar,
                question=WALK_IN_QUESTION,
                source=Source.RESIDENT,
                channel=Channel.WALK_IN,
                domains=["social_network"],
                postcode=f"{postcode_range.pc4}{postcode_range.letters_from}",
                confirm_new=True,
            )
            CaseTheme.objects.create(
                case=case, theme=loneliness, added_at=timezone.now(), added_by=registrar
            )
        with time_machine.travel(_moment(days_ago, 11), tick=False):
            cases.case_stop(
                actor=registrar,
                case=case,
                expected_version=case.version,
                reason=StopReason.ANSWERED,
                note="Verwezen naar de koffieochtend in het buurthuis.",
            )
    signals_detect()
    _filed_signals()
    return NeighbourhoodSignal.objects.filter(team__name__in=team_names).count()


def _filed_signals() -> None:
    coordinator = Membership.objects.get(
        team__name=CLUSTER_TEAM, user__username="coordinator", is_active=True
    ).user
    schalkwijk = Team.objects.get(name=CLUSTER_TEAM)
    signal_file(
        actor=coordinator,
        neighbourhood=schalkwijk.area.neighbourhoods.exclude(code=CLUSTER_NEIGHBOURHOOD)
        .order_by("code")
        .first(),
        theme=Theme.objects.filter(code="youth-nuisance", is_active=True).first(),
        origin=SignalOrigin.RESIDENTS_INITIATIVE,
        reported_by="Bewonersgroep Speelveld (demo)",
        description=(
            "Jongeren hangen 's avonds rond bij het speelveld en er is weinig te doen voor ze; "
            "de bewonersgroep wil samen iets opzetten."
        ),
    )
    oost = Membership.objects.get(team__name="Oost 2", user__username="oost2", is_active=True)
    signal_file(
        actor=oost.user,
        neighbourhood=oost.team.area.neighbourhoods.order_by("code").first(),
        theme=Theme.objects.filter(code="poor-housing-maintenance", is_active=True).first(),
        origin=SignalOrigin.PROFESSIONAL,
        description=(
            "Bij huisbezoeken in de portiekflats zien we vaak vocht en schimmel; "
            "meerdere gezinnen zeggen dat de verhuurder niet reageert."
        ),
    )
