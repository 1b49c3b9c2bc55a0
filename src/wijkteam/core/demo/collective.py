"""The demo's collective activities (issue 5): what community work does about the signals.

Schalkwijk 1's community worker (the ``coordinator`` persona) runs a coffee morning in Meerwijk
that answers the demo's detected loneliness signal when there is one (``core.demo.signals``),
uses the team area's neighbourhood centre on the social map, and has weekly participation
counts; six plan actions of the team's open cases join it at step 2, so its route count is at
the disclosure threshold and shown. Three more activities show the other kinds. Run after the
social map is loaded (``load_demo``): the activities link its provisions. Fixed data, so a
second run gives the same rows.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.areas.models import Neighbourhood
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, Theme
from wijkteam.community.models import (
    ActivityStatus,
    CollectiveActivity,
    NeighbourhoodSignal,
    Participation,
    SignalStatus,
)
from wijkteam.community.services.activities import activity_create, activity_end
from wijkteam.core.demo.socialmap import CENTRES
from wijkteam.plans.models import Action, Performer
from wijkteam.socialmap.models import Provision
from wijkteam.teams.models import Team

COFFEE_MORNING = "Koffieochtend Meerwijk"
# Plan actions of Schalkwijk 1's open cases that join the coffee morning (step 2).
COFFEE_ACTIONS = 6
COFFEE_ACTION = "Naar de koffieochtend in het buurtcentrum"
# (team, community worker, kind, name, description, neighbourhood code, theme code, weeks of
# participation as (participants, of whom new, volunteers), ended with outcome)
ACTIVITIES = (
    (
        "Schalkwijk 1",
        "coordinator",
        "group",
        COFFEE_MORNING,
        "Elke dinsdag koffie in het buurtcentrum, voor wie weinig mensen ziet.",
        "meerwijk",
        "loneliness",
        ((8, 8, 2), (11, 4, 2), (12, 2, 3), (14, 3, 3)),
        "",
    ),
    (
        "Schalkwijk 1",
        "coordinator",
        "municipality_request",
        "Verzoek: verlichting wandelpad Meerwijk",
        "Ouderen blijven 's avonds thuis omdat het pad naar het buurtcentrum donker is. "
        "Gevraagd: verlichting langs het pad.",
        "meerwijk",
        "loneliness",
        (),
        "",
    ),
    (
        "Oost 2",
        "oost-2.ow",
        "volunteer_initiative",
        "Taalmaatjes Parkwijk",
        "Vrijwilligers oefenen wekelijks Nederlands met buurtbewoners.",
        "",
        "",
        ((6, 6, 4), (7, 1, 4)),
        "",
    ),
    (
        "Schalkwijk 2",
        "schalkwijk-2.ow",
        "activity",
        "Buurtmaaltijd Europawijk",
        "Samen koken en eten, eens per maand.",
        "",
        "",
        ((20, 20, 5), (24, 6, 5), (18, 2, 4)),
        "partly",
    ),
)


def demo_collective_wipe(*, team_names: list[str]) -> None:
    """Remove the demo teams' activities (their participation and signal links go with them);
    run after the demo's cases are gone, whose plan actions pointed to them."""
    CollectiveActivity.objects.filter(team__name__in=team_names).delete()


def _centre(team: Team) -> list[Provision]:
    names = [name for area, name, _address in CENTRES if area == team.area.code]
    return list(Provision.objects.filter(name__in=names, is_active=True))


@transaction.atomic
def demo_collective_build(*, team_names: list[str]) -> int:
    """Build the demo's activities; the number made."""
    demo_collective_wipe(team_names=team_names)
    teams = {team.name: team for team in Team.objects.filter(name__in=team_names)}
    today = timezone.localdate()
    made = 0
    for (
        team_name,
        username,
        kind,
        name,
        description,
        neighbourhood,
        theme,
        weeks,
        outcome,
    ) in ACTIVITIES:
        team = teams.get(team_name)
        worker = User.objects.filter(username=username).first()
        if team is None or worker is None:
            continue
        places = list(Neighbourhood.objects.filter(area=team.area, code=neighbourhood))
        themes = list(Theme.objects.filter(code=theme))
        signals = list(
            NeighbourhoodSignal.objects.filter(
                team=team, neighbourhood__in=places, theme__in=themes
            ).exclude(status=SignalStatus.CLOSED)[:1]
        )
        start = today - timedelta(weeks=len(weeks) + 1)
        activity = activity_create(
            actor=worker,
            team=team,
            kind=kind,
            name=name,
            description=description,
            neighbourhoods=places,
            themes=themes,
            signals=signals if kind == "group" else [],
            provisions=_centre(team) if kind != "municipality_request" else [],
            starts_on=start if weeks else None,
        )
        for number, (participants, new, volunteers) in enumerate(weeks, start=1):
            Participation.objects.create(
                activity=activity,
                on=start + timedelta(weeks=number),
                participants=participants,
                new_participants=new,
                volunteers=volunteers,
                recorded_by=worker,
            )
        if weeks:
            CollectiveActivity.objects.filter(pk=activity.pk).update(status=ActivityStatus.RUNNING)
            activity.refresh_from_db()
        if outcome:
            activity_end(
                actor=worker,
                activity=activity,
                outcome=outcome,
                outcome_note="Vaste groep van zo'n twintig; nieuwe mensen bleven weg.",
                ends_on=today,
                expected_version=activity.version,
            )
        if name == COFFEE_MORNING:
            _actions_join(activity, team)
        made += 1
    return made


def _actions_join(activity: CollectiveActivity, team: Team) -> None:
    """Plan actions at step 2 in the first cases of the team with a plan, by their directors
    (active plans first, then plans still being drawn up at the intake)."""
    cases = (
        Case.objects.filter(
            team=team, status__in=[Status.PLAN_ACTIVE, Status.INTAKE], director__isnull=False
        )
        .select_related("director__user", "plan")
        .order_by("-status", "pk")  # plan_active before intake
    )
    joined = 0
    for case in cases:
        goal = case.plan.goals.order_by("pk").first() if hasattr(case, "plan") else None
        if goal is None:
            continue
        Action.objects.create(
            goal=goal,
            description=COFFEE_ACTION,
            step=2,
            performer=Performer.VOLUNTEER_ORGANISATION,
            performer_name=COFFEE_MORNING,
            step_reason="Weinig contacten; samen met anderen in de buurt.",
            collective_activity=activity,
            created_by=case.director.user,
        )
        joined += 1
        if joined == COFFEE_ACTIONS:
            return
